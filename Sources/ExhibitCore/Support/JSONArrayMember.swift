import Foundation

/// One top-level array member of a JSON object, split from the rest so that a document of a hundred thousand
/// elements can be decoded a batch at a time (Foundation's `JSONDecoder` holds a parsed map of the whole input next
/// to the values it makes). The split only finds boundaries: every byte still goes through `JSONDecoder`, the rest of
/// the object as `remainder` and the elements in batches, so a malformed document fails there if not here.
package struct JSONArrayMember {
    /// The document with the member's array emptied (`"NAME": []`), to decode as the whole value.
    package var remainder: Data
    /// Each element's bytes, as a range of the document.
    package var elements: [Range<Int>]

    /// Finds the top-level member `name` (an array) of the object in `bytes`.
    /// - Throws: `ExhibitError.verificationFailed` (naming `source`) when the bytes are not an object whose member
    ///   `name` appears once as an array, or when a top-level key is escaped (it could spell `name` unseen).
    package static func split(_ bytes: Data, member name: String, source: String) throws -> JSONArrayMember {
        func malformed(_ why: String) -> ExhibitError { .verificationFailed("\(source) is malformed: \(why)") }
        let key = Array(name.utf8)
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), comma = UInt8(ascii: ",")
        let colon = UInt8(ascii: ":"), openArray = UInt8(ascii: "["), closeArray = UInt8(ascii: "]")
        let openObject = UInt8(ascii: "{"), closeObject = UInt8(ascii: "}")
        return try bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> JSONArrayMember in
            var open: [UInt8] = []
            var inString = false, escaped = false
            var stringStart = 0
            var lastKey: Range<Int>?
            var keyHasEscape = false
            var awaitingArray = false
            var arrayRange: Range<Int>?
            var arrayStart = -1
            var elementStart: Int?
            var lastSignificant = -1
            var elements: [Range<Int>] = []
            for index in 0..<buffer.count {
                let byte = buffer[index]
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == backslash {
                        escaped = true
                        if open.count == 1 { keyHasEscape = true }
                    } else if byte == quote {
                        inString = false
                        if open.count == 1 { lastKey = stringStart..<index }
                        lastSignificant = index
                    }
                    continue
                }
                // Whitespace as JSON defines it; anything else is left for the decoder to judge.
                if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { continue }
                let inArray = arrayStart >= 0 && arrayRange == nil && open.count == 2
                if awaitingArray {
                    guard byte == openArray else { throw malformed("\(name) is not an array") }
                    awaitingArray = false
                    arrayStart = index
                    open.append(byte)
                    lastSignificant = index
                    continue
                }
                if inArray, byte == comma || byte == closeArray {
                    if let start = elementStart {
                        elements.append(start..<(lastSignificant + 1))
                    } else if byte == comma || !elements.isEmpty {
                        throw malformed("an empty element in \(name)")
                    }
                    elementStart = nil
                    if byte == closeArray {
                        open.removeLast()
                        arrayRange = arrayStart..<(index + 1)
                    }
                    lastSignificant = index
                    continue
                }
                if inArray, elementStart == nil { elementStart = index }
                switch byte {
                case quote:
                    inString = true
                    stringStart = index + 1
                    if open.count == 1 { keyHasEscape = false }
                case openArray, openObject:
                    if open.isEmpty, byte != openObject { throw malformed("not a JSON object") }
                    open.append(byte)
                case closeArray, closeObject:
                    guard let last = open.popLast(), last == (byte == closeArray ? openArray : openObject) else {
                        throw malformed("unbalanced brackets")
                    }
                case colon where open.count == 1:
                    guard let keyRange = lastKey else { throw malformed("a member without a name") }
                    guard !keyHasEscape else { throw malformed("an escaped member name") }
                    if buffer[keyRange].elementsEqual(key) {
                        guard arrayStart < 0 else { throw malformed("\(name) appears twice") }
                        awaitingArray = true
                    }
                    lastKey = nil
                default:
                    if open.isEmpty { throw malformed("not a JSON object") }
                }
                lastSignificant = index
            }
            guard let arrayRange, !inString, open.isEmpty else { throw malformed("no \(name) array, or cut short") }
            var remainder = Data(capacity: bytes.count - arrayRange.count + 2)
            remainder.append(contentsOf: buffer[0..<arrayRange.lowerBound])
            remainder.append(contentsOf: [openArray, closeArray])
            remainder.append(contentsOf: buffer[arrayRange.upperBound...])
            return JSONArrayMember(remainder: remainder, elements: elements)
        }
    }

    /// Decodes the elements `batch` at a time, handing each batch's values to `body` in order.
    /// - Throws: what `JSONDecoder` or `body` throws, or `.verificationFailed` when a batch holds another number of
    ///   values than the split found.
    package func decodeElements<Element: Decodable>(
        _ type: Element.Type, from bytes: Data, batch: Int = 1000, source: String, _ body: ([Element]) throws -> Void
    ) throws {
        let decoder = JSONDecoder()
        for start in stride(from: 0, to: elements.count, by: max(batch, 1)) {
            let end = min(start + max(batch, 1), elements.count)
            let span = elements[start].lowerBound..<elements[end - 1].upperBound
            var array = Data(capacity: span.count + 2)
            array.append(UInt8(ascii: "["))
            bytes.withUnsafeBytes { array.append(contentsOf: $0[span]) }
            array.append(UInt8(ascii: "]"))
            let values = try decoder.decode([Element].self, from: array)
            guard values.count == end - start else {
                throw ExhibitError.verificationFailed("\(source) is malformed: its elements do not split as they parse")
            }
            try body(values)
        }
    }
}
