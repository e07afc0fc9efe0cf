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

    @Option(
        name: .customLong("seized-at"),
        help: "When (RFC 3339, e.g. 2026-11-20T14:30:00Z, or UK time, e.g. '20/11/2026 14:30', read as Europe/London).")
    var seizedAt: String?

    @Option(help: "Category, e.g. screenshot, photo, chat-export, email, document, indecent-image.")
    var category: String?

    @Option(help: "A note recorded with the registration.")
    var note: String?

    @Option(help: "Where the exhibit is now kept.")
    var location: String?

    @Flag(help: "Also register each file inside every ZIP (a phone extraction), recorded as extracted from it.")
    var expand = false

    @Flag(
        name: .customLong("include-keys"),
        help: "Register PEM private keys and the passphrase file too (refused otherwise, as the agency's own secrets).")
    var includeKeys = false

    @OptionGroup var change: ChangeOptions
    @OptionGroup var feedback: FeedbackOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("name at least one file or folder to register") }
        if paths.contains("-") {
            throw ValidationError("add - (standard input) is not supported: name files or folders (./- for a file named -)")
        }
        if let seizedAt, let read = try? TimeInput.read(seizedAt, flag: "--seized-at"), let date = Timestamp.parse(read.utc),
            date.timeIntervalSinceNow > 300
        {
            throw ValidationError("--seized-at \(seizedAt) is in the future")
        }
    }

    func run(_ context: CommandContext) throws {
        let writing = try change.writing(context)
        let progress = feedback.reporter("hashing", context: context)
        var request = AddExhibit.Request(
            paths: paths, ref: ref, description: description, seizedBy: seizedBy, seizedFrom: seizedFrom,
            seizedAt: try context.time(seizedAt, flag: "--seized-at"), category: category, note: note, location: location,
            workingDirectory: context.workingDirectory, expand: expand)
        request.includeKeys = includeKeys
        request.pathBytes = try context.argumentBytes.paths(paths)
        let keyPath = change.signing.key ?? context.environment["EXHIBIT_KEY"] ?? writing.store.info.keyPath
        request.secretPaths =
            [context.path(keyPath)] + [context.environment[Passphrase.fileVariable]].compactMap { $0.map { context.path($0) } }
        let result = try AddExhibit.run(
            request,
            store: writing.store, signer: writing.signer, actor: writing.actor, progress: progress.bytesIfShown)
        progress.finish()
        let hash = LedgerEntry.hash(of: try result.entry.canonicalBytes())
        if output.json {
            // Every file, read back from the registration's entries a part at a time (a phone extraction's list is
            // never held whole).
            var json = PrettyJSONWriter { context.standardOutput($0) }
            try json.member("bytes", result.bytes)
            try json.member("entry", result.entry.sequence)
            try json.member("entryHash", hash)
            try json.member("exhibit", ref)
            try json.beginArray("files")
            try CaseQueries.registeredFiles(writing.store, ref: ref, entry: result.entry.sequence) { files in
                for file in files { try json.element(file) }
            }
            json.endArray()
            try json.member("refused", result.exhibit.refused)
            try json.member("storedObjects", result.storedObjects)
            json.end()
            context.standardOutput("\n")
            return
        }
        let count = result.fileCount
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
