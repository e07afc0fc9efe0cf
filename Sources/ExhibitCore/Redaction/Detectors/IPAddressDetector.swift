import Foundation

/// IP addresses: IPv4 dotted quads (octets 0–255, no leading zeros, not part of a longer dotted sequence) and IPv6 in
/// full or compressed form (validated and canonicalised with `inet_pton`/`inet_ntop`).
struct IPAddressDetector: TextDetector {
    func scan(_ text: UnsafeBufferPointer<UInt8>, into findings: inout [Finding]) {
        var index = 0
        var lastEnd = 0
        let count = text.count
        while index < count {
            index = ByteScan.next(in: text, from: index, low: ByteScan.zero, span: 11)  // a digit or a colon
            guard index < count else { return }
            let byte = text[index]
            if byte == ByteScan.colon {
                let (candidate, runEnd) = Self.colonRun(text, around: index, lowerBound: lastEnd)
                if let candidate, let (range, key) = Self.ipv6(text, candidate) {
                    findings.append(Finding(range: range, kind: .identifier(.ipAddress), key: key))
                    lastEnd = range.upperBound
                }
                index = max(runEnd, index + 1)
                continue
            }
            if ByteScan.boundaryBefore(text, index), let end = Self.ipv4(text, at: index) {
                let range = index..<end
                findings.append(Finding(range: range, kind: .identifier(.ipAddress), key: ByteScan.string(text, range)))
                lastEnd = end
                index = end
                continue
            }
            index += 1
            while index < count && ByteScan.isDigit(text[index]) { index += 1 }
        }
    }

    /// The IPv4 address starting at `start` (a word start).
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - start: Offset of the first digit.
    /// - Returns: The end offset, or `nil`.
    static func ipv4(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        let before = ByteScan.byte(text, start - 1)
        if before == ByteScan.dot && ByteScan.isAlnum(ByteScan.byte(text, start - 2)) { return nil }
        var index = start
        for octet in 0..<4 {
            if octet > 0 {
                guard ByteScan.byte(text, index) == ByteScan.dot else { return nil }
                index += 1
            }
            let run = ByteScan.digitRun(text, index, limit: 4)
            guard (1...3).contains(run), run == 1 || text[index] != ByteScan.zero,
                ByteScan.number(text, index, count: run) <= 255
            else { return nil }
            index += run
        }
        let after = ByteScan.byte(text, index)
        if after == ByteScan.dot && ByteScan.isAlnum(ByteScan.byte(text, index + 1)) { return nil }
        return ByteScan.boundaryAfter(text, index) ? index : nil
    }

    /// The run of hex digits, colons and dots around the colon at `position` (not reaching back before `lowerBound`):
    /// the candidate range (trailing dots dropped), or `nil` when it is not a plausible IPv6 address, and where the
    /// run ends.
    private static func colonRun(
        _ text: UnsafeBufferPointer<UInt8>, around position: Int, lowerBound: Int
    ) -> (Range<Int>?, Int) {
        var start = position
        while start > lowerBound && isIPv6Byte(text[start - 1]) && position - start < 46 { start -= 1 }
        var end = position + 1
        while end < text.count && isIPv6Byte(text[end]) && end - start < 64 { end += 1 }
        let runEnd = end
        while end > start && text[end - 1] == ByteScan.dot { end -= 1 }
        guard end - start >= 2, end - start <= 45, ByteScan.boundaryBefore(text, start), ByteScan.boundaryAfter(text, runEnd)
        else { return (nil, runEnd) }
        var colons = 0
        var hasDigit = false
        for index in start..<end {
            if text[index] == ByteScan.colon { colons += 1 } else if ByteScan.isDigit(text[index]) { hasDigit = true }
        }
        guard colons >= 2, hasDigit else { return (nil, runEnd) }
        return (start..<end, runEnd)
    }

    @inline(__always)
    private static func isIPv6Byte(_ byte: UInt8) -> Bool {
        ByteScan.isHex(byte) || byte == ByteScan.colon || byte == ByteScan.dot
    }

    /// The IPv6 address in `range`, or in `range` without a trailing single colon (a sentence's colon), with its
    /// canonical text; `nil` when neither is an IPv6 address.
    private static func ipv6(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (Range<Int>, String)? {
        if let canonical = canonicalIPv6(text, range) { return (range, canonical) }
        guard text[range.upperBound - 1] == ByteScan.colon, text[range.upperBound - 2] != ByteScan.colon else { return nil }
        let shorter = range.lowerBound..<(range.upperBound - 1)
        return canonicalIPv6(text, shorter).map { (shorter, $0) }
    }

    private static func canonicalIPv6(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        var input = [CChar](repeating: 0, count: range.count + 1)
        for (offset, index) in range.enumerated() { input[offset] = CChar(bitPattern: text[index]) }
        var address = in6_addr()
        guard inet_pton(AF_INET6, input, &address) == 1 else { return nil }
        var output = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &address, &output, socklen_t(INET6_ADDRSTRLEN)) != nil else { return nil }
        return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
