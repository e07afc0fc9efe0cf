/// The settings a case store records in its ledger (`setting` entries), with their defaults. A plain value:
/// the store reads it from its `setting` table, the reports fold it from the entries.
public struct StoreSettings: Sendable, Codable, Equatable {
    /// The settings `exhibit setting` accepts.
    public enum Name: String, Sendable, CaseIterable {
        /// `on` / `off`: reading commands record a `consulted` entry (DPA 2018 s.62).
        case recordConsultation = "record-consultation"
        /// `HH:MM` (Europe/London): when the working day ends for the joint-working clocks.
        case workingDayEnd = "working-day-end"
        /// The protective marking printed on every page of a report, e.g. `OFFICIAL-SENSITIVE`.
        case protectiveMarking = "protective-marking"
    }

    /// True when reading commands record a `consulted` entry.
    public var recordConsultation = false
    /// Minutes after midnight (Europe/London) at which the working day ends; 17:00 by default.
    public var workingDayEndMinutes = 17 * 60
    /// The protective marking of the case file.
    public var protectiveMarking = "OFFICIAL-SENSITIVE"

    /// The defaults.
    public init() {}

    /// The end of the working day as `HH:MM`.
    public var workingDayEnd: String { Self.formatClockTime(workingDayEndMinutes) }

    /// Checks a value for a setting and returns it normalised (`on`/`off`, `HH:MM`, trimmed marking).
    /// - Throws: `ExhibitError.badInput` for an unknown setting or a malformed value.
    public static func normalise(name: String, value: String) throws -> (Name, String) {
        guard let known = Name(rawValue: name) else {
            let names = Name.allCases.map(\.rawValue).joined(separator: ", ")
            throw ExhibitError.badInput("no setting \(name); the settings are \(names)")
        }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        switch known {
        case .recordConsultation:
            guard ["on", "off"].contains(trimmed) else { throw ExhibitError.badInput("\(name) is on or off, not \(value)") }
            return (known, trimmed)
        case .workingDayEnd:
            guard let minutes = parseClockTime(trimmed) else {
                throw ExhibitError.badInput("\(name) is a time of day such as 17:00, not \(value)")
            }
            return (known, formatClockTime(minutes))
        case .protectiveMarking:
            guard !trimmed.isEmpty, trimmed.count <= 64,
                trimmed.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F })
            else { throw ExhibitError.badInput("\(name) must be 1 to 64 printable characters, such as OFFICIAL-SENSITIVE") }
            return (known, trimmed)
        }
    }

    /// Applies a recorded setting; unknown names (from a later version) are ignored.
    public mutating func apply(name: String, value: String) {
        switch Name(rawValue: name) {
        case .recordConsultation: recordConsultation = value == "on"
        case .workingDayEnd: if let minutes = Self.parseClockTime(value) { workingDayEndMinutes = minutes }
        case .protectiveMarking: protectiveMarking = value
        case nil: break
        }
    }

    /// Minutes after midnight from `HH:MM` (00:00 to 23:59), or nil.
    static func parseClockTime(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
            (0..<24).contains(hours), (0..<60).contains(minutes)
        else { return nil }
        return hours * 60 + minutes
    }

    /// `HH:MM` from minutes after midnight.
    static func formatClockTime(_ minutes: Int) -> String {
        let hours = minutes / 60
        let rest = minutes % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
    }
}
