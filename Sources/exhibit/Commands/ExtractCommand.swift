import ArgumentParser
import ExhibitCore
import ExhibitKit

/// `exhibit extract REF... --out DIR [--reason TEXT]`.
struct ExtractCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract", abstract: "Copy exhibits' files out of the store, under their names, to open them.",
        discussion: """
            Writes a new folder with one sub-folder per exhibit, each file read-only and checked against its \
            registered SHA-256 as it is written, and manifest-sha256.txt (sha256sum -c accepts it). Taking files \
            out is recorded in the ledger as an extracted entry (who, which exhibits, where, why); a file that no \
            longer matches its hash stops the command with nothing written (exit 1).
            """)

    @Argument(help: "Exhibit references.", completion: Completions.exhibitRef) var refs: [String] = []
    @Option(help: "A new (or empty) folder for the copies.", completion: Completions.folder) var out: String
    @Option(help: "Why the files are taken out (recorded).") var reason: String?
    @Flag(help: "Also take out content on a known-image hash list (needs --reason; recorded as an override).")
    var override = false
    @OptionGroup var change: ChangeOptions
    @OptionGroup var feedback: FeedbackOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !refs.isEmpty else { throw ValidationError("name the exhibits to extract (exhibit list shows them)") }
    }

    func run(_ context: CommandContext) throws {
        let writing = try change.writing(context)
        let progress = feedback.reporter("extracting", context: context)
        let result = try ExtractExhibits.run(
            writing.store, refs: refs, output: context.path(out),
            options: .init(reason: reason, progress: progress.bytes, override: override), signer: writing.signer,
            actor: writing.actor)
        progress.finish()
        if output.json { return try context.json(result) }
        if !feedback.quiet {
            for file in result.files { context.print("  \(file.ref)  \(file.file)") }
        }
        context.print(
            "Extracted \(result.files.count) file(s) of \(Set(result.files.map(\.ref)).count) exhibit(s) to \(result.folder)")
        context.print("Checked against \(ExtractExhibits.manifestName); recorded as ledger entry \(result.entry)")
    }
}
