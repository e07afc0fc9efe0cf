/// RFC 4180 CSV: fields separated by commas, quoted with `"` (doubled inside quotes), rows by CRLF or LF.
package enum CSVReader {
    /// One row and the line (from 1) it starts on.
    package struct Record: Sendable, Equatable {
        /// The line the row starts on (a quoted field may span lines).
        package var line: Int
        /// The row's fields.
        package var fields: [String]
    }

    /// Why a text is not CSV.
    package enum Failure: Error, Equatable {
        /// A quoted field opened on `line` is never closed.
        case unclosedQuote(line: Int)
    }

    /// Every row's fields (a trusted table: an unclosed quote ends at the end of the text).
    package static func rows(_ text: String) -> [[String]] {
        parse(text).records.map(\.fields)
    }

    /// Every row with the line it starts on.
    /// - Throws: `Failure.unclosedQuote` naming the line where a quoted field opens and never closes.
    package static func records(_ text: String) throws -> [Record] {
        let parsed = parse(text)
        if let line = parsed.unclosedQuote { throw Failure.unclosedQuote(line: line) }
        return parsed.records
    }

    private static func parse(_ text: String) -> (records: [Record], unclosedQuote: Int?) {
        var records: [Record] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var quoteLine = 0
        var line = 1
        var rowLine = 1
        var iterator = text.makeIterator()
        var pending: Character?
        while let char = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if char == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    if char.isNewline { line += 1 }
                    field.append(char)
                }
                continue
            }
            switch char {
            case "\"" where field.isEmpty:
                quoted = true
                quoteLine = line
            case ",":
                row.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                row.append(field)
                records.append(Record(line: rowLine, fields: row))
                row = []
                field = ""
                line += 1
                rowLine = line
            default: field.append(char)
            }
        }
        if !field.isEmpty || !row.isEmpty || quoted {
            row.append(field)
            records.append(Record(line: rowLine, fields: row))
        }
        return (records, quoted ? quoteLine : nil)
    }
}
