import ArgumentParser
import ExhibitCore
import ExhibitKit

/// `exhibit classify REF --used | --unused [--sensitive --reason TEXT]`.
struct ClassifyCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify", abstract: "Mark material used or unused (and sensitive) for the disclosure schedules.",
        discussion: "REF is an exhibit, or other material given a reference and --description the first time.")

    @Argument(help: "Exhibit (or other material) reference.") var ref: String
    @Flag(help: "Relied on by the prosecution.") var used = false
    @Flag(help: "Not relied on: scheduled as unused material.") var unused = false
    @Flag(help: "Sensitive unused material (MG6D); needs --reason.") var sensitive = false
    @Option(help: "Why (required with --sensitive).") var reason: String?
    @Option(help: "What the material is, when it is not an exhibit of this store.") var description: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard used != unused else { throw ValidationError("give exactly one of --used and --unused") }
    }

    func run(_ context: CommandContext) throws {
        let writing = try change.writing(context)
        let entry = try ExhibitLifecycle.classify(
            ref: ref, use: used ? .used : .unused, sensitive: sensitive, reason: reason, description: description,
            store: writing.store, signer: writing.signer, actor: writing.actor)
        if output.json { return try context.json(RecordedEntry(entry)) }
        let label = used ? "used" : sensitive ? "unused, sensitive" : "unused"
        context.print("Classified \(ref) as \(label) (ledger entry \(entry.sequence))")
    }
}

/// `exhibit seal REF --seal NUMBER`.
struct SealCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(commandName: "seal", abstract: "Record that an exhibit was sealed.")

    @Argument(help: "Exhibit reference.") var ref: String
    @Option(help: "The seal (evidence bag) number.") var seal: String
    @Option(help: "Where.") var location: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let writing = try change.writing(context)
        let entry = try ExhibitLifecycle.seal(
            ref: ref, number: seal, location: location, store: writing.store, signer: writing.signer, actor: writing.actor)
        if output.json { return try context.json(RecordedEntry(entry)) }
        context.print("Sealed \(ref) with seal \(seal) (ledger entry \(entry.sequence))")
    }
}

/// `exhibit unseal REF --seal NUMBER --reason TEXT`.
struct UnsealCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "unseal", abstract: "Record that an exhibit's seal was broken, and why.")

    @Argument(help: "Exhibit reference.") var ref: String
    @Option(help: "The number of the seal broken.") var seal: String
    @Option(help: "Why it was opened.") var reason: String
    @Option(help: "Where.") var location: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let writing = try change.writing(context)
        let entry = try ExhibitLifecycle.unseal(
            ref: ref, number: seal, reason: reason, location: location, store: writing.store, signer: writing.signer,
            actor: writing.actor)
        if output.json { return try context.json(RecordedEntry(entry)) }
        context.print("Broke seal \(seal) of \(ref) (ledger entry \(entry.sequence))")
    }
}

/// `exhibit return REF --to WHO`.
struct ReturnCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "return", abstract: "Record that an exhibit was returned to its owner (or someone else).")

    @Argument(help: "Exhibit reference.") var ref: String
    @Option(help: "To whom.") var to: String
    @Option(help: "Why, or on whose authority.") var reason: String?
    @Option(help: "Where.") var location: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let writing = try change.writing(context)
        let entry = try ExhibitLifecycle.giveBack(
            ref: ref, to: to, reason: reason, location: location, store: writing.store, signer: writing.signer,
            actor: writing.actor)
        if output.json { return try context.json(RecordedEntry(entry)) }
        context.print("Returned \(ref) to \(to) (ledger entry \(entry.sequence))")
    }
}

/// `exhibit destroy REF --reason TEXT --authority WHO`.
struct DestroyCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Destroy an exhibit: erase its stored objects (the ledger keeps their hashes and this record).")

    @Argument(help: "Exhibit reference.") var ref: String
    @Option(help: "Why.") var reason: String
    @Option(help: "Who authorised it (an officer, a court order).") var authority: String
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let writing = try change.writing(context)
        let result = try ExhibitDestruction.destroy(
            ref: ref, reason: reason, authority: authority, store: writing.store, signer: writing.signer, actor: writing.actor)
        if output.json { return try context.json(result) }
        context.print(
            "Destroyed \(ref) (ledger entry \(result.entry.sequence)): \(result.erased.count) object(s) erased"
                + (result.retained.isEmpty ? "" : ", \(result.retained.count) kept because another exhibit holds them"))
    }
}

extension MilestoneKind: ExpressibleByArgument {}

/// `exhibit event KIND --at TIME`.
struct EventCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "event", abstract: "Record a joint-working milestone for the clocks (exhibit report clocks).",
        discussion: "KIND: " + MilestoneKind.allCases.map(\.rawValue).joined(separator: ", "))

    @Argument(help: "The milestone.") var kind: MilestoneKind
    @Option(help: "When it happened (RFC 3339, or UK time such as '20/11/2026 09:30'; default now).") var at: String?
    @Option(help: "A note.") var note: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let writing = try change.writing(context)
        let entry = try CaseMilestones.record(
            kind, at: try context.time(at, flag: "--at"), note: note, store: writing.store, signer: writing.signer,
            actor: writing.actor)
        if output.json { return try context.json(RecordedEntry(entry)) }
        context.print(
            "Recorded \(kind.rawValue) at \(UKTime.display(ledgerTime: entry.details?.milestone?.at ?? "")) (ledger entry \(entry.sequence))"
        )
    }
}

/// `exhibit setting [NAME VALUE]`.
struct SettingCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "setting", abstract: "Show the store's settings, or change one (a ledger entry).",
        discussion: """
            record-consultation on|off: show, redact --preview and report record a consulted entry (and need the key). \
            working-day-end HH:MM: end of the working day for the clocks (default 17:00). \
            protective-marking TEXT: the marking on every report page (default OFFICIAL-SENSITIVE).
            """)

    @Argument(help: "The setting.") var name: String?
    @Argument(help: "Its new value.") var value: String?
    @Option(help: "Why it changed.") var reason: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (name == nil) == (value == nil) else { throw ValidationError("give a setting and its value, or neither") }
    }

    func run(_ context: CommandContext) throws {
        guard let name, let value else {
            let settings = try CaseSettings.current(try change.store.open(context))
            if output.json { return try context.json(settings) }
            context.print("record-consultation \(settings.recordConsultation ? "on" : "off")")
            context.print("working-day-end \(settings.workingDayEnd)")
            context.print("protective-marking \(settings.protectiveMarking)")
            return
        }
        let writing = try change.writing(context)
        let entry = try CaseSettings.set(
            name: name, value: value, reason: reason, store: writing.store, signer: writing.signer, actor: writing.actor)
        if output.json { return try context.json(RecordedEntry(entry)) }
        context.print("Set \(name) to \(entry.details?.setting?.value ?? value) (ledger entry \(entry.sequence))")
    }
}
