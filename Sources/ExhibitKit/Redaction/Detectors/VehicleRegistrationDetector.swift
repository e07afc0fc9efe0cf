/// Current-format (2001 onwards) UK vehicle registrations: `AB12 CDE`, with or without the space, all upper or all
/// lower case; age identifier 02–29 or 51–79.
struct VehicleRegistrationDetector: TextDetector {
    func scan(_ text: UnsafeBufferPointer<UInt8>, into findings: inout [Finding]) {
        var index = 0
        let count = text.count
        while index < count {
            if ByteScan.isLetter(text[index]) && ByteScan.boundaryBefore(text, index) {
                if let end = Self.parse(text, at: index) {
                    let range = index..<end
                    findings.append(
                        Finding(range: range, kind: .identifier(.vehicleRegistration), key: ByteScan.upperAlnum(text, range)))
                    index = end
                    continue
                }
                index += 1
                while index < count && ByteScan.isAlnum(text[index]) { index += 1 }
                continue
            }
            index += 1
        }
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
