import ArgumentParser
import ExhibitCore
import ExhibitKit

/// `exhibit mark REF --file NAME (--region X,Y,W,H | --text STRING) --reason TEXT`.
struct MarkCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark", abstract: "Mark a region of an image that a policy burns in (solid fill, never blur).")

    @Argument(help: "Exhibit reference.", completion: Completions.exhibitRef) var ref: String
    @Option(help: "The image's path or name within the exhibit.") var file: String
    // Unconditional: a value such as `-1,0,5,5` is the region (refused by `validate` with the rule), not an option.
    @Option(parsing: .unconditional, help: "X,Y,W,H in pixels from the top left.") var region: String?
    @Option(help: "Words to find with OCR: every place they appear is marked.") var text: String?
    @Option(help: "Why it must not be seen.") var reason: String
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (region == nil) != (text == nil) else { throw ValidationError("give either --region X,Y,W,H or --text STRING") }
        if let region, PixelRegion.parse(region) == nil {
            throw ValidationError("--region must be X,Y,W,H: four whole numbers, width and height above zero")
        }
    }

    func run(_ context: CommandContext) throws {
        let writing = try change.writing(context)
        if let text {
            let entries = try MarkRegion.mark(
                ref: ref, file: file, text: text, reason: reason, store: writing.store, signer: writing.signer,
                actor: writing.actor)
            if output.json { return try context.json(try entries.map(RecordedEntry.init)) }
            let regions = entries.compactMap { $0.details?.mark?.region.description }.joined(separator: " ")
            context.print(
                "Marked \(entries.count) region(s) on \(entries.first?.details?.mark?.file ?? file) of \(ref): \(regions)")
            return
        }
        guard let region, let pixels = PixelRegion.parse(region) else { throw ExhibitError.badInput("--region must be X,Y,W,H") }
        let entry = try MarkRegion.mark(
            ref: ref, file: file, region: pixels, reason: reason, store: writing.store, signer: writing.signer,
            actor: writing.actor)
        if output.json { return try context.json(try RecordedEntry(entry)) }
        context.print("Marked \(pixels) on \(entry.details?.mark?.file ?? file) of \(ref) (ledger entry \(entry.sequence))")
    }
}
