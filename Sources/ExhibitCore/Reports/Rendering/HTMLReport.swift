/// HTML rendering of a report document with the shared building blocks (`HTMLDocument`, `HTMLTable`, `HTML`).
public enum HTMLReport {
    /// Renders a document as a self-contained page.
    public static func render(_ document: ReportDocument) -> String {
        var body = "<header><h1>\(HTML.escape(document.title))</h1>\n"
        for line in document.caseLines { body += "<p class=\"case\">\(HTML.escape(line))</p>\n" }
        body += "</header>\n"
        for section in document.sections {
            body += "<section>\n"
            if let heading = section.heading { body += "<h2>\(HTML.escape(heading))</h2>\n" }
            if !section.paragraphs.isEmpty {
                body += "<ol class=\"statement\">\n"
                for paragraph in section.paragraphs { body += item(paragraph) }
                body += "</ol>\n"
            }
            if let table = section.table { body += render(table) }
            body += "</section>\n"
        }
        body += "<p class=\"provenance\">\(HTML.escape(document.provenance))</p>\n"
        let wide = ["exhibits", "disclosures", "log"].contains(document.kind)
        return HTMLDocument(
            title: document.title, marking: document.marking, body: body, extraStyle: wide ? HTMLDocument.landscape : ""
        ).render()
    }

    private static func item(_ paragraph: ReportDocument.Paragraph) -> String {
        var html = paragraph.flag ? "<li><p class=\"flag\">" : "<li><p>"
        if let time = paragraph.time { html += HTML.time(time) + ": " }
        html += HTML.lines(paragraph.text)
        if let entry = paragraph.entry { html += " " + HTML.entry(entry) }
        return html + "</p></li>\n"
    }

    /// A report table as an accessible HTML table.
    public static func render(_ table: ReportTable) -> String {
        let rows = table.rows.map { row in
            row.map { cell -> String in
                var html = cell.time.map { HTML.time($0) } ?? HTML.lines(cell.text)
                if let entry = cell.entry { html += (html.isEmpty ? "" : " ") + HTML.entry(entry) }
                return html
            }
        }
        let classes = table.rows.map { row in row.map { $0.flag ? "flag" : nil } }
        return HTMLTable.render(caption: table.caption, columns: table.columns.map(\.title), rows: rows, cellClasses: classes)
    }
}
