/// A set of words looked up straight from UTF-8 text without making a string: each word is kept as a 64-bit hash
/// of its lower-cased, diacritic-folded form (`LatinFold`) in an open-addressing table, so a look-up is one pass over
/// the word's bytes and usually one probe. (Two different words sharing a 64-bit hash is not a practical concern.)
struct WordSet: Sendable {
    private let slots: [UInt64]
    private let mask: Int
    /// Per first letter (a–z, then anything else): a bit per word length (1–63) present, so most look-ups of words
    /// that are not in the set end before any hashing.
    private let lengths: [UInt64]

    /// A set of the words in `words`, separated by white space.
    /// - Parameter words: The words (any case; diacritics are folded).
    init(_ words: String) {
        self.init(words: words.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }

    /// A set of `words`.
    /// - Parameter words: The words (any case; diacritics are folded).
    init(words: [String]) {
        var size = 16
        while size < words.count * 2 { size <<= 1 }
        var slots = [UInt64](repeating: 0, count: size)
        var lengths = [UInt64](repeating: 0, count: 27)
        for word in words {
            let bytes = Array(LatinFold.folded(word).utf8)
            if let first = bytes.first { lengths[Self.letterSlot(first)] |= 1 << UInt64(min(bytes.count, 63)) }
            let hash = Self.hash(bytes)
            var slot = Int(truncatingIfNeeded: hash) & (size - 1)
            while slots[slot] != 0 && slots[slot] != hash { slot = (slot + 1) & (size - 1) }
            slots[slot] = hash
        }
        self.slots = slots
        self.mask = size - 1
        self.lengths = lengths
    }

    /// The `lengths` slot of a folded first byte.
    @inline(__always)
    private static func letterSlot(_ byte: UInt8) -> Int { ByteScan.isLower(byte) ? Int(byte &- 0x61) : 26 }

    /// Whether the word in `range` of `text` is in the set (case and Latin diacritics ignored).
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - range: The word's bytes.
    /// - Returns: Whether it is in the set.
    func contains(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        // Quick rejection by first letter and length (for ASCII words, whose folded length is their length).
        let first = text[range.lowerBound]
        if range.count < 64, lengths[Self.letterSlot(ByteScan.lower(first))] & (1 << UInt64(range.count)) == 0 {
            var ascii = true
            for index in range where text[index] >= 0x80 {
                ascii = false
                break
            }
            if ascii { return false }
        }
        var hash = Self.seed
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = text[index]
            if byte < 0x80 {
                hash = Self.mix(hash, ByteScan.lower(byte))
                index += 1
            } else if let (one, two) = LatinFold.fold(text, at: index) {
                hash = Self.mix(hash, one)
                if two != 0 { hash = Self.mix(hash, two) }
                index += 2
            } else {
                hash = Self.mix(hash, byte)
                index += 1
            }
        }
        return find(hash == 0 ? 1 : hash)
    }

    /// Whether `word` is in the set (case and Latin diacritics ignored).
    func contains(_ word: String) -> Bool {
        find(Self.hash(Array(LatinFold.folded(word).utf8)))
    }

    @inline(__always)
    private func find(_ hash: UInt64) -> Bool {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let value = slots[slot]
            if value == hash { return true }
            if value == 0 { return false }
            slot = (slot + 1) & mask
        }
    }

    private static let seed: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always)
    private static func mix(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }

    private static func hash(_ bytes: [UInt8]) -> UInt64 {
        var hash = seed
        for byte in bytes { hash = mix(hash, byte) }
        return hash == 0 ? 1 : hash
    }
}
