import ArgumentParser
import ExhibitKit

/// `exhibit list`: the case's exhibits.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the case's exhibits.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try storeOptions.open()
        let exhibits = try CaseQueries.exhibits(store)
        if output.json { return try Console.json(exhibits) }
        print(
            "Case \(store.info.caseRef) (\(store.info.agency), OIC \(store.info.oic)): \(exhibits.count) exhibit\(exhibits.count == 1 ? "" : "s")"
        )
        for exhibit in exhibits {
            let category = exhibit.category.map { " [\($0)]" } ?? ""
            print("\(exhibit.ref)\(category)  \(exhibit.description)")
            print(
                "    \(exhibit.fileCount) file\(exhibit.fileCount == 1 ? "" : "s"), \(Console.bytes(exhibit.totalSize)); with \(exhibit.custodian)\(exhibit.location.map { " at \($0)" } ?? "")"
            )
        }
    }
}
