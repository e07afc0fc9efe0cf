import ArgumentParser
import ExhibitCore
import ExhibitKit

/// `exhibit mark REF --file NAME --region X,Y,W,H --reason TEXT`.
struct MarkCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark", abstract: "Mark a region of an image that a policy burns in (solid fill, never blur).")

    @Argument(help: "Exhibit reference.", completion: Completions.exhibitRef) var ref: String
    @Option(help: "The image's path or name within the exhibit.") var file: String
    @Option(help: "X,Y,W,H in pixels from the top left.") var region: String
    @Option(help: "Why it must not be seen.") var reason: String
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard PixelRegion.parse(region) != nil else {
            throw ValidationError("--region must be X,Y,W,H: four whole numbers, width and height above zero")
        }
    }

    func run(_ context: CommandContext) throws {
        guard let pixels = PixelRegion.parse(region) else { throw ExhibitError.badInput("--region must be X,Y,W,H") }
        let writing = try change.writing(context)
        let entry = try MarkRegion.mark(
            ref: ref, file: file, region: pixels, reason: reason, store: writing.store, signer: writing.signer,
            actor: writing.actor)
        if output.json { return try context.json(try RecordedEntry(entry)) }
        context.print("Marked \(pixels) on \(entry.details?.mark?.file ?? file) of \(ref) (ledger entry \(entry.sequence))")
    }
}
