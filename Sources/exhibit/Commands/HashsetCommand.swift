import ArgumentParser
import ExhibitCore
import ExhibitKit

/// `exhibit hashset import FILE --name NAME`: known-image hash lists.
struct HashsetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hashset", abstract: "Known-image hash lists: content on them never leaves the store.",
        subcommands: [Import.self])

    struct Import: ExhibitCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a hash list and rescan every exhibit held.",
            discussion: """
                One hex digest a line (32, 40 or 64 digits: MD5, SHA-1, SHA-256), or CSV whose header names md5, \
                sha1 and/or sha256 columns and optionally a category column (A, B, C). The ledger records the \
                list's name, counts and the file's SHA-256, never the digests. Files found on a list are recorded \
                and never shared, redacted, previewed, thumbnailed or extracted.
                """)

        @Argument(help: "The hash list file.", completion: .file()) var file: String
        @Option(help: "A name for the list (e.g. caid-2026-11).") var name: String
        @OptionGroup var change: ChangeOptions
        @OptionGroup var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let writing = try change.writing(context)
            let result = try HashListImport.run(
                writing.store, path: context.path(file), name: name, signer: writing.signer, actor: writing.actor)
            if output.json { return try context.json(result) }
            context.print(
                "Imported hash list \(result.name): \(result.entries) digest(s), file sha256 \(result.fileSHA256) (ledger entry \(result.entry))"
            )
            let exhibits = Set(result.matches.map(\.ref)).sorted()
            context.print(
                result.matches.isEmpty
                    ? "No exhibit held is on it"
                    : "\(result.matches.count) file(s) on it, in \(exhibits.joined(separator: ", ")): recorded; they never leave the store"
            )
        }
    }
}
