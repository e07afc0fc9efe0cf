import ArgumentParser
import ExhibitCore
import ExhibitKit

/// `exhibit history [REF]`: the custody ledger.
struct HistoryCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show the custody ledger, or the entries for one exhibit.")

    @Argument(help: "Only entries naming this exhibit.", completion: Completions.exhibitRef) var ref: String?
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    struct Item: Encodable {
        var seq: Int
        var hash: String
        var entry: LedgerEntry
    }

    func run(_ context: CommandContext) throws {
        let store = try storeOptions.open(context)
        let history = try CaseQueries.history(store, ref: ref)
        if output.json { return try context.json(history.map { Item(seq: $0.entry.sequence, hash: $0.hash, entry: $0.entry) }) }
        for (entry, _) in history { context.print(Self.describe(entry)) }
    }

    /// One line (and detail lines) per entry.
    static func describe(_ entry: LedgerEntry) -> String {
        var who = entry.actor.name
        if let role = entry.actor.role { who += ", \(role)" }
        var line = "#\(entry.sequence)  \(entry.time)  \(entry.action.rawValue)"
        if !entry.exhibits.isEmpty { line += " \(entry.exhibits.joined(separator: ", "))" }
        line += "  by \(who) (\(entry.actor.agency))"
        var details: [String] = []
        if let record = entry.details?.caseRecord { details.append("case \(record.caseRef), OIC \(record.oic)") }
        if let exhibit = entry.details?.exhibit {
            details.append(
                "\"\(exhibit.description)\": \(exhibit.fileCount ?? exhibit.files.count) file(s), seized by \(exhibit.seizedBy) from \(exhibit.seizedFrom)"
            )
            for refused in exhibit.refused { details.append("refused \(refused.path): \(refused.reason)") }
        }
        if let more = entry.details?.exhibitFiles {
            details.append("files \(more.first + 1) to \(more.first + more.files.count) of the registration")
        }
        if let transfer = entry.details?.transfer { details.append("from \(transfer.from) to \(transfer.to)") }
        if let verification = entry.details?.verification {
            details.append(
                verification.passed ? "verification passed" : "verification FAILED: \(verification.problems.count) problem(s)")
        }
        if let reason = entry.reason { details.append("reason: \(reason)") }
        if let location = entry.location { details.append("location: \(location)") }
        if let text = entry.text { details.append("note: \(text)") }
        for (key, value) in (entry.details?.fields ?? [:]).sorted(by: { $0.key < $1.key }) { details.append("\(key): \(value)") }
        return ([line] + details.map { "      \($0)" }).joined(separator: "\n")
    }
}
