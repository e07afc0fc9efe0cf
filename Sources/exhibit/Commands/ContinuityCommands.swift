import ArgumentParser
import ExhibitCore
import ExhibitKit

/// The JSON printed for a recorded event.
struct RecordedEntry: Encodable {
    var entry: LedgerEntry
    var hash: String

    init(_ entry: LedgerEntry) throws {
        self.entry = entry
        self.hash = LedgerEntry.hash(of: try entry.canonicalBytes())
    }
}

/// `exhibit transfer REF --to WHO`.
struct TransferCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(commandName: "transfer", abstract: "Record a change of custody.")

    @Argument(help: "Exhibit reference.", completion: Completions.exhibitRef) var ref: String
    @Option(help: "Who takes custody.") var to: String
    @Option(help: "Why.") var reason: String
    @Option(help: "Where the exhibit now is.") var location: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let writing = try change.writing(context)
        let entry = try ContinuityEvent.transfer(
            ref: ref, to: to, reason: reason, location: location, store: writing.store, signer: writing.signer,
            actor: writing.actor)
        if output.json { return try context.json(RecordedEntry(entry)) }
        let from = entry.details?.transfer?.from ?? "?"
        context.print("Transferred \(ref) from \(from) to \(to) (ledger entry \(entry.sequence))")
    }
}

/// `exhibit access REF --reason TEXT`.
struct AccessCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "access", abstract: "Record that an exhibit was examined or worked on.")

    @Argument(help: "Exhibit reference.", completion: Completions.exhibitRef) var ref: String
    @Option(help: "Why.") var reason: String
    @Option(help: "Where.") var location: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let writing = try change.writing(context)
        let entry = try ContinuityEvent.access(
            ref: ref, reason: reason, location: location, store: writing.store, signer: writing.signer, actor: writing.actor)
        if output.json { return try context.json(RecordedEntry(entry)) }
        context.print("Recorded access to \(ref) by \(writing.actor.name) (ledger entry \(entry.sequence))")
    }
}

/// `exhibit note REF --text TEXT`.
struct NoteCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a note to an exhibit's continuity.")

    @Argument(help: "Exhibit reference.", completion: Completions.exhibitRef) var ref: String
    @Option(help: "The note.") var text: String
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let writing = try change.writing(context)
        let entry = try ContinuityEvent.note(
            ref: ref, text: text, store: writing.store, signer: writing.signer, actor: writing.actor)
        if output.json { return try context.json(RecordedEntry(entry)) }
        context.print("Noted on \(ref) (ledger entry \(entry.sequence))")
    }
}
