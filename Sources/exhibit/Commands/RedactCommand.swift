import ArgumentParser
import ExhibitCore
import ExhibitKit

/// `exhibit redact REF... --policy P (--preview | --out DIR)`.
struct RedactCommand: ExhibitCommand {
    /// Lists a file's unregistered names and judged homonyms: name, line, count and context.
    private func printPeople(_ people: [PersonSighting], _ context: CommandContext) {
        let headings: [(PersonSighting.Kind, String)] = [
            (.unregistered, "unregistered people (not in the case's parties)"),
            (.ambiguousRedacted, "ambiguous names, redacted as names"),
            (.ambiguousKept, "ambiguous names, kept as ordinary words"),
        ]
        for (kind, heading) in headings {
            let listed = people.filter { $0.kind == kind }
            guard !listed.isEmpty else { continue }
            context.print("    \(heading):")
            for person in listed {
                context.print("        \(person.name)  line \(person.line)  x\(person.count)  \(person.context)")
            }
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "redact", abstract: "Preview, or produce, what a sharing policy lets travel from exhibits.",
        discussion: "With no REF, every exhibit of the case. --out writes the files and redactions.json to a new folder.")

    @Argument(help: "Exhibit references (default: all).", completion: Completions.exhibitRef) var refs: [String] = []
    @Option(help: "A shipped policy id or a policy file.", completion: Completions.policy) var policy: String
    @Flag(help: "Show what would be done; write nothing.") var preview = false
    @Option(help: "A new folder for the redacted files and redactions.json.", completion: Completions.folder) var out: String?
    @Option(help: "Why the exhibits are consulted (recorded with --preview when the case records consultation).")
    var reason: String?
    @Option(
        help: "With --preview: write a self-contained review page (pictures with the boxes to burn) to this new HTML file.",
        completion: .file(extensions: ["html"]))
    var review: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var feedback: FeedbackOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard preview != (out != nil) else { throw ValidationError("give either --preview or --out DIR (not both)") }
        if review != nil, !preview { throw ValidationError("--review goes with --preview") }
    }

    func run(_ context: CommandContext) throws {
        let loaded = try context.policy(policy)
        let outcome: RedactionOutcome
        if let out {
            let writing = try change.writing(context)
            let progress = feedback.reporter("redacting", context: context)
            outcome = try RedactExhibits.produce(
                writing.store, refs: refs, policy: loaded, output: context.path(out), signer: writing.signer,
                actor: writing.actor,
                progress: progress.bytes)
            progress.finish()
        } else {
            let store = try change.store.open(context)
            let consulted = try Consultation.consult(
                store, command: "redact --preview", exhibits: refs, reason: reason,
                credentials: { (try change.signing.signer(for: store, context), try change.actor.resolve(for: store, context)) },
                body: { try RedactExhibits.preview(store, refs: refs, policy: loaded, review: context.path(review)) })
            outcome = consulted.value
            if let entry = consulted.entry { context.note("consultation recorded as ledger entry \(entry.sequence)") }
        }
        if output.json { return try context.json(outcome) }
        context.print("Policy \(loaded.id) \(loaded.version): \(loaded.title)")
        context.print("  \(loaded.from.rawValue) -> \(loaded.to.rawValue), \(loaded.protectiveMarking), sha256 \(loaded.sha256)")
        for item in outcome.items {
            var line = "\(item.ref)  \(item.file)  \(item.mediaType)  \(item.treatment.rawValue)"
            if let reason = item.reason { line += ": \(reason)" }
            context.print(line)
            for (rule, count) in item.rules.sorted(by: { $0.key < $1.key }) {
                context.print("    \(rule): \(count)")
                for sample in item.samples[rule] ?? [] { context.print("        \(sample)") }
            }
            for finding in item.findings ?? [] {
                let page = item.mediaType.hasPrefix("image/") ? "" : "page \(finding.page): "
                print("    found \(page)\(finding.rule) at \(finding.box) (confidence \(finding.confidence))")
            }
            if let check = item.check {
                print("    read back: \(check.words) words in \(check.areas) area(s), \(check.findings) finding(s)")
            }
            printPeople(item.people ?? [], context)
        }
        if outcome.items.contains(where: { $0.people?.contains { $0.kind == .unregistered } ?? false }) {
            print("Register each unregistered person with: exhibit party add --name NAME --role ROLE")
        }
        if let review { print("Wrote the review page \(review) (it shows the unredacted pictures: do not share it)") }
        if let out, let entry = outcome.entry {
            context.print("Wrote \(out) with redactions.json; recorded as ledger entry \(entry)")
        }
    }
}
