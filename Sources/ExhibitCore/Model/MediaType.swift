/// A media type guess from a file's first bytes, falling back to its extension.
public enum MediaType {
    private static let signatures: [(prefix: [UInt8], offset: Int, type: String)] = [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 0, "image/png"),
        ([0xFF, 0xD8, 0xFF], 0, "image/jpeg"),
        (Array("GIF87a".utf8), 0, "image/gif"),
        (Array("GIF89a".utf8), 0, "image/gif"),
        (Array("%PDF-".utf8), 0, "application/pdf"),
        ([0x49, 0x49, 0x2A, 0x00], 0, "image/tiff"),
        ([0x4D, 0x4D, 0x00, 0x2A], 0, "image/tiff"),
        (Array("BM".utf8), 0, "image/bmp"),
        (Array("ftypheic".utf8), 4, "image/heic"),
        (Array("ftypheix".utf8), 4, "image/heic"),
        (Array("ftypmif1".utf8), 4, "image/heif"),
        (Array("ftypqt".utf8), 4, "video/quicktime"),
        (Array("ftyp".utf8), 4, "video/mp4"),
        (Array("OggS".utf8), 0, "audio/ogg"),
        (Array("ID3".utf8), 0, "audio/mpeg"),
        ([0x1A, 0x45, 0xDF, 0xA3], 0, "video/webm"),
        ([0x50, 0x4B, 0x03, 0x04], 0, "application/zip"),
        ([0x1F, 0x8B], 0, "application/gzip"),
        (Array("SQLite format 3".utf8), 0, "application/vnd.sqlite3"),
        (Array("{\\rtf".utf8), 0, "application/rtf"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], 0, "application/x-ole-storage"),
    ]

    private static let extensions: [String: String] = [
        "txt": "text/plain", "csv": "text/csv", "json": "application/json", "html": "text/html", "htm": "text/html",
        "eml": "message/rfc822", "xml": "application/xml", "md": "text/markdown",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "webp": "image/webp", "wav": "audio/wav", "mp3": "audio/mpeg", "m4a": "audio/mp4", "mov": "video/quicktime",
        "mp4": "video/mp4", "yaml": "application/yaml", "yml": "application/yaml",
        "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "doc": "application/msword", "xls": "application/vnd.ms-excel", "rtf": "application/rtf",
    ]

    /// Guesses the type of a file named `name` whose content starts with `head`.
    public static func guess(name: String, head: UnsafeRawBufferPointer) -> String {
        let bytes = Array(head.prefix(64))
        let lowerName = name.lowercased()
        let ext = lowerName.split(separator: ".").count > 1 ? String(lowerName.split(separator: ".").last ?? "") : ""
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)) {
            if Array(bytes[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
            if Array(bytes[8..<12]) == Array("WAVE".utf8) { return "audio/wav" }
        }
        for signature in signatures where bytes.count >= signature.offset + signature.prefix.count {
            if Array(bytes[signature.offset..<(signature.offset + signature.prefix.count)]) == signature.prefix {
                if signature.type == "application/zip" || signature.type == "application/x-ole-storage",
                    let known = extensions[ext]
                {
                    return known
                }
                return signature.type
            }
        }
        if let known = extensions[ext] { return known }
        if bytes.isEmpty { return "application/x-empty" }
        return looksLikeText(head) ? "text/plain" : "application/octet-stream"
    }

    private static func looksLikeText(_ head: UnsafeRawBufferPointer) -> Bool {
        let sample = head.prefix(4096)
        guard !sample.contains(0) else { return false }
        return String(validating: Array(sample), as: UTF8.self) != nil || sample.count == 4096
    }
}
