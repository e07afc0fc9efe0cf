/// Text from users and files made safe to print: control characters (C0 except tab, DEL, C1) and the Unicode
/// characters that reorder or hide text on a terminal (bidirectional overrides and isolates, zero-width
/// characters) are shown as escapes such as `\x1b` or `\u{202E}`, so a file name cannot move the cursor,
/// change colours, rewrite the screen or disguise what it says.
public enum TerminalText {
    /// `text` with every unsafe character escaped; line feeds are kept when `keepLineBreaks`.
    public static func escape(_ text: String, keepLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0) && !(keepLineBreaks && $0 == "\n") }) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if keepLineBreaks, scalar == "\n" {
                out.unicodeScalars.append(scalar)
            } else if isUnsafe(scalar) {
                out += scalar.value < 0x100 ? "\\x" + hex(scalar.value, width: 2) : "\\u{" + hex(scalar.value, width: 4) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// True for a character that must not reach a terminal as it is.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
