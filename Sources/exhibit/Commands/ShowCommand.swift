import ArgumentParser
import ExhibitKit

/// `exhibit show REF`: one exhibit with its files and hashes.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one exhibit, its files and hashes.")

    @Argument(help: "Exhibit reference.", completion: Completions.exhibitRef)
    var ref: String

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try storeOptions.open()
        let exhibit = try CaseQueries.exhibit(store, ref: ref)
        if output.json { return try Console.json(exhibit) }
        print("\(exhibit.ref): \(exhibit.description)")
        if let category = exhibit.category { print("  Category:    \(category)") }
        print("  Seized by:   \(exhibit.seizedBy)")
        print("  Seized from: \(exhibit.seizedFrom)")
        if let seizedAt = exhibit.seizedAt { print("  Seized at:   \(seizedAt)") }
        print("  Registered:  \(exhibit.registeredAt) (ledger entry \(exhibit.registeredEntry))")
        print("  Custodian:   \(exhibit.custodian)\(exhibit.location.map { " at \($0)" } ?? "")")
        print("  Files:       \(exhibit.fileCount), \(Console.bytes(exhibit.totalSize))")
        for file in exhibit.files {
            print("    \(file.path)  \(file.mime)  \(Console.bytes(file.size))  modified \(file.modified)")
            print("      sha256 \(file.sha256)")
            print("      sha1   \(file.sha1)")
            print("      md5    \(file.md5)")
        }
    }
}
