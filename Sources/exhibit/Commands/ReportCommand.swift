import ArgumentParser
import ExhibitCore
import ExhibitKit
import Foundation

/// `exhibit report`: the case file from the ledger. Bare, it lists the reports.
struct ReportCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "The case file from the ledger: exhibit list, continuity, schedules, logs, clocks.",
        discussion: "Each report takes --format html|csv|json|text (or --json) and --out FILE (a new file; else stdout).",
        subcommands: [
            ExhibitsReportCommand.self, ContinuityReportCommand.self, ScheduleReportCommand.self,
            DisclosuresReportCommand.self, LogReportCommand.self, ClocksReportCommand.self, CaseUCOReportCommand.self,
        ])

    static let catalogue: [(String, String)] = [
        ("exhibits", "exhibit list (as MG12): every exhibit, who seized it, custody now, hashes, backing entries"),
        ("continuity [REF...]", "statement of continuity per exhibit, gaps flagged"),
        ("schedule [--sensitive]", "unused material: non-sensitive (MG6C) or, separately, sensitive (MG6D)"),
        ("disclosures", "disclosure record sheet: exports, extracts, receipts, recipients, policy"),
        ("log [--from T] [--to T] [--actor WHO]", "data-protection log (DPA 2018 s.62)"),
        ("clocks [--at T] [--bank-holidays FILE]", "joint-working clocks: what is due and overdue"),
        ("case-uco", "the case as CASE/UCO JSON-LD"),
    ]

    func run(_ context: CommandContext) throws {
        context.print("Reports (exhibit report NAME [--format html|csv|json|text] [--out FILE]):")
        for (name, description) in Self.catalogue {
            context.print("  \(name.padding(toLength: 40, withPad: " ", startingAt: 0)) \(description)")
        }
    }
}

/// The options every report takes: format, output file, the store, and (for consultation recording) who
/// reads, why, and the key that signs the `consulted` entry.
struct ReportOptions: ParsableArguments {
    @Option(help: "html, csv, json or text (default: from the --out file's extension, else text).") var format: ReportFormat?
    @Flag(help: "Shorthand for --format json.") var json = false
    @Option(help: "Write to this new file (refuses an existing one) instead of stdout.") var out: String?
    @Option(help: "Why the case is consulted (recorded when the case records consultation).") var reason: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var signing: SigningOptions

    func validate() throws {
        if json, let format, format != .json { throw ValidationError("--json and --format \(format.rawValue) disagree") }
    }

    /// The format asked for: `--json`, `--format`, the `--out` file's extension, else `fallback`.
    func chosen(fallback: ReportFormat) -> ReportFormat {
        if json { return .json }
        if let format { return format }
        let suffix = out?.split(separator: ".").last.map { $0.lowercased() }
        switch suffix {
        case "html", "htm": return .html
        case "csv": return .csv
        case "json", "jsonld": return .json
        case "txt": return .text
        default: return fallback
        }
    }

    /// Builds a report from the ledger (recording the consultation when the case says so) and writes it.
    func run(
        _ context: CommandContext, _ command: String, exhibits: [String] = [], actor: ActorOptions?,
        fallback: ReportFormat = .text, build: (CaseFile, ReportFormat) throws -> [UInt8]
    ) throws {
        let store = try store.open(context)
        let output = try out.map { try OutputPath.file(context.path($0), flag: "--out", storeDirectory: store.directory) }
        let format = chosen(fallback: fallback)
        let (bytes, entry) = try Consultation.consult(
            store, command: "report \(command) (\(format.rawValue))", exhibits: exhibits, reason: reason,
            credentials: {
                let who =
                    try actor?.resolve(for: store, context)
                    ?? Actor.resolve(
                        name: nil, role: nil, id: nil, agency: store.info.agency, defaultName: store.info.oic,
                        environment: context.environment)
                return (try signing.signer(for: store, context), who)
            },
            body: { try build(try CaseReports.caseFile(store), format) })
        if let entry { context.note("consultation recorded as ledger entry \(entry.sequence)") }
        if let output {
            try CaseReports.write(bytes, to: output)
            context.note("wrote \(output)")
        } else {
            context.standardOutput(String(decoding: bytes, as: UTF8.self))
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}

/// `exhibit report exhibits`.
struct ExhibitsReportCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(commandName: "exhibits", abstract: "The exhibit list (as MG12).")
    @OptionGroup var options: ReportOptions
    @OptionGroup var actor: ActorOptions

    func run(_ context: CommandContext) throws {
        try options.run(context, "exhibits", actor: actor) { file, format in try ExhibitListReport(file).rendered(format) }
    }
}

/// `exhibit report continuity [REF...]`.
struct ContinuityReportCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "continuity", abstract: "Statements of continuity (all exhibits, or those named).")
    @Argument(help: "Exhibit references (default: all).") var refs: [String] = []
    @OptionGroup var options: ReportOptions
    @OptionGroup var actor: ActorOptions

    func run(_ context: CommandContext) throws {
        try options.run(context, "continuity", exhibits: refs, actor: actor) { file, format in
            try ContinuityReport(file, refs: refs).rendered(format)
        }
    }
}

/// `exhibit report schedule [--sensitive]`.
struct ScheduleReportCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule", abstract: "Schedule of unused material: MG6C, or MG6D with --sensitive.")
    @Flag(help: "The sensitive schedule (MG6D) instead of the non-sensitive one (MG6C).") var sensitive = false
    @OptionGroup var options: ReportOptions
    @OptionGroup var actor: ActorOptions

    func run(_ context: CommandContext) throws {
        try options.run(context, sensitive ? "schedule --sensitive" : "schedule", actor: actor) { file, format in
            try ScheduleReport(file, sensitive: sensitive).rendered(format)
        }
    }
}

/// `exhibit report disclosures`.
struct DisclosuresReportCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(commandName: "disclosures", abstract: "The disclosure record sheet.")
    @OptionGroup var options: ReportOptions
    @OptionGroup var actor: ActorOptions

    func run(_ context: CommandContext) throws {
        try options.run(context, "disclosures", actor: actor) { file, format in try DisclosureReport(file).rendered(format) }
    }
}

/// `exhibit report log [--from T] [--to T] [--actor WHO]`.
struct LogReportCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "The data-protection log (DPA 2018 s.62).")
    @Option(help: "From this time (RFC 3339 or UK time), or from the start of a UK date (yyyy-mm-dd or dd/mm/yyyy).")
    var from: String?
    @Option(help: "To this time (RFC 3339 or UK time), or to the end of a UK date (yyyy-mm-dd or dd/mm/yyyy).")
    var to: String?
    @Option(
        name: .customLong("actor"),
        help: "Only what this person (name or identifier) did. (A consultation is recorded as $EXHIBIT_ACTOR or the OIC.)")
    var who: String?
    @OptionGroup var options: ReportOptions

    func run(_ context: CommandContext) throws {
        let filter = ProcessingLogReport.Filter(
            from: try ReportTimes.bound(from, flag: "--from", endOfDay: false, context: context),
            to: try ReportTimes.bound(to, flag: "--to", endOfDay: true, context: context), actor: who)
        try options.run(context, "log", actor: nil) { file, format in
            try ProcessingLogReport(file, filter: filter).rendered(format)
        }
    }
}

/// `exhibit report clocks [--at T] [--bank-holidays FILE]`.
struct ClocksReportCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(commandName: "clocks", abstract: "The joint-working clocks.")
    @Option(help: "Evaluate at this moment (RFC 3339, or UK time such as '20/11/2026 09:00'; default now).") var at: String?
    @Option(
        name: .customLong("bank-holidays"),
        help: "A file of more bank holidays (date,title,notes,source), e.g. for years after the shipped table.")
    var bankHolidays: [String] = []
    @OptionGroup var options: ReportOptions
    @OptionGroup var actor: ActorOptions

    func run(_ context: CommandContext) throws {
        let moment = try context.time(at, flag: "--at").flatMap(Timestamp.parse) ?? Date()
        var table = try BankHolidayTable.shipped()
        for path in bankHolidays { table = table.merging(try ReportTimes.holidays(context.path(path))) }
        try options.run(context, "clocks", actor: actor) { file, format in
            try ClocksReport(file, at: moment, holidays: table).rendered(format)
        }
    }
}

/// `exhibit report case-uco`.
struct CaseUCOReportCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(commandName: "case-uco", abstract: "The case as CASE/UCO JSON-LD.")
    @OptionGroup var options: ReportOptions
    @OptionGroup var actor: ActorOptions

    func run(_ context: CommandContext) throws {
        if let format = options.format, format != .json {
            throw ExhibitError.badInput("the CASE/UCO export is JSON-LD only; drop --format \(format.rawValue)")
        }
        try options.run(context, "case-uco", actor: actor, fallback: .json) { file, format in
            guard format == .json else {
                throw ExhibitError.badInput("the CASE/UCO export is JSON-LD only; write it to a .json or .jsonld file")
            }
            return try CaseUCOExport(file).jsonLD()
        }
    }
}
