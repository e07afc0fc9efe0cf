import Foundation

/// The XHTML that `pdftotext -bbox-layout` writes for one page: `<page width height>`, then `<block>`,
/// `<line>` and `<word xMin yMin xMax yMax>text</word>` elements. Only those elements are read (the head's
/// meta tags, which repeat the document's properties, are skipped); entities are decoded; counts are capped.
package enum BoundingBoxLayout {
    /// Most words read from one page.
    static let maximumWords = 200_000

    /// The words of the first page in the output, with its size in points.
    /// - Throws: `ExhibitError.badInput` when the output is malformed or holds too many words.
    static func parse(_ bytes: [UInt8]) throws -> (words: [BoxedWord], width: Double, height: Double) {
        var words: [BoxedWord] = []
        var width = 0.0
        var height = 0.0
        var block = -1
        var line = -1
        var index = 0
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            guard let close = bytes[open...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let tag = bytes[(open + 1)..<close]
            index = close + 1
            let name = tag.prefix { $0 != 0x20 && $0 != UInt8(ascii: "/") && $0 != 0x0A }
            switch String(decoding: name, as: UTF8.self) {
            case "page":
                if width > 0 { return (words, width, height) }
                let attributes = Self.attributes(tag)
                width = attributes["width"] ?? 0
                height = attributes["height"] ?? 0
            case "block":
                block += 1
            case "line":
                line += 1
            case "word":
                let attributes = Self.attributes(tag)
                guard let end = find(Array("</word>".utf8), in: bytes, from: index) else {
                    throw ExhibitError.badInput("pdftotext's word list is truncated")
                }
                let text = decodeEntities(bytes[index..<end])
                index = end + 7
                guard let left = attributes["xMin"], let top = attributes["yMin"], let right = attributes["xMax"],
                    let bottom = attributes["yMax"], !text.isEmpty
                else { continue }
                guard words.count < maximumWords else {
                    throw ExhibitError.badInput("the PDF page holds more than \(maximumWords) words")
                }
                words.append(
                    BoxedWord(
                        text: text, left: left, top: top, right: right, bottom: bottom, block: max(block, 0), line: max(line, 0)))
            default:
                continue
            }
        }
        return (words, width, height)
    }

    /// The numeric attributes of a tag (`name="1.5"`).
    private static func attributes(_ tag: ArraySlice<UInt8>) -> [String: Double] {
        var result: [String: Double] = [:]
        let text = String(decoding: tag, as: UTF8.self)
        for part in text.split(separator: " ") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let value = part[part.index(after: equals)...].trimmingCharacters(in: CharacterSet(charactersIn: "\"/"))
            if let number = Double(value), number.isFinite { result[String(part[..<equals])] = number }
        }
        return result
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// The five XML entities and numeric references.
    static func decodeEntities(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("&") else { return text }
        var decoded = String(decoding: TextNormaliser.html(Array(text.utf8)), as: UTF8.self)
        for (entity, character) in [
            ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&#39;", "'"), ("&amp;", "&"),
        ] {
            decoded = decoded.replacingOccurrences(of: entity, with: character)
        }
        return decoded
    }
}
