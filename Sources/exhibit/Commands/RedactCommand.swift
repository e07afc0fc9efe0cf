import ArgumentParser
import ExhibitKit

/// `exhibit redact REF... --policy P (--preview | --out DIR)`.
struct RedactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact", abstract: "Preview, or produce, what a sharing policy lets travel from exhibits.",
        discussion: "With no REF, every exhibit of the case. --out writes the files and redactions.json to a new folder.")

    @Argument(help: "Exhibit references (default: all).", completion: Completions.exhibitRef) var refs: [String] = []
    @Option(help: "A shipped policy id or a policy file.", completion: Completions.policy) var policy: String
    @Flag(help: "Show what would be done; write nothing.") var preview = false
    @Option(help: "A new folder for the redacted files and redactions.json.", completion: Completions.folder) var out: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard preview != (out != nil) else { throw ValidationError("give either --preview or --out DIR (not both)") }
    }

    func run() throws {
        let loaded = try PolicyCatalog.load(policy)
        let outcome: RedactionOutcome
        if let out {
            let context = try change.context()
            outcome = try RedactExhibits.produce(
                context.store, refs: refs, policy: loaded, output: out, signer: context.signer, actor: context.actor)
        } else {
            outcome = try RedactExhibits.preview(try change.store.open(), refs: refs, policy: loaded)
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
        }
        if let out, let entry = outcome.entry {
            print("Wrote \(out) with redactions.json; recorded as ledger entry \(entry)")
        }
    }
}
