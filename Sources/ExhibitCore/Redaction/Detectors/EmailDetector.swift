import Foundation

/// E-mail addresses: `local@domain.tld`, found from each `@` (located with `memchr`).
struct EmailDetector: TextDetector {
    func scan(_ text: UnsafeBufferPointer<UInt8>, into findings: inout [Finding]) {
        EmailParser.forEach(in: text) { range in
            findings.append(Finding(range: range, kind: .identifier(.email), key: EmailParser.key(text, range)))
        }
    }
}

/// Recognises e-mail addresses around an `@`.
///
/// The local part is `[A-Za-z0-9._%+-]+` not starting or ending with a dot and without two dots in a row; the domain is
/// two or more labels of `[A-Za-z0-9-]+` (not starting or ending with a hyphen) separated by single dots, the last
/// being a top-level domain of two or more letters. A dot after the address (end of a sentence) is not included.
enum EmailParser {
    private static let at: UInt8 = 0x40

    /// Calls `body` with the range of every e-mail address in `text`, in order.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - body: Called with each address's byte range.
    static func forEach(in text: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        guard let base = text.baseAddress else { return }
        var from = 0
        var lowerBound = 0
        while from < text.count {
            guard let found = memchr(base + from, Int32(at), text.count - from) else { return }
            let position = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
            if let range = parse(text, at: position, lowerBound: lowerBound) {
                body(range)
                lowerBound = range.upperBound
                from = range.upperBound
            } else {
                from = position + 1
            }
        }
    }

    /// The normalised key of an address: the address in lower case.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - range: The address.
    /// - Returns: The lower-cased address.
    static func key(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: text[range].map(ByteScan.lower), as: UTF8.self)
    }

    /// The address around the `@` at `position`, not reaching back before `lowerBound`.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - position: Offset of an `@`.
    ///   - lowerBound: The local part may not start before this offset.
    /// - Returns: The address's byte range, or `nil` when there is no valid address around this `@`.
    static func parse(_ text: UnsafeBufferPointer<UInt8>, at position: Int, lowerBound: Int) -> Range<Int>? {
        var start = position
        while start > lowerBound && isLocal(text[start - 1]) {
            start -= 1
            if position - start > 64 { return nil }
        }
        while start < position && text[start] == ByteScan.dot { start += 1 }
        guard start < position, text[position - 1] != ByteScan.dot, ByteScan.boundaryBefore(text, start) else { return nil }
        for index in start..<(position - 1) where text[index] == ByteScan.dot && text[index + 1] == ByteScan.dot {
            return nil
        }
        guard let end = domainEnd(text, from: position + 1), ByteScan.boundaryAfter(text, end) else { return nil }
        return start..<end
    }

    /// End of the longest valid domain starting at `start` (at least two labels, letters-only TLD of 2+).
    private static func domainEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        var labels = 0
        var best: Int?
        while true {
            let labelStart = index
            var lettersOnly = true
            while index < text.count && (ByteScan.isAlnum(text[index]) || text[index] == ByteScan.hyphen) {
                if !ByteScan.isLetter(text[index]) { lettersOnly = false }
                index += 1
            }
            let length = index - labelStart
            guard length >= 1, length <= 63, text[labelStart] != ByteScan.hyphen, text[index - 1] != ByteScan.hyphen
            else { break }
            labels += 1
            if labels >= 2 && lettersOnly && length >= 2 { best = index }
            guard ByteScan.byte(text, index) == ByteScan.dot, ByteScan.isAlnum(ByteScan.byte(text, index + 1)) else { break }
            index += 1
        }
        return best
    }

    @inline(__always)
    private static func isLocal(_ byte: UInt8) -> Bool {
        ByteScan.isAlnum(byte) || byte == ByteScan.dot || byte == 0x5F || byte == 0x25 || byte == ByteScan.plus
            || byte == ByteScan.hyphen
    }
}
