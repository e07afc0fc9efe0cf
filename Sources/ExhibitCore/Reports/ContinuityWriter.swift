import Foundation

/// Writes one exhibit's statement of continuity from its entries, and finds the gaps: a seal broken without
/// a reason, a seal number that changes without an unseal, a seal broken that was not the one on the
/// exhibit, handling by someone who is not the custodian with no transfer to them, handling after
/// destruction, and a failed verification.
struct ContinuityWriter {
    let file: CaseFile
    let exhibit: CaseFile.Exhibit

    private typealias Step = ContinuityReport.Step

    func statement() -> ContinuityReport.Statement {
        var steps: [Step] = []
        var gaps: [ContinuityReport.Gap] = []
        var custodian = exhibit.registeredBy.name
        var seal: String?
        var destroyedAt: Int?
        let ref = exhibit.ref
        let registration = exhibit.registered.entry

        let seizedFrom = exhibit.seizedFrom
        if exhibit.receivedFrom == nil {
            steps.append(
                Step(
                    entry: 0, time: exhibit.seizedAt,
                    sentence: "\(exhibit.seizedBy) seized or produced this exhibit from \(seizedFrom)"
                        + (exhibit.seizedAt == nil ? " (the time of seizure was not recorded)." : ".")))
        }
        for sequence in exhibit.history {
            guard let entry = file.entry(sequence) else { continue }
            let who = ExhibitListReport.describe(entry.actor)
            if let destroyed = destroyedAt, entry.action != .consulted {
                gaps.append(
                    .init(entry: sequence, problem: "\(who) handled \(ref) after it was destroyed by entry \(destroyed)."))
            }
            var sentence: String?
            switch entry.action {
            case .registered:
                sentence = "\(who) registered it as exhibit \(ref)" + at(entry) + ": " + files() + "."
            case .received:
                let origin = entry.details?.receivedFrom
                sentence =
                    "\(who) received it"
                    + (origin.map {
                        " from \($0.sender) in bundle \($0.bundleID) (their exhibit \($0.senderRef), policy \($0.policy.id) \($0.policy.version))"
                    } ?? "")
                    + (entry.reason.map { ", for \($0)" } ?? "") + ", and registered it as exhibit \(ref): " + files() + "."
            case .transferred:
                let transfer = entry.details?.transfer
                sentence =
                    "\(who) transferred it from \(transfer?.from ?? "?") to \(transfer?.to ?? "?")" + because(entry) + at(entry)
                    + "."
                if let to = transfer?.to { custodian = to }
            case .returned:
                let to = entry.details?.transfer?.to ?? "?"
                sentence = "\(who) returned it to \(to)" + because(entry) + at(entry) + "."
                custodian = to
            case .accessed:
                sentence = "\(who) examined it" + because(entry) + at(entry) + "."
                if !Self.samePerson(entry.actor, custodian) {
                    gaps.append(
                        .init(
                            entry: sequence,
                            problem:
                                "\(entry.actor.name) examined \(ref) while it was in the custody of \(custodian), with no transfer to them."
                        ))
                }
            case .note:
                sentence = "\(who) noted: \(entry.text ?? "")"
            case .sealed:
                let number = entry.details?.seal?.number ?? "?"
                sentence = "\(who) sealed it with seal \(number)" + at(entry) + "."
                if let current = seal, current != number {
                    gaps.append(
                        .init(
                            entry: sequence,
                            problem: "The seal of \(ref) changed from \(current) to \(number) with no unsealing recorded."))
                }
                seal = number
            case .unsealed:
                let number = entry.details?.seal?.number ?? "?"
                sentence = "\(who) broke seal \(number)" + because(entry) + at(entry) + "."
                if entry.reason?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true {
                    gaps.append(.init(entry: sequence, problem: "Seal \(number) of \(ref) was broken with no reason recorded."))
                }
                if let current = seal, current != number {
                    gaps.append(
                        .init(entry: sequence, problem: "Seal \(number) was broken, but \(ref) was sealed with \(current)."))
                } else if seal == nil {
                    gaps.append(.init(entry: sequence, problem: "Seal \(number) was broken, but no seal of \(ref) was recorded."))
                }
                seal = nil
            case .marked:
                let mark = entry.details?.mark
                sentence = "\(who) marked a region of \(mark?.file ?? "a file") to be blacked out" + because(entry) + "."
            case .redacted:
                sentence = redaction(entry, who: who)
            case .exported:
                let export = entry.details?.export
                let partner = export.map { file.partners[$0.partner] ?? $0.partner } ?? "a partner"
                sentence =
                    "\(who) exported it to \(partner)"
                    + (export.map { " in bundle \($0.bundleID) under policy \($0.policy.id) \($0.policy.version)" } ?? "")
                    + (entry.reason.map { ", for \($0)" } ?? "") + "."
            case .receipt:
                let receipt = entry.details?.receipt
                let partner = receipt.map { file.partners[$0.receiver] ?? $0.receiver } ?? "the partner"
                let verdict = receipt?.accepted == false ? "rejected" : "accepted"
                sentence =
                    "\(who) recorded \(partner)'s signed receipt for bundle \(receipt?.bundleID ?? "?"): \(verdict)"
                    + (receipt.map { ", received \(UKTime.display(ledgerTime: $0.receivedAt))" } ?? "") + "."
            case .destroyed:
                let destruction = entry.details?.destruction
                sentence =
                    "\(who) destroyed it on the authority of \(destruction?.authority ?? "?")" + because(entry)
                    + ": \(destruction?.erased.count ?? 0) stored object(s) erased, their SHA-256 kept in this ledger."
                destroyedAt = sequence
            case .extracted:
                let extraction = entry.details?.extraction
                sentence =
                    "\(who) took copies of its files out of the store"
                    + (extraction.map { " into \($0.destination)" } ?? "") + because(entry) + "."
            case .classified, .consulted:
                sentence = nil
            default:
                sentence = "\(who): \(entry.action.rawValue)" + because(entry) + "."
            }
            if let sentence { steps.append(Step(entry: sequence, time: entry.time, sentence: sentence)) }
        }
        var gapsFound = gaps
        let verification = lastVerification(after: registration)
        if let verification, !verification.passed {
            gapsFound.append(.init(entry: verification.entry, problem: "The last verification of the store found problems."))
        }
        return ContinuityReport.Statement(
            ref: ref, description: exhibit.description.value, steps: steps, gaps: gapsFound,
            registeredHashes: Dictionary(exhibit.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first }),
            lastVerification: verification?.step)
    }

    /// The files and their hashes as registered.
    private func files() -> String {
        let listed = exhibit.files.prefix(20).map { "\($0.path) (SHA-256 \($0.sha256))" }.joined(separator: ", ")
        let more = exhibit.files.count > 20 ? " and \(exhibit.files.count - 20) more files" : ""
        return "\(exhibit.files.count) file(s): \(listed)\(more)"
    }

    private func because(_ entry: LedgerEntry) -> String {
        guard let reason = entry.reason, !reason.isEmpty else { return "" }
        return " (\(reason))"
    }

    private func at(_ entry: LedgerEntry) -> String { entry.location.map { " at \($0)" } ?? "" }

    private func redaction(_ entry: LedgerEntry, who: String) -> String {
        guard let details = entry.details?.redaction else { return "\(who) redacted it." }
        let items = details.items.filter { $0.ref == exhibit.ref }.map { item -> String in
            let derived = item.derived.map { ", copy SHA-256 \($0.sha256)" } ?? ""
            return "\(item.file): \(item.treatment.rawValue)\(derived)"
        }
        return "\(who) applied sharing policy \(details.policy.id) \(details.policy.version): " + items.joined(separator: "; ")
            + "."
    }

    /// The last `verified` entry after `registration`.
    private func lastVerification(after registration: Int) -> (entry: Int, passed: Bool, step: Step)? {
        for entry in file.entries.reversed() where entry.action == .verified && entry.sequence > registration {
            guard let details = entry.details?.verification else { continue }
            let who = ExhibitListReport.describe(entry.actor)
            let sentence =
                details.passed
                ? "\(who) verified the case store: \(details.objects) object(s) re-hashed, each matching its registered SHA-256, and \(details.entries) ledger entries checked."
                : "\(who) verified the case store and found \(details.problems.count) problem(s): \(details.problems.prefix(3).joined(separator: "; "))."
            return (entry.sequence, details.passed, Step(entry: entry.sequence, time: entry.time, sentence: sentence))
        }
        return nil
    }

    /// True when an actor is the named custodian: the same name, or the custodian's name beginning with the
    /// actor's (`DS 1187 Jo Reed (digital media investigator)` is `DS 1187 Jo Reed`), ignoring case and spacing.
    static func samePerson(_ actor: Actor, _ custodian: String) -> Bool {
        func normal(_ text: String) -> String {
            text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let name = normal(actor.name)
        let held = normal(custodian)
        guard !name.isEmpty, !held.isEmpty else { return false }
        if name == held { return true }
        for (long, short) in [(held, name), (name, held)] where long.hasPrefix(short) {
            let next = long[long.index(long.startIndex, offsetBy: short.count)]
            if next == " " || next == "(" || next == "," { return true }
        }
        return false
    }
}
