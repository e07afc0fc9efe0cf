import Foundation

/// The joint-working clocks (Working Together to Safeguard Children 2023 and the joint-enquiry procedure),
/// evaluated at a moment from the milestones recorded with `exhibit event`:
/// 1. the police tell children's social care before the end of the working day (from `police-notified`
///    to `csc-notified`);
/// 2. children's social care discuss with the police within 24 clock hours (from the first of
///    `referral-received` and `csc-notified` to `strategy-discussion`);
/// 3. the decision within one working day of the referral (same start, to `decision`);
/// 4. an initial child protection conference within 15 working days of the strategy discussion (to `icpc`);
/// 5. the assessment within 45 working days of the referral (to `assessment-completed`).
/// Working days and the end of the working day are those of `WorkingCalendar`.
public struct ClocksReport: CaseReport, Equatable {
    /// Where a clock stands.
    public enum Status: String, Codable, Sendable {
        case notStarted = "not started"
        case due
        case overdue
        case met
        case metLate = "met late"
    }

    /// A recorded milestone.
    public struct Milestone: Codable, Sendable, Equatable {
        public var kind: MilestoneKind
        /// When it happened (RFC 3339 UTC).
        public var at: String
        public var entry: Int
        public var by: String
        public var note: String?
    }

    /// One clock.
    public struct Clock: Codable, Sendable, Equatable {
        public var id: String
        public var rule: String
        public var start: Milestone?
        /// The deadline (RFC 3339 UTC), once started.
        public var due: String?
        public var metBy: Milestone?
        public var status: Status
        /// How far past the deadline (overdue, met late), or how long is left (due), in minutes.
        public var minutes: Int?
    }

    public var provenance: ReportProvenance
    /// The moment evaluated (RFC 3339 UTC).
    public var at: String
    /// The end of the working day (Europe/London, `HH:MM`).
    public var workingDayEnd: String
    /// The bank holiday tables used and the years they cover.
    public var bankHolidays: [String]
    public var coveredYears: [Int]
    public var clocks: [Clock]
    /// The milestones recorded up to `at`.
    public var milestones: [Milestone]

    /// Evaluates the clocks of a case file at `at`.
    /// - Throws: `ExhibitError.badInput` when a deadline falls in a year the bank holiday table does not cover.
    public init(_ file: CaseFile, at moment: Date, holidays: BankHolidayTable) throws {
        provenance = ReportProvenance(file)
        at = Timestamp.format(moment)
        workingDayEnd = StoreSettings.formatClockTime(file.settings.workingDayEndMinutes)
        bankHolidays = holidays.origins
        coveredYears = holidays.years.sorted()
        let calendar = WorkingCalendar(holidays: holidays, dayEndMinutes: file.settings.workingDayEndMinutes)
        var recorded: [Milestone] = []
        for entry in file.entries where entry.action == .milestone {
            guard let milestone = entry.details?.milestone, let when = Timestamp.parse(milestone.at), when <= moment else {
                continue
            }
            recorded.append(
                Milestone(
                    kind: milestone.kind, at: milestone.at, entry: entry.sequence, by: ExhibitListReport.describe(entry.actor),
                    note: entry.text))
        }
        recorded.sort { ($0.at, $0.entry) < ($1.at, $1.entry) }
        milestones = recorded
        func first(_ kinds: Set<MilestoneKind>, from start: String? = nil) -> Milestone? {
            recorded.first { milestone in kinds.contains(milestone.kind) && start.map { milestone.at >= $0 } ?? true }
        }
        let referral = first([.referralReceived, .cscNotified])
        let definitions: [(String, String, Milestone?, MilestoneKind, (Date) throws -> Date)] = [
            (
                "csc-told", "The police tell children's social care before the end of the working day",
                first([.policeNotified]), .cscNotified, { try calendar.endOfTheWorkingDay(of: $0) }
            ),
            (
                "strategy-discussion", "Children's social care discuss with the police within 24 hours", referral,
                .strategyDiscussion, { WorkingCalendar.end(ofHours: 24, after: $0) }
            ),
            (
                "decision", "Children's social care decide within one working day of the referral", referral, .decision,
                { try calendar.end(ofWorkingDays: 1, after: $0) }
            ),
            (
                "icpc", "Initial child protection conference within 15 working days of the strategy discussion",
                first([.strategyDiscussion]), .icpc, { try calendar.end(ofWorkingDays: 15, after: $0) }
            ),
            (
                "assessment", "Assessment completed within 45 working days of the referral", referral, .assessmentCompleted,
                { try calendar.end(ofWorkingDays: 45, after: $0) }
            ),
        ]
        clocks = try definitions.map { id, rule, start, endKind, deadline in
            guard let start, let began = Timestamp.parse(start.at) else {
                return Clock(id: id, rule: rule, start: nil, due: nil, metBy: nil, status: .notStarted, minutes: nil)
            }
            let due = try deadline(began)
            let met = first([endKind], from: start.at)
            let status: Status
            let minutes: Int
            if let met, let done = Timestamp.parse(met.at) {
                status = done <= due ? .met : .metLate
                minutes = done <= due ? 0 : Int(done.timeIntervalSince(due) / 60)
            } else {
                status = moment <= due ? .due : .overdue
                minutes = Int(abs(due.timeIntervalSince(moment)) / 60)
            }
            return Clock(
                id: id, rule: rule, start: start, due: Timestamp.format(due), metBy: met, status: status,
                minutes: status == .met ? nil : minutes)
        }
    }

    /// `3 h 20 min`.
    static func duration(_ minutes: Int) -> String {
        let days = minutes / (24 * 60)
        let hours = (minutes / 60) % 24
        let rest = minutes % 60
        return (days > 0 ? "\(days) d " : "") + (days > 0 || hours > 0 ? "\(hours) h " : "") + "\(rest) min"
    }

    public func document() -> ReportDocument {
        let columns: [ReportTable.Column] = [
            .init("Clock"), .init("Started by", hasEntry: true), .init("Started", isTime: true), .init("Due", isTime: true),
            .init("Met", isTime: true, hasEntry: true), .init("Status"),
        ]
        let rows = clocks.map { clock -> [ReportTable.Cell] in
            var status = clock.status.rawValue
            if let minutes = clock.minutes {
                switch clock.status {
                case .due: status += ", \(Self.duration(minutes)) left"
                case .overdue, .metLate: status += " by \(Self.duration(minutes))"
                default: break
                }
            }
            return [
                .init(clock.rule), .init(clock.start?.kind.rawValue ?? "", entry: clock.start?.entry), .time(clock.start?.at),
                .time(clock.due), .time(clock.metBy?.at, entry: clock.metBy?.entry),
                .init(status, flag: clock.status == .overdue || clock.status == .metLate),
            ]
        }
        let table = ReportTable(
            caption: "Joint-working clocks at \(UKTime.display(ledgerTime: at))", columns: columns, rows: rows)
        let rules = ReportDocument.Paragraph(
            "Working days are Monday to Friday except bank holidays in England and Wales (\(bankHolidays.joined(separator: ", ")), "
                + "covering \(coveredYears.first.map(String.init) ?? "?")-\(coveredYears.last.map(String.init) ?? "?")). "
                + "The working day ends at \(workingDayEnd) UK time. \"Within 24 hours\" is clock hours; \"within N working days\" "
                + "counts from the first working day after the event and ends at the end of the N-th working day.")
        let events = milestones.map {
            ReportDocument.Paragraph(
                "\($0.kind.rawValue), recorded by \($0.by)" + ($0.note.map { ": \($0)" } ?? ""), time: $0.at, entry: $0.entry)
        }
        return ReportDocument(
            kind: "clocks", title: "Joint-working clocks", marking: provenance.marking, caseLines: provenance.caseLines,
            sections: [
                .init(heading: nil, paragraphs: [rules], table: table),
                .init(heading: "Milestones recorded", paragraphs: events.isEmpty ? [.init("None recorded.")] : events),
            ], csv: table, provenance: provenance.sentence)
    }
}
