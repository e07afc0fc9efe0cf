import ArgumentParser
import ExhibitKit

/// `exhibit redact REF... --policy P (--preview | --out DIR)`.
struct RedactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact", abstract: "Preview, or produce, what a sharing policy lets travel from exhibits.",
        discussion: "With no REF, every exhibit of the case. --out writes the files and redactions.json to a new folder.")

    @Argument(help: "Exhibit references (default: all).") var refs: [String] = []
    @Option(help: "A shipped policy id or a policy file.") var policy: String
    @Flag(help: "Show what would be done; write nothing.") var preview = false
    @Option(help: "A new folder for the redacted files and redactions.json.") var out: String?
    @Option(help: "With --preview: write a self-contained review page (pictures with the boxes to burn) to this new HTML file.")
    var review: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard preview != (out != nil) else { throw ValidationError("give either --preview or --out DIR (not both)") }
        if review != nil, !preview { throw ValidationError("--review goes with --preview") }
    }

    func run() throws {
        let loaded = try PolicyCatalog.load(policy)
        let outcome: RedactionOutcome
        if let out {
            let context = try change.context()
            outcome = try RedactExhibits.produce(
                context.store, refs: refs, policy: loaded, output: out, signer: context.signer, actor: context.actor)
        } else {
            outcome = try RedactExhibits.preview(try change.store.open(), refs: refs, policy: loaded, review: review)
        }
        if output.json { return try Console.json(outcome) }
        print("Policy \(loaded.id) \(loaded.version): \(loaded.title)")
        print("  \(loaded.from.rawValue) -> \(loaded.to.rawValue), \(loaded.protectiveMarking), sha256 \(loaded.sha256)")
        for item in outcome.items {
            var line = "\(item.ref)  \(item.file)  \(item.mediaType)  \(item.treatment.rawValue)"
            if let reason = item.reason { line += ": \(reason)" }
            print(line)
            for (rule, count) in item.rules.sorted(by: { $0.key < $1.key }) {
                print("    \(rule): \(count)")
                for sample in item.samples[rule] ?? [] { print("        \(sample)") }
            }
            for finding in item.findings ?? [] {
                let page = item.mediaType.hasPrefix("image/") ? "" : "page \(finding.page): "
                print("    found \(page)\(finding.rule) at \(finding.box) (confidence \(finding.confidence))")
            }
            if let check = item.check {
                print("    read back: \(check.words) words in \(check.areas) area(s), \(check.findings) finding(s)")
            }
        }
        if let review { print("Wrote the review page \(review) (it shows the unredacted pictures: do not share it)") }
        if let out, let entry = outcome.entry {
            print("Wrote \(out) with redactions.json; recorded as ledger entry \(entry)")
        }
    }
}
