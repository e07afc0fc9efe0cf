/// A report laid out independently of its format: a title, the protective marking, sections of paragraphs
/// and tables, each line naming its ledger entry. The HTML, CSV and text renderers read only this.
public struct ReportDocument: Sendable, Equatable {
    /// A paragraph, optionally timed, backed by an entry, or flagged as a gap in continuity.
    public struct Paragraph: Sendable, Equatable {
        public var text: String
        /// A ledger time (RFC 3339 UTC), shown in UK local time before the text.
        public var time: String?
        public var entry: Int?
        /// True for a problem the reader must see (a continuity gap, an overdue clock).
        public var flag: Bool

        /// Creates a paragraph.
        public init(_ text: String, time: String? = nil, entry: Int? = nil, flag: Bool = false) {
            self.text = text
            self.time = time
            self.entry = entry
            self.flag = flag
        }
    }

    /// One part of the report.
    public struct Section: Sendable, Equatable {
        public var heading: String?
        public var paragraphs: [Paragraph]
        public var table: ReportTable?

        /// Creates a section.
        public init(heading: String?, paragraphs: [Paragraph] = [], table: ReportTable? = nil) {
            self.heading = heading
            self.paragraphs = paragraphs
            self.table = table
        }
    }

    /// Short identifier, e.g. `exhibits` (used in file names and CSS classes).
    public var kind: String
    /// The title, e.g. `Exhibit list (MG12)`.
    public var title: String
    /// The protective marking printed at the top and bottom of every page.
    public var marking: String
    /// Lines naming the case (reference, agency, officer in the case).
    public var caseLines: [String]
    public var sections: [Section]
    /// The table a CSV export holds (every tabular report has one).
    public var csv: ReportTable?
    /// What the report was built from: `ledger entries 1 to N, head …`.
    public var provenance: String
}

/// A table with a caption, column headings and cells that can carry a time and a backing entry.
public struct ReportTable: Sendable, Equatable {
    /// A column.
    public struct Column: Sendable, Equatable {
        public var title: String
        /// Cells hold ledger times: shown in UK local time; CSV adds a UTC column.
        public var isTime: Bool
        /// Cells name their backing entry: CSV adds an entry column.
        public var hasEntry: Bool

        /// Creates a column.
        public init(_ title: String, isTime: Bool = false, hasEntry: Bool = false) {
            self.title = title
            self.isTime = isTime
            self.hasEntry = hasEntry
        }
    }

    /// A cell.
    public struct Cell: Sendable, Equatable {
        public var text: String
        /// The RFC 3339 UTC time the cell shows (in a time column).
        public var time: String?
        public var entry: Int?
        public var flag: Bool

        /// Creates a cell.
        public init(_ text: String, time: String? = nil, entry: Int? = nil, flag: Bool = false) {
            self.text = text
            self.time = time
            self.entry = entry
            self.flag = flag
        }

        /// A cell showing a ledger time in UK local time.
        public static func time(_ utc: String?, entry: Int? = nil) -> Cell {
            guard let utc else { return Cell("", entry: entry) }
            return Cell(UKTime.display(ledgerTime: utc), time: utc, entry: entry)
        }
    }

    public var caption: String
    public var columns: [Column]
    public var rows: [[Cell]]

    /// Creates a table.
    public init(caption: String, columns: [Column], rows: [[Cell]]) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
    }
}
