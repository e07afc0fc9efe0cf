/// UK vehicle registrations: the current format (2001 onwards) `AB12 CDE`, with or without the space, all upper or
/// all lower case, age identifier 02–29 or 51–79; and the prefix, suffix and dateless formats (`OlderRegistrations`).
struct VehicleRegistrationDetector: DigitRunDetector {
    static let kind = IdentifierKind.vehicleRegistration

    static func finding(
        in text: UnsafeBufferPointer<UInt8>, digitRunAt digit: Int, length run: Int, notBefore lowerBound: Int
    ) -> Finding? {
        // The age identifier comes two letters after the start.
        if ByteScan.isLetterWord(text, count: 2, before: digit, notBefore: lowerBound), let end = parse(text, at: digit - 2) {
            let range = (digit - 2)..<end
            return Finding(range: range, kind: .identifier(kind), key: ByteScan.upperAlnum(text, range))
        }
        guard let range = OlderRegistrations.range(in: text, digit: digit, run: run, notBefore: lowerBound) else { return nil }
        return Finding(range: range, kind: .identifier(kind), key: ByteScan.upperAlnum(text, range))
    }

    /// The registration starting at `start`.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - start: Offset of the first letter (at a word start).
    /// - Returns: The end offset, or `nil`.
    static func parse(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        guard ByteScan.isDigit(ByteScan.byte(text, start + 2)), ByteScan.isDigit(ByteScan.byte(text, start + 3)),
            ByteScan.isLetter(ByteScan.byte(text, start + 1))
        else { return nil }
        let age = ByteScan.number(text, start + 2, count: 2)
        guard (2...29).contains(age) || (51...79).contains(age) else { return nil }
        let letters = ByteScan.byte(text, start + 4) == ByteScan.space ? start + 5 : start + 4
        let upperCase = ByteScan.isUpper(text[start])
        for offset in [0, 1] {
            let letter = text[start + offset]
            guard ByteScan.isUpper(letter) == upperCase else { return nil }
            switch ByteScan.upper(letter) {
            case 0x49, 0x51: return nil  // I, Q
            case 0x5A where offset == 0: return nil  // Z
            default: break
            }
        }
        for index in letters..<(letters + 3) {
            let letter = ByteScan.byte(text, index)
            guard ByteScan.isLetter(letter), ByteScan.isUpper(letter) == upperCase else { return nil }
            switch ByteScan.upper(letter) {
            case 0x49, 0x51: return nil
            default: break
            }
        }
        return ByteScan.boundaryAfter(text, letters + 3) ? letters + 3 : nil
    }
}
