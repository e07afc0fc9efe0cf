/// Undoes encodings that could hide an identifier from the detectors, while keeping the document valid:
/// HTML numeric character references (`&#64;` → `@`), JSON `\uXXXX` escapes and Unicode spaces. Characters that are
/// syntax in the format (`<`, `&`, `"`, `\`, control characters) stay encoded.
enum TextNormaliser {
    /// HTML and XML: decodes numeric character references (`&#64;`, `&#x40;`, with any number of leading zeros
    /// and, as browsers do, without the closing `;`) and the named references for `@ . + ( ) :` and no-break
    /// space, unless the character is markup (`< > & " '`) or a control character.
    static func html(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "&")) else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "&"), let (scalar, end) = reference(bytes, at: index),
                let character = Unicode.Scalar(scalar), scalar >= 0x20, scalar != 0x7F,
                !"<>&\"'".unicodeScalars.contains(character)
            {
                output += Array(String(character).utf8)
                index = end
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        return output
    }

    private static let namedReferences: [String: UInt32] = [
        "commat": 0x40, "period": 0x2E, "plus": 0x2B, "lpar": 0x28, "rpar": 0x29, "colon": 0x3A, "nbsp": 0xA0,
    ].merging(latinLetterReferences) { first, _ in first }

    /// The named references of Latin letters with diacritics (`&oacute;` → ó), so a name cannot hide behind them.
    private static let latinLetterReferences: [String: UInt32] = {
        var table: [String: UInt32] = [
            "szlig": 0xDF, "AElig": 0xC6, "aelig": 0xE6, "Oslash": 0xD8, "oslash": 0xF8, "ETH": 0xD0, "eth": 0xF0,
            "THORN": 0xDE, "thorn": 0xFE, "OElig": 0x152, "oelig": 0x153, "Scaron": 0x160, "scaron": 0x161,
            "Yuml": 0x178, "Zcaron": 0x17D, "zcaron": 0x17E,
        ]
        let marks: [(String, String)] = [
            ("grave", "AEIOU"), ("acute", "AEIOUY"), ("circ", "AEIOU"), ("tilde", "ANO"), ("uml", "AEIOU"),
            ("ring", "A"), ("cedil", "C"),
        ]
        for (mark, letters) in marks {
            for letter in letters {
                for character in [letter, Character(letter.lowercased())] {
                    let composed = "\(character)\(combining[mark] ?? "")".precomposedStringWithCanonicalMapping
                    if let scalar = composed.unicodeScalars.first, composed.unicodeScalars.count == 1 {
                        table["\(character)\(mark)"] = scalar.value
                    }
                }
            }
        }
        table["yuml"] = 0xFF
        return table
    }()

    private static let combining: [String: String] = [
        "grave": "\u{300}", "acute": "\u{301}", "circ": "\u{302}", "tilde": "\u{303}", "uml": "\u{308}", "ring": "\u{30A}",
        "cedil": "\u{327}",
    ]

    /// The character reference starting at the `&` at `start`: its scalar value and the offset after it.
    private static func reference(_ bytes: [UInt8], at start: Int) -> (UInt32, Int)? {
        var index = start + 1
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            var radix: UInt32 = 10
            if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "x") {
                radix = 16
                index += 1
            }
            var value: UInt32 = 0
            var digits = 0
            var significant = 0
            while index < bytes.count, let digit = digitValue(bytes[index], radix: radix) {
                digits += 1
                if value > 0 || digit > 0 { significant += 1 }
                // More significant digits than any code point has: not a character; left as it is.
                guard significant <= 7 else { return nil }
                value = value * radix + digit
                index += 1
            }
            guard digits > 0 else { return nil }
            if index < bytes.count, bytes[index] == UInt8(ascii: ";") { index += 1 }
            return (value, index)
        }
        let nameEnd =
            bytes[index..<min(bytes.count, index + 8)].firstIndex { !ByteScan.isLetter($0) } ?? min(bytes.count, index + 8)
        let name = String(decoding: bytes[index..<nameEnd], as: UTF8.self)
        guard let value = namedReferences[name] else { return nil }
        if nameEnd < bytes.count, bytes[nameEnd] == UInt8(ascii: ";") { return (value, nameEnd + 1) }
        // Only the legacy `&nbsp` is recognised without its `;`.
        return name == "nbsp" ? (value, nameEnd) : nil
    }

    private static func digitValue(_ byte: UInt8, radix: UInt32) -> UInt32? {
        if ByteScan.isDigit(byte) { return UInt32(byte - 0x30) }
        let lower = byte | 0x20
        if radix == 16, lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "f") { return UInt32(lower - 0x61 + 10) }
        return nil
    }

    /// Unicode spaces (no-break, thin, narrow, ideographic…) become plain spaces, and invisible characters that
    /// can sit inside a word (soft hyphen, zero-width space, word joiner, byte-order mark) are dropped, so
    /// `Jade\u{00A0}Wilson` and `Ja\u{200B}de` read as written. Joiners used by emoji are kept.
    static func spaces(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(where: { $0 == 0xC2 || $0 == 0xE1 || $0 == 0xE2 || $0 == 0xE3 || $0 == 0xEF }) else {
            return bytes
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let second = index + 1 < bytes.count ? bytes[index + 1] : 0
            let third = index + 2 < bytes.count ? bytes[index + 2] : 0
            switch (byte, second, third) {
            case (0xC2, 0xA0, _):  // U+00A0 no-break space
                output.append(0x20)
                index += 2
            case (0xC2, 0xAD, _):  // U+00AD soft hyphen
                index += 2
            case (0xE1, 0x9A, 0x80), (0xE2, 0x80, 0x80...0x8A), (0xE2, 0x80, 0xAF), (0xE2, 0x81, 0x9F), (0xE3, 0x80, 0x80):
                // U+1680, U+2000–U+200A, U+202F, U+205F, U+3000: spaces
                output.append(0x20)
                index += 3
            case (0xE2, 0x80, 0x8B), (0xE2, 0x81, 0xA0), (0xEF, 0xBB, 0xBF):
                // U+200B zero-width space, U+2060 word joiner, U+FEFF byte-order mark / zero-width no-break space
                index += 3
            default:
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// JSON: decodes `\uXXXX` (and surrogate pairs) unless the character is `"`, `\` or a control character.
    static func json(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "\\")) else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        func hex(_ at: Int) -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            return UInt32(String(decoding: bytes[at..<(at + 4)], as: UTF8.self), radix: 16)
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                output.append(bytes[index])
                index += 1
                continue
            }
            // Facebook's exports write each UTF-8 byte as its own escape ("\u00c5\u0082" for "ł"): read them as UTF-8.
            if bytes[index + 1] == UInt8(ascii: "u"), let (decoded, length) = utf8Escapes(bytes, at: index, hex: hex) {
                output += decoded
                index += length
                continue
            }
            if bytes[index + 1] == UInt8(ascii: "u"), var value = hex(index + 2) {
                var length = 6
                if (0xD800...0xDBFF).contains(value), index + 11 < bytes.count, bytes[index + 6] == UInt8(ascii: "\\"),
                    bytes[index + 7] == UInt8(ascii: "u"), let low = hex(index + 8), (0xDC00...0xDFFF).contains(low)
                {
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    length = 12
                }
                if let character = Unicode.Scalar(value), value >= 0x20, value != 0x22, value != 0x5C {
                    output += Array(String(character).utf8)
                    index += length
                    continue
                }
            }
            // Any other escape is copied as it is, both bytes together.
            output.append(bytes[index])
            output.append(bytes[index + 1])
            index += 2
        }
        return output
    }

    /// A UTF-8 sequence written as one `\u00XX` escape per byte at `start` (a lead byte C2–F4, then continuation
    /// bytes 80–BF): its bytes and the length of the escapes, or nil.
    private static func utf8Escapes(_ bytes: [UInt8], at start: Int, hex: (Int) -> UInt32?) -> ([UInt8], Int)? {
        guard let lead = hex(start + 2), (0xC2...0xF4).contains(lead) else { return nil }
        let count = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var sequence = [UInt8(lead)]
        for offset in 1..<count {
            let at = start + offset * 6
            guard at + 6 <= bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u"),
                let value = hex(at + 2), (0x80...0xBF).contains(value)
            else { return nil }
            sequence.append(UInt8(value))
        }
        guard String(validating: sequence, as: UTF8.self) != nil, sequence[0] != 0xC2 || sequence[1] >= 0xA0 else {
            return nil
        }
        return (sequence, count * 6)
    }

    /// Text as words, for detection only: `_ . - +` become spaces, and so do the joins of camelCase and of
    /// letters and digits, so that names written as `jade_wilson` or `JadeWilson` (file names, identifiers)
    /// are seen. Runs that look like hexadecimal digests (8 or more hex digits mixing letters and digits) are
    /// left whole, so a hash is not read as a string of short numbers.
    static func words(_ text: String) -> String {
        let bytes = Array(text.utf8)
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: asciiWords(bytes), as: UTF8.self) }
        var output = ""
        var run: [Character] = []
        func flush() {
            let hexLike =
                run.count >= 8 && run.allSatisfy(\.isHexDigit) && run.contains(where: \.isNumber)
                && run.contains(where: \.isLetter)
            var previous: Character?
            for character in run {
                if !hexLike, let previous,
                    (previous.isLowercase && character.isUppercase) || (previous.isLetter && character.isNumber)
                        || (previous.isNumber && character.isLetter)
                {
                    output.append(" ")
                }
                output.append(character)
                previous = character
            }
            run.removeAll(keepingCapacity: true)
        }
        for character in text {
            if character.isLetter || character.isNumber {
                run.append(character)
                continue
            }
            flush()
            output.append("_.-+".contains(character) ? " " : character)
        }
        flush()
        return output
    }

    /// `words` for ASCII text, byte by byte (the same rules; the custody entries and file names of a large export
    /// are read here, and Unicode character properties cost far more than the bytes).
    static func asciiWords(_ text: [UInt8]) -> [UInt8] {
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        func isNumber(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isHex(_ byte: UInt8) -> Bool { isNumber(byte) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66) }
        func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
        func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
        var output: [UInt8] = []
        output.reserveCapacity(text.count + text.count / 8)
        var start = 0
        func flush(_ end: Int) {
            guard end > start else { return }
            let run = text[start..<end]
            let hexLike =
                run.count >= 8 && run.allSatisfy(isHex) && run.contains(where: isNumber) && run.contains(where: isLetter)
            var previous: UInt8?
            for byte in run {
                if !hexLike, let previous,
                    (isLower(previous) && isUpper(byte)) || (isLetter(previous) && isNumber(byte))
                        || (isNumber(previous) && isLetter(byte))
                {
                    output.append(0x20)
                }
                output.append(byte)
                previous = byte
            }
        }
        for (index, byte) in text.enumerated() where !(isLetter(byte) || isNumber(byte)) {
            flush(index)
            start = index + 1
            output.append([0x5F, 0x2E, 0x2D, 0x2B].contains(byte) ? 0x20 : byte)
        }
        flush(text.count)
        return output
    }
}
