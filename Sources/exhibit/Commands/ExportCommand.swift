import ArgumentParser
import ExhibitKit

/// `exhibit export --policy P --to PARTNER --purpose TEXT --out FILE.exhibit`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Build a signed bundle, encrypted to a partner, of what a sharing policy lets travel.")

    @Option(help: "A shipped policy id or a policy file.", completion: Completions.policy) var policy: String
    @Option(help: "The partner's id (exhibit partners list).", completion: Completions.partnerID) var to: String
    @Option(help: "An exhibit to include (repeat; default: all).", completion: Completions.exhibitRef) var ref: [String] = []
    @Option(help: "Why it is shared.") var purpose: String
    @Option(help: "The bundle file to create, e.g. CRN-13-123456-26.exhibit.", completion: Completions.bundle) var out: String
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let loaded = try PolicyCatalog.load(policy)
        let context = try change.context()
        let result = try BundleExport.run(
            context.store, policy: loaded, partnerID: to, refs: ref, purpose: purpose, output: out, signer: context.signer,
            actor: context.actor)
        if output.json { return try Console.json(result) }
        print("Exported bundle \(result.bundleID) to \(result.file) for \(result.partner)")
        print("  \(result.items) items under \(result.policy.id) \(result.policy.version); \(result.shared) files travel")
        print("  \(Console.bytes(result.bytes)), sha256 \(result.sha256); recorded as ledger entry \(result.entry)")
    }
}
