import Foundation

/// Redacts an e-mail message (RFC 5322 with MIME): the addressing and subject headers and every text
/// part (plain or HTML, any transfer encoding, UTF-8 or Latin-1) are redacted; other headers (routing,
/// message ids, client details) are dropped; attachments that are pictures or documents are redacted like
/// files (`AttachmentRedactor`), and every other attachment, or one that cannot be redacted, is withheld and
/// replaced by a note saying so.
/// Anything the parser does not understand makes the whole message fail, so it is withheld.
package enum EmailRedactor {
    /// Largest message handled in memory.
    static let largest = 32 << 20

    /// Headers that travel (redacted); every other header is dropped.
    static let keptHeaders: Set<String> = [
        "from", "to", "cc", "reply-to", "date", "subject", "mime-version", "content-type", "content-transfer-encoding",
        "content-disposition",
    ]
    /// Headers whose whole value is redacted as text.
    static let textHeaders: Set<String> = ["from", "to", "cc", "reply-to", "subject"]

    /// Redacts one attachment (its bytes, media type and file name): the redacted bytes, media type, file name and
    /// the rules fired, or nil when there is no redactor for it; throws when redaction fails (it is withheld).
    typealias AttachmentRedactor = (_ bytes: [UInt8], _ mime: String, _ name: String) throws -> (
        bytes: [UInt8], mime: String, name: String, rules: [String: Int]
    )?

    /// The redacted message with CRLF line endings.
    /// - Parameters:
    ///   - bytes: the message.
    ///   - redactor: the run's text redactor.
    ///   - tally: counts.
    ///   - attachments: redacts attachments that are pictures or documents; nil withholds every attachment.
    /// - Returns: the redacted message.
    /// - Throws: `ExhibitError.badInput` when the message is malformed, too large or in an unknown charset.
    static func redact(
        _ bytes: [UInt8], redactor: TextRedactor, tally: inout RedactionTally, attachments: AttachmentRedactor? = nil
    ) throws -> [UInt8] {
        guard bytes.count <= largest else { throw ExhibitError.badInput("the message is larger than \(largest >> 20) MiB") }
        // Read as Latin-1, one character per byte, so no byte is lost before each part's charset is known.
        let text = (String(data: Data(bytes), encoding: .isoLatin1) ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        return Array(
            try entity(text, redactor: redactor, tally: &tally, depth: 0, attachments: attachments)
                .replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    private struct Header {
        var name: String
        var value: String
    }

    private static func split(_ text: String) throws -> (headers: [Header], body: Substring) {
        let separator = text.range(of: "\n\n")
        let head = separator.map { text[..<$0.lowerBound] } ?? text[...]
        let body = separator.map { text[$0.upperBound...] } ?? ""
        var headers: [Header] = []
        for line in head.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.first == " " || line.first == "\t" {
                guard !headers.isEmpty else { throw ExhibitError.badInput("the message starts with a folded header line") }
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(
                    Header(
                        name: String(line[..<colon]),
                        value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            } else if !line.isEmpty {
                throw ExhibitError.badInput("the message has a malformed header line")
            }
        }
        // Header values are UTF-8 when they are valid UTF-8 (RFC 6532), otherwise Latin-1.
        for index in headers.indices {
            let bytes = latin1Bytes(headers[index].value)
            if let text = String(validating: bytes, as: UTF8.self) { headers[index].value = text }
        }
        return (headers, body)
    }

    /// The bytes of text read as Latin-1 (every character below U+0100).
    private static func latin1Bytes(_ text: some StringProtocol) -> [UInt8] {
        text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    }

    /// `type/subtype` and parameters of a Content-Type or Content-Disposition value.
    private static func parameters(_ value: String) -> (value: String, parameters: [String: String]) {
        let parts = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        var parameters: [String: String] = [:]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { continue }
            var parameter = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if parameter.hasPrefix("\""), parameter.hasSuffix("\""), parameter.count >= 2 {
                parameter = String(parameter.dropFirst().dropLast())
            }
            parameters[part[..<equals].lowercased()] = parameter
        }
        return ((parts.first ?? "").lowercased(), parameters)
    }

    private static func entity(
        _ text: String, redactor: TextRedactor, tally: inout RedactionTally, depth: Int, attachments: AttachmentRedactor?
    ) throws -> String {
        guard depth < 16 else { throw ExhibitError.badInput("the message nests MIME parts too deeply") }
        let (headers, body) = try split(text)
        var lookup: [String: String] = [:]
        for header in headers { lookup[header.name.lowercased()] = header.value }
        let (type, typeParameters) = parameters(lookup["content-type"] ?? "text/plain; charset=us-ascii")
        let disposition = parameters(lookup["content-disposition"] ?? "").value

        if type.hasPrefix("multipart/") {
            guard let boundary = typeParameters["boundary"], !boundary.isEmpty else {
                throw ExhibitError.badInput("a multipart message has no boundary")
            }
            var output = try headerBlock(headers, redactor: redactor, tally: &tally)
            let delimiter = "--" + boundary
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
            var parts: [[Substring]] = []
            var current: [Substring]?
            var closed = false
            for line in lines {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed == delimiter + "--" {
                    if let part = current { parts.append(part) }
                    closed = true
                    break
                } else if trimmed == delimiter {
                    if let part = current { parts.append(part) }
                    current = []
                } else {
                    current?.append(line)
                }
            }
            guard closed else { throw ExhibitError.badInput("a multipart message is truncated (no closing boundary)") }
            for part in parts {
                output += "\n" + delimiter + "\n"
                output += try entity(
                    part.joined(separator: "\n"), redactor: redactor, tally: &tally, depth: depth + 1, attachments: attachments)
            }
            output += "\n" + delimiter + "--\n"
            return output
        }

        let isText = (type == "text/plain" || type == "text/html") && disposition != "attachment"
        let encoding = (lookup["content-transfer-encoding"] ?? "7bit").lowercased()
        guard isText else {
            let original =
                typeParameters["name"] ?? parameters(lookup["content-disposition"] ?? "").parameters["filename"] ?? "unnamed"
            if let attachments,
                let redacted = try? redactAttachment(
                    body, encoding: encoding, type: type, name: decodeWords(original), attachments)
            {
                tally.count("email:attachment-redacted")
                tally.merge(redacted.rules)
                let name = safeName(redactor.redact(redacted.name, tally: &tally))
                let encoded = Data(redacted.bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
                return "Content-Type: \(redacted.mime); name=\"\(name)\"\nContent-Disposition: attachment; filename=\"\(name)\"\n"
                    + "Content-Transfer-Encoding: base64\n\n\(encoded)\n"
            }
            tally.count("email:attachment-withheld")
            let name = redactor.redact(decodeWords(original), tally: &tally)
            return "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
                + "[attachment withheld by the sharing policy: \(name), \(type)]\n"
        }
        let raw: [UInt8]
        switch encoding {
        case "base64":
            guard let data = Data(base64Encoded: body.filter { !$0.isWhitespace }.description) else {
                throw ExhibitError.badInput("a base64 part cannot be decoded")
            }
            raw = Array(data)
        case "quoted-printable": raw = QuotedPrintable.decode(latin1Bytes(body))
        case "7bit", "8bit", "binary": raw = latin1Bytes(body)
        default: throw ExhibitError.badInput("unknown transfer encoding \(encoding)")
        }
        let content = try decodeCharset(raw, typeParameters["charset"] ?? "us-ascii")
        let plain = type == "text/html" ? TextNormaliser.html(Array(content.utf8)) : Array(content.utf8)
        let redacted = redactor.redact(plain, tally: &tally)
        var output = try headerBlock(
            headers.filter { !["content-type", "content-transfer-encoding"].contains($0.name.lowercased()) }, redactor: redactor,
            tally: &tally)
        output += "Content-Type: \(type); charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        output += QuotedPrintable.encode(redacted)
        return output
    }

    /// An attachment's bytes decoded and handed to `attachments`, its type taken from its content when the
    /// message only says `application/octet-stream`.
    private static func redactAttachment(
        _ body: Substring, encoding: String, type: String, name: String, _ attachments: AttachmentRedactor
    ) throws -> (bytes: [UInt8], mime: String, name: String, rules: [String: Int])? {
        let bytes: [UInt8]
        switch encoding {
        case "base64":
            guard let data = Data(base64Encoded: body.filter { !$0.isWhitespace }.description) else { return nil }
            bytes = Array(data)
        case "quoted-printable": bytes = QuotedPrintable.decode(latin1Bytes(body))
        default: bytes = latin1Bytes(body)
        }
        let guessed = bytes.prefix(64).withUnsafeBytes { MediaType.guess(name: name, head: $0) }
        return try attachments(bytes, type == "application/octet-stream" || type.isEmpty ? guessed : type, name)
    }

    /// A file name safe inside a quoted header parameter.
    private static func safeName(_ name: String) -> String {
        String(name.map { $0 == "\"" || $0 == "\\" || $0.isNewline || $0 == "\r" ? "_" : $0 })
    }

    private static func headerBlock(_ headers: [Header], redactor: TextRedactor, tally: inout RedactionTally) throws -> String {
        var output = ""
        for header in headers {
            let name = header.name.lowercased()
            guard keptHeaders.contains(name) else {
                tally.count("email:header-removed")
                continue
            }
            var value = decodeWords(header.value)
            if textHeaders.contains(name) || name == "content-type" || name == "content-disposition" {
                value = redactor.redact(value, tally: &tally)
            }
            output += "\(header.name): \(value)\n"
        }
        return output
    }

    private static func decodeCharset(_ bytes: [UInt8], _ charset: String) throws -> String {
        switch charset.lowercased() {
        case "utf-8", "utf8", "us-ascii", "ascii":
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw ExhibitError.badInput("a text part is not valid UTF-8")
            }
            return text
        case "iso-8859-1", "latin1", "iso-8859-15":
            return String(data: Data(bytes), encoding: .isoLatin1) ?? ""
        case "windows-1252", "cp1252":
            guard let text = String(data: Data(bytes), encoding: .windowsCP1252) else {
                throw ExhibitError.badInput("a text part is not valid windows-1252")
            }
            return text
        default:
            throw ExhibitError.badInput("unsupported charset \(charset)")
        }
    }

    /// Decodes RFC 2047 encoded words (`=?utf-8?B?…?=`, `=?iso-8859-1?Q?…?=`) in a header value.
    static func decodeWords(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var output = ""
        var rest = Substring(value)
        var lastWasEncoded = false
        while let start = rest.range(of: "=?") {
            let between = rest[..<start.lowerBound]
            let parts = rest[start.upperBound...].split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, parts[3].hasPrefix("="), let charset = parts.first else {
                output += rest
                return output
            }
            if !(lastWasEncoded && between.allSatisfy(\.isWhitespace)) { output += between }
            let encoded = String(parts[2])
            let bytes: [UInt8]
            switch parts[1].uppercased() {
            case "B": bytes = Data(base64Encoded: encoded).map(Array.init) ?? Array(encoded.utf8)
            default: bytes = QuotedPrintable.decode(Array(encoded.replacingOccurrences(of: "_", with: " ").utf8))
            }
            output += (try? decodeCharset(bytes, String(charset))) ?? String(decoding: bytes, as: UTF8.self)
            rest = parts[3].dropFirst()
            lastWasEncoded = true
        }
        return output + rest
    }
}

/// Quoted-printable (RFC 2045 section 6.7).
enum QuotedPrintable {
    static func decode(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "=") {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                    index += 2
                    continue
                }
                if index + 2 < bytes.count, ByteScan.isHex(bytes[index + 1]), ByteScan.isHex(bytes[index + 2]),
                    let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
                {
                    output.append(value)
                    index += 3
                    continue
                }
            }
            output.append(bytes[index])
            index += 1
        }
        return output
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var output = ""
        var lineLength = 0
        let hex = Array("0123456789ABCDEF")
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A {
                output += "\n"
                lineLength = 0
                continue
            }
            let nextIsBreak = index + 1 == bytes.count || bytes[index + 1] == 0x0A
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || (byte == 0x20 && !nextIsBreak)
            let piece = literal ? String(UnicodeScalar(byte)) : "=" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            if lineLength + piece.count > 75 {
                output += "=\n"
                lineLength = 0
            }
            output += piece
            lineLength += piece.count
        }
        return output
    }
}
