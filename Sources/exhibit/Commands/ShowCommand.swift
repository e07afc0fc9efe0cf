import ArgumentParser
import ExhibitCore
import ExhibitKit

/// `exhibit show REF`: one exhibit with its files and hashes.
struct ShowCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one exhibit, its files and hashes.")

    @Argument(help: "Exhibit reference.", completion: Completions.exhibitRef)
    var ref: String

    @Option(help: "Why the exhibit is consulted (recorded when the case records consultation).") var reason: String?
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var signing: SigningOptions
    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let store = try storeOptions.open(context)
        let (exhibit, consulted) = try Consultation.consult(
            store, command: "show", exhibits: [ref], reason: reason,
            credentials: { (try signing.signer(for: store, context), try actor.resolve(for: store, context)) },
            body: { try CaseQueries.exhibit(store, ref: ref) })
        if let consulted { context.note("consultation recorded as ledger entry \(consulted.sequence)") }
        if output.json { return try context.json(exhibit) }
        context.print("\(exhibit.ref): \(exhibit.description)")
        if let category = exhibit.category { context.print("  Category:    \(category)") }
        context.print("  Seized by:   \(exhibit.seizedBy)")
        context.print("  Seized from: \(exhibit.seizedFrom)")
        if let seizedAt = exhibit.seizedAt { context.print("  Seized at:   \(seizedAt)") }
        context.print("  Registered:  \(exhibit.registeredAt) (ledger entry \(exhibit.registeredEntry))")
        context.print("  Custodian:   \(exhibit.custodian)\(exhibit.location.map { " at \($0)" } ?? "")")
        context.print("  Files:       \(exhibit.fileCount), \(Console.bytes(exhibit.totalSize))")
        for file in exhibit.files {
            context.print("    \(file.path)  \(file.mime)  \(Console.bytes(file.size))  modified \(file.modified)")
            context.print("      sha256 \(file.sha256)")
            context.print("      sha1   \(file.sha1)")
            context.print("      md5    \(file.md5)")
        }
    }
}
