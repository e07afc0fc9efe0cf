import ArgumentParser
import ExhibitCore
import ExhibitKit

/// `exhibit list`: the case's exhibits.
struct ListCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the case's exhibits.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let store = try storeOptions.open(context)
        // The JSON lists every file with its hashes; the text shows each exhibit's count and size.
        let exhibits = try CaseQueries.exhibits(store, listingFiles: output.json)
        if output.json { return try context.json(exhibits) }
        context.print(
            "Case \(store.info.caseRef) (\(store.info.agency), OIC \(store.info.oic)): \(exhibits.count) exhibit\(exhibits.count == 1 ? "" : "s")"
        )
        for exhibit in exhibits {
            let category = exhibit.category.map { " [\($0)]" } ?? ""
            context.print("\(exhibit.ref)\(category)  \(exhibit.description)")
            context.print(
                "    \(exhibit.fileCount) file\(exhibit.fileCount == 1 ? "" : "s"), \(Console.bytes(exhibit.totalSize)); with \(exhibit.custodian)\(exhibit.location.map { " at \($0)" } ?? "")"
            )
        }
    }
}
