import Foundation

/// Writes one JSON object exactly as `JSONOutput.pretty` would, member by member, with one member an array written
/// element by element: output of any length (every file of a phone extraction) in bounded memory. Members must be
/// given in sorted key order, as `pretty` sorts them.
public struct PrettyJSONWriter {
    private let emit: (String) -> Void
    private var members = 0
    private var elements: Int?

    /// Starts the object.
    /// - Parameter emit: receives the text in order (standard output, a file).
    public init(_ emit: @escaping (String) -> Void) {
        self.emit = emit
        emit("{\n")
    }

    /// Writes one member.
    /// - Throws: `.environment` when the value cannot be encoded.
    public mutating func member<T: Encodable>(_ key: String, _ value: T) throws {
        try startMember(key)
        emit(try Self.indented(value, by: "  ", first: false))
    }

    /// Starts an array member; `element` adds to it and `endArray` closes it.
    /// - Throws: `.environment` when the key cannot be encoded.
    public mutating func beginArray(_ key: String) throws {
        try startMember(key)
        emit("[\n")
        elements = 0
    }

    /// Writes the next element of the array begun.
    /// - Throws: `.environment` when the value cannot be encoded.
    public mutating func element<T: Encodable>(_ value: T) throws {
        if let count = elements, count > 0 { emit(",\n") }
        emit(try Self.indented(value, by: "    ", first: true))
        elements = (elements ?? 0) + 1
    }

    /// Closes the array begun.
    public mutating func endArray() {
        emit("\n  ]")
        elements = nil
    }

    /// Closes the object.
    public func end() {
        emit("\n}")
    }

    private mutating func startMember(_ key: String) throws {
        if members > 0 { emit(",\n") }
        members += 1
        emit("  \(String(decoding: try JSONOutput.pretty(key), as: UTF8.self)) : ")
    }

    /// Writes `value` exactly as `JSONOutput.pretty` would write it with its top-level array member `key` holding
    /// `elements`, without holding them all as JSON at once: `value` is encoded with that member empty, and the
    /// elements are written into its place one by one.
    /// - Parameters:
    ///   - value: the object, with the array member `key` present and empty.
    ///   - key: the array member's key.
    ///   - elements: its elements, in order.
    ///   - write: receives the text in order, as UTF-8.
    /// - Throws: `.environment` when a value cannot be encoded or `value` has no empty top-level member `key`;
    ///   what `write` throws.
    public static func write<T: Encodable, Elements: Sequence>(
        _ value: T, filling key: String, with elements: Elements, to write: ([UInt8]) throws -> Void
    ) throws where Elements.Element: Encodable {
        let text = try JSONOutput.pretty(value)
        // A top-level member is the only one indented by two spaces; JSON strings hold no raw line feeds.
        let empty = Array("\n  \(String(decoding: try JSONOutput.pretty(key), as: UTF8.self)) : [\n\n  ]".utf8)
        guard let start = firstRange(of: empty, in: text) else {
            throw ExhibitError.environment("cannot write \(T.self) as JSON: it has no empty member \(key)")
        }
        let closing = Array("\n  ]".utf8)
        // Up to and including the line feed after `[`; then the elements; then the closing line and the rest.
        try write(Array(text[..<(start + empty.count - closing.count)]))
        // Elements are encoded a batch at a time (an encoder per element costs more than the element): a batch encodes
        // as `[\n  A,\n  B\n]`, whose lines, one level deeper here, get two more spaces (empty lines stay empty).
        var batch: [Elements.Element] = []
        var first = true
        func flush() throws {
            guard !batch.isEmpty else { return }
            let encoded = try JSONOutput.pretty(batch)
            batch.removeAll(keepingCapacity: true)
            var out: [UInt8] = first ? [] : Array(",\n".utf8)
            first = false
            out.reserveCapacity(out.count + encoded.count + encoded.count / 8)
            // Between the opening `[\n` and the closing `\n]`.
            let body = encoded[2..<(encoded.count - 2)]
            var atLineStart = true
            for byte in body {
                if atLineStart && byte != 0x0A {
                    out.append(0x20)
                    out.append(0x20)
                }
                out.append(byte)
                atLineStart = byte == 0x0A
            }
            try write(out)
        }
        for element in elements {
            batch.append(element)
            if batch.count == batchSize { try flush() }
        }
        try flush()
        try write(closing + Array(text[(start + empty.count)...]))
    }

    /// Elements encoded together by `write(_:filling:with:to:)`.
    private static let batchSize = 512

    /// Where `needle` first occurs in `haystack`.
    private static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { start in
            haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }

    /// `value` as `pretty` writes it, nested: each line after the first (and the first too, if `first`) indented, as
    /// the encoder indents nested values (the empty line of an empty array or object stays empty).
    private static func indented<T: Encodable>(_ value: T, by indent: String, first: Bool) throws -> String {
        let lines = String(decoding: try JSONOutput.pretty(value), as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        return lines.enumerated().map { index, line in
            (index == 0 && !first) || line.isEmpty ? String(line) : indent + line
        }.joined(separator: "\n")
    }
}
