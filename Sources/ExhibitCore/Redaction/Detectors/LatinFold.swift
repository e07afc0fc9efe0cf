/// Folds Latin letters with diacritics (U+00C0–U+024F) to lower-case ASCII, so "Wróblewska", "WRÓBLEWSKA" and
/// "Wroblewska" read alike: "ó" → "o", "ł" → "l", "ß" → "ss", "æ" → "ae", "ð" → "d". Letters outside the range are
/// not folded (their bytes are matched as they are).
enum LatinFold {
    /// Two ASCII bytes per code point from U+00C0 (a space pads a one-letter folding; ".." means no folding).
    private static let table: [UInt8] = Array(
        "a a a a a a aec e e e e i i i i d n o o o o o ..o u u u u y thssa a a a a a aec e e e e i i i i d n o o o o o ..o u u u u y thy a a a a a a c c c c c c c c d d d d e e e e e e e e e e g g g g g g g g h h h h i i i i i i i i i i ....j j k k k l l l l l l l l l l n n n n n n ..n n o o o o o o oeoer r r r r r s s s s s s s s t t t t t t u u u u u u u u u u u u w w y y y z z z z z z ..b b ............c ..d ..............f ..........k k ............o o ..........................u u ....y y ................................................a a i i o o u u u u u u u u u u ..a a a a ........g g k k o o o o ....j ......g g ....n n a a ........a a a a e e e e i i i i o o o o r r r r u u u u s s t t ....h h ............a a e e o o o o o o o o y y ........................................................"
            .utf8)

    /// First code point of the table.
    static let first: UInt32 = 0xC0
    /// One past the last code point of the table.
    static let end: UInt32 = 0x250

    /// The folding of the two-byte UTF-8 sequence at `index` (lead byte 0xC3–0xC9): one or two lower-case ASCII
    /// letters (the second 0 when there is one), or nil when it is not a foldable letter.
    @inline(__always)
    static func fold(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt8, UInt8)? {
        let lead = text[index]
        guard lead >= 0xC3, lead <= 0xC9, index + 1 < text.count else { return nil }
        let trail = text[index + 1]
        guard trail & 0xC0 == 0x80 else { return nil }
        return fold(scalar: UInt32(lead & 0x1F) << 6 | UInt32(trail & 0x3F))
    }

    /// The folding of one code point, as `fold(_:at:)`.
    @inline(__always)
    static func fold(scalar: UInt32) -> (UInt8, UInt8)? {
        guard scalar >= first, scalar < end else { return nil }
        let offset = Int(scalar - first) * 2
        let one = table[offset]
        guard one != ByteScan.dot else { return nil }
        let two = table[offset + 1]
        return (one, two == ByteScan.space ? 0 : two)
    }

    /// `word` lower-cased with its Latin diacritics folded (other scripts kept).
    static func folded(_ word: String) -> String {
        var out: [UInt8] = []
        for scalar in word.unicodeScalars {
            if scalar.value < 0x80 {
                out.append(ByteScan.lower(UInt8(scalar.value)))
            } else if let (one, two) = fold(scalar: scalar.value) {
                out.append(one)
                if two != 0 { out.append(two) }
            } else {
                out += Array(String(scalar).lowercased().utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
