import Foundation

/// Small HTML building blocks shared by every report (the case file's and, later, the bundle report): every
/// string that reaches a page goes through `escape`, times are `<time>` elements in UK local time with the
/// UTC instant in their `datetime` and `title`.
public enum HTML {
    /// Escapes text for element content and quoted attribute values. Control characters other than tab and
    /// new line are dropped (they have no meaning on a page and can confuse readers and parsers).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                let value = scalar.value
                if (value < 0x20 && value != 0x09 && value != 0x0A) || (0x7F...0x9F).contains(value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Escaped text with new lines as `<br>`.
    public static func lines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "<br>")
    }

    /// A `<time>` element: UK local time shown, the UTC instant in `datetime` and `title`.
    /// - Parameter utc: an RFC 3339 UTC time as the ledger stores it.
    /// - Returns: the element's HTML.
    public static func time(_ utc: String) -> String {
        let shown = UKTime.display(ledgerTime: utc)
        return "<time datetime=\"\(escape(utc))\" title=\"\(escape(utc)) (UTC)\">\(escape(shown))</time>"
    }

    /// A reference to a ledger entry, e.g. `entry 7`.
    public static func entry(_ sequence: Int) -> String {
        "<span class=\"entry\" title=\"custody ledger entry \(sequence)\">entry \(sequence)</span>"
    }
}
