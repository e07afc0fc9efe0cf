import ArgumentParser
import ExhibitCore
import ExhibitKit

/// `exhibit export --policy P --to PARTNER --purpose TEXT --out FILE.exhibit`.
struct ExportCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Build a signed bundle, encrypted to a partner, of what a sharing policy lets travel.")

    @Option(help: "A shipped policy id or a policy file.", completion: Completions.policy) var policy: String
    @Option(help: "The partner's id (exhibit partners list).", completion: Completions.partnerID) var to: String
    @Option(help: "An exhibit to include (repeat; default: all).", completion: Completions.exhibitRef) var ref: [String] = []
    @Option(help: "Why it is shared.") var purpose: String
    @Option(help: "The bundle file to create, e.g. CRN-13-123456-26.exhibit.", completion: Completions.bundle) var out: String
    @OptionGroup var change: ChangeOptions
    @OptionGroup var feedback: FeedbackOptions
    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let loaded = try context.policy(policy)
        let writing = try change.writing(context)
        let progress = feedback.reporter("encrypting", context: context)
        let result = try ExportBundle.run(
            writing.store, policy: loaded, partnerID: to, refs: ref, purpose: purpose, output: context.path(out),
            signer: writing.signer, actor: writing.actor, progress: progress.bytes)
        progress.finish()
        if let warning = result.timestampWarning {
            context.note("warning: \(warning); the checkpoint waits for a token (exhibit timestamp)")
        }
        if output.json { return try context.json(result) }
        context.print("Exported bundle \(result.bundleID) to \(result.file) for \(result.partner)")
        context.print("  \(result.items) items under \(result.policy.id) \(result.policy.version); \(result.shared) files travel")
        context.print("  \(Console.bytes(result.bytes)), sha256 \(result.sha256); recorded as ledger entry \(result.entry)")
        if let stamp = result.timestamp { context.print("  checkpoint timestamped by \(stamp.authority) at \(stamp.time)") }
    }
}
