import Foundation

/// Reads a JSON object with one top-level array member of any length (a bundle manifest's `items`) from a stream,
/// holding one batch of the array's elements at a time: Foundation's `JSONDecoder` would hold the whole input and a
/// parsed map of it next to the values it makes. The reader only finds boundaries: every byte still goes through
/// `JSONDecoder`, the rest of the object (with the array emptied) as the remainder and the elements in batches, so a
/// malformed document fails there if not here; a document that could be read two ways (the member twice, or a
/// top-level name spelled with escapes) is refused.
package enum JSONArrayMember {
    /// Reads the object in `source`, handing the elements of its member `name` to `body` a batch at a time, as the
    /// bytes of a JSON array of at most `batch` elements, with the number of elements it holds.
    /// - Returns: the object without the member's elements (`"NAME": []`), to decode as the whole value.
    /// - Throws: `ExhibitError.verificationFailed` naming `label` when the bytes are not an object whose member `name`
    ///   appears once as an array; what `source` or `body` throws.
    package static func read(
        _ source: ByteSource, member name: String, batch: Int = 1000, label: String,
        _ body: (_ array: Data, _ count: Int) throws -> Void
    ) throws -> Data {
        var scanner = Scanner(member: Array(name.utf8), batch: max(batch, 1), label: label, name: name)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = try source.read(into: chunk)
            if count == 0 { break }
            try scanner.feed(UnsafeRawBufferPointer(rebasing: chunk[0..<count]), body)
        }
        return try scanner.finish()
    }

    /// Reads the object in `source` and decodes its member `name`'s elements `batch` at a time, handing each batch's
    /// values to `body` in order.
    /// - Returns: the rest of the object, as `read` does.
    /// - Throws: what `read` or `JSONDecoder` throws, or `.verificationFailed` when a batch parses as another number
    ///   of values than was found.
    package static func decode<Element: Decodable>(
        _ type: Element.Type, from source: ByteSource, member name: String, batch: Int = 1000, label: String,
        _ body: ([Element]) throws -> Void
    ) throws -> Data {
        let decoder = JSONDecoder()
        return try read(source, member: name, batch: batch, label: label) { array, count in
            let values = try decoder.decode([Element].self, from: array)
            guard values.count == count else {
                throw ExhibitError.verificationFailed("\(label) is malformed: its elements do not split as they parse")
            }
            try body(values)
        }
    }

    /// The scan's state, carried from one chunk to the next.
    private struct Scanner {
        let member: [UInt8]
        let batch: Int
        let label: String
        let name: String
        /// The bytes outside the member's array, and `[]` in its place.
        var remainder: [UInt8] = []
        /// The current batch: `[` and the elements since the last one handed on, with what separates them.
        var elements: [UInt8] = []
        /// Elements complete in `elements`, and where the last of them ends.
        var complete = 0
        var completeEnd = 0
        /// Where the last byte that is not whitespace ends in `elements`.
        var significantEnd = 0
        /// Open brackets, outermost first.
        var open: [UInt8] = []
        var inString = false
        var escaped = false
        /// The last top-level string (a name, when a colon follows) and whether it holds an escape.
        var topString: [UInt8] = []
        var topStringEscaped = false
        var awaitingArray = false
        var memberSeen = false
        var inArray = false
        var inElement = false
        /// A comma was read in the array and no element has begun since.
        var expectingElement = false
        /// The top-level object has begun.
        var started = false

        init(member: [UInt8], batch: Int, label: String, name: String) {
            self.member = member
            self.batch = batch
            self.label = label
            self.name = name
            elements.append(UInt8(ascii: "["))
        }

        func malformed(_ why: String) -> ExhibitError { .verificationFailed("\(label) is malformed: \(why)") }

        mutating func feed(_ bytes: UnsafeRawBufferPointer, _ body: (Data, Int) throws -> Void) throws {
            let quote = UInt8(ascii: "\"")
            let backslash = UInt8(ascii: "\\")
            let comma = UInt8(ascii: ",")
            let colon = UInt8(ascii: ":")
            let openArray = UInt8(ascii: "[")
            let closeArray = UInt8(ascii: "]")
            let openObject = UInt8(ascii: "{")
            let closeObject = UInt8(ascii: "}")
            for byte in bytes {
                if inString {
                    keep(byte)
                    if escaped {
                        escaped = false
                    } else if byte == backslash {
                        escaped = true
                        if open.count == 1 { topStringEscaped = true }
                    } else if byte == quote {
                        inString = false
                        if inElement { significantEnd = elements.count }
                    } else if open.count == 1 {
                        topString.append(byte)
                    }
                    continue
                }
                // Whitespace as JSON defines it; anything else is left for the decoder to judge.
                if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                    keep(byte)
                    continue
                }
                if awaitingArray {
                    guard byte == openArray else { throw malformed("\(name) is not an array") }
                    awaitingArray = false
                    inArray = true
                    open.append(byte)
                    remainder.append(contentsOf: [openArray, closeArray])
                    continue
                }
                if inArray, open.count == 2, byte == comma || byte == closeArray {
                    if inElement {
                        complete += 1
                        completeEnd = significantEnd
                        inElement = false
                    } else if byte == comma || expectingElement {
                        throw malformed("an empty element in \(name)")
                    }
                    expectingElement = byte == comma
                    if byte == closeArray {
                        open.removeLast()
                        inArray = false
                        try flush(body)
                    } else if complete == batch {
                        try flush(body)
                    } else {
                        elements.append(byte)
                    }
                    continue
                }
                if inArray, open.count == 2, !inElement {
                    inElement = true
                    expectingElement = false
                }
                keep(byte)
                switch byte {
                case quote:
                    inString = true
                    if open.count == 1 {
                        topString.removeAll(keepingCapacity: true)
                        topStringEscaped = false
                    }
                case openArray, openObject:
                    if open.isEmpty {
                        guard byte == openObject, !started else { throw malformed("not a JSON object") }
                        started = true
                    }
                    open.append(byte)
                case closeArray, closeObject:
                    guard let last = open.popLast(), last == (byte == closeArray ? openArray : openObject) else {
                        throw malformed("unbalanced brackets")
                    }
                case colon where open.count == 1:
                    guard !topStringEscaped else { throw malformed("an escaped member name") }
                    if topString == member {
                        guard !memberSeen else { throw malformed("\(name) appears twice") }
                        memberSeen = true
                        awaitingArray = true
                    }
                default:
                    if open.isEmpty { throw malformed("not a JSON object") }
                }
                if inElement { significantEnd = elements.count }
            }
        }

        /// Keeps a byte where it belongs: in the batch inside an element of the array (and between its elements once
        /// one has begun), in the remainder outside the array.
        private mutating func keep(_ byte: UInt8) {
            if inArray {
                if inElement || elements.count > 1 { elements.append(byte) }
            } else {
                remainder.append(byte)
            }
        }

        /// Hands on the complete elements as one array and starts the next batch empty.
        private mutating func flush(_ body: (Data, Int) throws -> Void) throws {
            guard complete > 0 else { return }
            elements.removeSubrange(completeEnd...)
            elements.append(UInt8(ascii: "]"))
            try body(Data(elements), complete)
            elements.removeAll(keepingCapacity: true)
            elements.append(UInt8(ascii: "["))
            complete = 0
            completeEnd = 0
            significantEnd = 0
        }

        /// The remainder, once every byte was read.
        func finish() throws -> Data {
            guard memberSeen, !awaitingArray, !inArray, !inString, open.isEmpty else {
                throw malformed("no \(name) array, or cut short")
            }
            return Data(remainder)
        }
    }
}
