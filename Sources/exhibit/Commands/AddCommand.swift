import ArgumentParser
import ExhibitCore
import ExhibitKit
import Foundation

/// `exhibit add`: register files or folders as an exhibit.
struct AddCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register files or folders as one exhibit: hash (SHA-256, SHA-1, MD5), copy, and record it.",
        discussion: "Folders are taken recursively; symbolic links are never followed and are recorded as refused.")

    @Argument(help: "Files and folders that make up the exhibit.", completion: Completions.file)
    var paths: [String] = []

    @Option(help: "Exhibit reference, e.g. JD/1.")
    var ref: String

    @Option(help: "What the exhibit is.")
    var description: String

    @Option(name: .customLong("seized-by"), help: "Who seized it.")
    var seizedBy: String

    @Option(name: .customLong("seized-from"), help: "From whom or where.")
    var seizedFrom: String

    @Option(name: .customLong("seized-at"), help: "When (RFC 3339, e.g. 2026-11-20T14:30:00Z).")
    var seizedAt: String?

    @Option(help: "Category, e.g. screenshot, photo, chat-export, email, document, indecent-image.")
    var category: String?

    @Option(help: "A note recorded with the registration.")
    var note: String?

    @Option(help: "Where the exhibit is now kept.")
    var location: String?

    @Flag(help: "Also register each file inside every ZIP (a phone extraction), recorded as extracted from it.")
    var expand = false

    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("name at least one file or folder to register") }
        if let seizedAt, let date = Timestamp.parse(seizedAt), date.timeIntervalSinceNow > 300 {
            throw ValidationError("--seized-at \(seizedAt) is in the future")
        }
    }

    struct Output: Encodable {
        var exhibit: String
        var entry: Int
        var entryHash: String
        var files: [FileRecord]
        var refused: [RefusedPath]
        var storedObjects: Int
        var bytes: Int64
    }

    func run(_ context: CommandContext) throws {
        let writing = try change.writing(context)
        let progress = Console.Progress("hashing", context: context)
        let result = try AddExhibit.run(
            AddExhibit.Request(
                paths: paths, ref: ref, description: description, seizedBy: seizedBy, seizedFrom: seizedFrom,
                seizedAt: seizedAt, category: category, note: note, location: location,
                workingDirectory: context.workingDirectory, expand: expand),
            store: writing.store, signer: writing.signer, actor: writing.actor, progress: progress.update)
        progress.finish()
        let hash = LedgerEntry.hash(of: try result.entry.canonicalBytes())
        if output.json {
            return try context.json(
                Output(
                    exhibit: ref, entry: result.entry.sequence, entryHash: hash, files: result.exhibit.files,
                    refused: result.exhibit.refused, storedObjects: result.storedObjects, bytes: result.bytes))
        }
        let count = result.exhibit.files.count
        context.print(
            "Registered \(ref): \(count) file\(count == 1 ? "" : "s"), \(Console.bytes(result.bytes)), ledger entry \(result.entry.sequence)"
        )
        // A phone extraction is tens of thousands of files: the first are listed, `show` (or --json) lists them all.
        for file in result.exhibit.files.prefix(Self.listed) {
            context.print("  \(file.path)  \(file.mime)  \(Console.bytes(file.size))")
            context.print("    sha256 \(file.sha256)")
            context.print("    sha1   \(file.sha1)  md5 \(file.md5)")
            if let others = file.alsoIn {
                context.print("    same content already held in \(others.joined(separator: ", ")) (stored once)")
            }
        }
        if count > Self.listed {
            context.print("  … and \(count - Self.listed) more files: exhibit show \(ref) lists every file with its hashes")
        }
        for refused in result.exhibit.refused { context.print("  refused \(refused.path): \(refused.reason)") }
    }

    /// Files listed one by one after a registration.
    static let listed = 100
}
