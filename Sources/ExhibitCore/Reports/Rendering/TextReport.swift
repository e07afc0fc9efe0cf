import Foundation

/// Plain-text rendering of a report: safe for a terminal (control and bidirectional-override characters
/// are shown as `\u{…}`), each table row as a block of `Column: value` lines.
public enum TextReport {
    /// Renders a document as text.
    public static func render(_ document: ReportDocument) -> String {
        var lines: [String] = [safe(document.marking), "", safe(document.title)]
        lines.append(String(repeating: "=", count: document.title.count))
        lines += document.caseLines.map(safe)
        for section in document.sections {
            lines.append("")
            if let heading = section.heading {
                lines.append(safe(heading))
                lines.append(String(repeating: "-", count: heading.count))
            }
            for paragraph in section.paragraphs { lines.append(line(paragraph)) }
            if let table = section.table { lines += render(table) }
        }
        lines += ["", safe(document.provenance), "", safe(document.marking)]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func line(_ paragraph: ReportDocument.Paragraph) -> String {
        var text = paragraph.flag ? "GAP: " : ""
        if let time = paragraph.time { text += UKTime.display(ledgerTime: time) + ": " }
        text += paragraph.text
        if let entry = paragraph.entry { text += " [entry \(entry)]" }
        return safe(text)
    }

    private static func render(_ table: ReportTable) -> [String] {
        var lines: [String] = []
        if table.rows.isEmpty { return ["(none)"] }
        for row in table.rows {
            for (index, cell) in row.enumerated() where index < table.columns.count {
                guard !cell.text.isEmpty || cell.entry != nil else { continue }
                let value = cell.text.replacingOccurrences(of: "\n", with: "\n      ")
                let entry = cell.entry.map { " [entry \($0)]" } ?? ""
                let flag = cell.flag ? " (!)" : ""
                lines.append(
                    index == 0
                        ? safe("\(value)\(entry)\(flag)") : safe("  \(table.columns[index].title): \(value)\(entry)\(flag)"))
            }
        }
        return lines
    }

    /// Text with control characters (other than new lines) and bidirectional overrides made visible.
    public static func safe(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let dangerous =
                (value < 0x20 && value != 0x0A) || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
                || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F
            if dangerous {
                out += "\\u{\(String(value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
