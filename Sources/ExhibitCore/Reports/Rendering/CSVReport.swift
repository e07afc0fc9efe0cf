import Foundation

/// CSV rendering of a report's table (RFC 4180, CRLF line ends). A time column is followed by its UTC
/// value, a column with backing entries by an entry column; a cell that a spreadsheet would run as a
/// formula (starting `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with `'`.
public enum CSVReport {
    /// Renders the document's CSV table (an empty table when it has none).
    public static func render(_ document: ReportDocument) -> String {
        guard let table = document.csv else { return "\r\n" }
        var header: [String] = []
        for column in table.columns {
            header.append(column.title)
            if column.isTime { header.append("\(column.title) (UTC)") }
            if column.hasEntry { header.append("\(column.title) entry") }
        }
        var lines = [header.map(field).joined(separator: ",")]
        for row in table.rows {
            var fields: [String] = []
            for (index, column) in table.columns.enumerated() {
                let cell = index < row.count ? row[index] : ReportTable.Cell("")
                fields.append(field(cell.text))
                if column.isTime { fields.append(field(cell.time ?? "")) }
                if column.hasEntry { fields.append(cell.entry.map(String.init) ?? "") }
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One field, guarded against formula injection and quoted when needed.
    public static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
