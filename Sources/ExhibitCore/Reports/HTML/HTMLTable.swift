/// Accessible HTML tables: a caption, column headings with `scope="col"`, the first cell of each row a
/// heading with `scope="row"`; every cell escaped.
public enum HTMLTable {
    /// A table of already-escaped cell HTML.
    /// - Parameters:
    ///   - caption: the caption (escaped here).
    ///   - columns: the column headings (escaped here).
    ///   - rows: each row's cells as HTML; the first becomes the row heading.
    ///   - cellClasses: an optional CSS class per cell (same shape as `rows`).
    /// - Returns: the table's HTML.
    public static func render(caption: String, columns: [String], rows: [[String]], cellClasses: [[String?]] = []) -> String {
        var html = "<table class=\"data\">\n<caption>\(HTML.escape(caption))</caption>\n<thead><tr>"
        for column in columns { html += "<th scope=\"col\">\(HTML.escape(column))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        if rows.isEmpty {
            html += "<tr><td colspan=\"\(max(columns.count, 1))\">None recorded.</td></tr>\n"
        }
        for (rowIndex, row) in rows.enumerated() {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                let cssClass =
                    rowIndex < cellClasses.count && index < cellClasses[rowIndex].count ? cellClasses[rowIndex][index] : nil
                let classAttribute = cssClass.map { " class=\"\(HTML.escape($0))\"" } ?? ""
                html += index == 0 ? "<th scope=\"row\"\(classAttribute)>\(cell)</th>" : "<td\(classAttribute)>\(cell)</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table>\n"
    }
}
