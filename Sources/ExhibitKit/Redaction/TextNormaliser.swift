/// Undoes encodings that could hide an identifier from the detectors, while keeping the document valid:
/// HTML numeric character references (`&#64;` → `@`) and JSON `\uXXXX` escapes. Characters that are
/// syntax in the format (`<`, `&`, `"`, `\`, control characters) stay encoded.
enum TextNormaliser {
    /// HTML: decodes `&#NN;`, `&#xHH;` and the named references for `@ . + ( ) :` unless the character is
    /// markup (`< > & " '`) or a control character.
    static func html(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "&")) else { return bytes }
        let named: [String: UInt32] = [
            "commat": 0x40, "period": 0x2E, "plus": 0x2B, "lpar": 0x28, "rpar": 0x29, "colon": 0x3A, "nbsp": 0x20,
        ]
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "&"),
                let semicolon = bytes[index..<min(bytes.count, index + 12)].firstIndex(of: UInt8(ascii: ";"))
            {
                let name = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
                var scalar: UInt32?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    scalar = UInt32(name.dropFirst(2), radix: 16)
                } else if name.hasPrefix("#") {
                    scalar = UInt32(name.dropFirst(), radix: 10)
                } else {
                    scalar = named[name]
                }
                if let scalar, let character = Unicode.Scalar(scalar), scalar >= 0x20,
                    !"<>&\"'".unicodeScalars.contains(character)
                {
                    output += Array(String(character).utf8)
                    index = semicolon + 1
                    continue
                }
            }
            output.append(bytes[index])
            index += 1
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

    /// Text as words, for detection only: `_ . - +` become spaces, and so do the joins of camelCase and of
    /// letters and digits, so that names written as `jade_wilson` or `JadeWilson` (file names, identifiers)
    /// are seen. Runs that look like hexadecimal digests (8 or more hex digits mixing letters and digits) are
    /// left whole, so a hash is not read as a string of short numbers.
    static func words(_ text: String) -> String {
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
}
