import Foundation

/// A time typed on the command line: RFC 3339 (`2026-11-18T17:05:00Z`, `…+01:00`) or the forms people in the UK
/// write (`18/11/2026 17:05`, `18/11/2026 17:05:30`, `18/11/2026`, which is its start), read as Europe/London
/// whatever the machine's own zone. A local time that does not exist (the hour skipped when the clocks go
/// forward) or that happens twice (the hour repeated when they go back) is refused, asking for an offset.
package enum TimeInput {
    /// What was read.
    package struct Reading: Sendable, Equatable {
        /// The instant, RFC 3339 UTC with milliseconds.
        package var utc: String
        /// How the text was read, for the command to say: `18/11/2026 17:05 read as 17:05 GMT (2026-11-18T17:05:00.000Z)`;
        /// nil for RFC 3339, which needs no explanation.
        package var explanation: String?
    }

    /// Reads `text`.
    /// - Parameters:
    ///   - text: the time as typed.
    ///   - flag: the option, for messages.
    /// - Returns: the instant and how it was read.
    /// - Throws: `.badInput` for an unreadable time, or one that does not exist or is ambiguous in UK local time.
    package static func read(_ text: String, flag: String) throws -> Reading {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let utc = Timestamp.normalise(trimmed) { return Reading(utc: utc, explanation: nil) }
        guard let local = ukForm(trimmed) else {
            throw ExhibitError.badInput(
                "\(flag) \"\(text)\" is not a time: give RFC 3339 (2026-11-18T17:05:00Z) or a UK date and time "
                    + "(18/11/2026 17:05, read as UK local time)")
        }
        guard let zone = TimeZone(identifier: "Europe/London") else {
            throw ExhibitError.environment("the time zone Europe/London is not installed (install tzdata)")
        }
        var utcCalendar = Calendar(identifier: .gregorian)
        utcCalendar.timeZone = TimeZone(secondsFromGMT: 0) ?? utcCalendar.timeZone
        guard
            let wall = utcCalendar.date(
                from: DateComponents(
                    year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute,
                    second: local.second)),
            utcCalendar.component(.day, from: wall) == local.day
        else {
            throw ExhibitError.badInput("\(flag) \"\(text)\" is not a date that exists")
        }
        // The instants whose Europe/London reading is this wall-clock time: GMT (+0) and BST (+1) are the candidates.
        let candidates = [0, 3600].map { wall.addingTimeInterval(-Double($0)) }.filter {
            zone.secondsFromGMT(for: $0) == Int(wall.timeIntervalSince($0))
        }
        let shown = String(format: "%02d:%02d", local.hour, local.minute)
        guard let instant = candidates.first else {
            throw ExhibitError.badInput(
                "\(flag) \"\(text)\": \(shown) did not happen in the UK that day (the clocks went forward); "
                    + "give the time with an offset, e.g. 2026-03-29T01:30:00+00:00")
        }
        guard candidates.count == 1 else {
            throw ExhibitError.badInput(
                "\(flag) \"\(text)\": \(shown) happened twice in the UK that day (the clocks went back); give the time "
                    + "with its offset: +01:00 for the first (BST), +00:00 for the second (GMT)")
        }
        let utc = Timestamp.format(instant)
        let zoneName = zone.isDaylightSavingTime(for: instant) ? "BST" : "GMT"
        return Reading(utc: utc, explanation: "\(flag) \(trimmed) read as \(shown) \(zoneName), UK time (\(utc))")
    }

    private struct Local {
        var year: Int
        var month: Int
        var day: Int
        var hour = 0
        var minute = 0
        var second = 0
    }

    /// `dd/mm/yyyy[ HH:MM[:SS]]` (one-digit day and month allowed).
    private static func ukForm(_ text: String) -> Local? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "/", omittingEmptySubsequences: false)
        guard date.count == 3, date[2].count == 4, (1...2).contains(date[0].count), (1...2).contains(date[1].count),
            let day = Int(date[0]), let month = Int(date[1]), let year = Int(date[2]),
            (1...31).contains(day), (1...12).contains(month), (1900...9999).contains(year)
        else { return nil }
        var local = Local(year: year, month: month, day: day)
        if parts.count == 2 {
            let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(time.count), time.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
                let hour = Int(time[0]), let minute = Int(time[1]), (0...23).contains(hour), (0...59).contains(minute)
            else { return nil }
            local.hour = hour
            local.minute = minute
            if time.count == 3 {
                guard let second = Int(time[2]), (0...59).contains(second) else { return nil }
                local.second = second
            }
        }
        return local
    }
}
