/// The format a redacted file is shared in when it is not the source's: a HEIC photo travels as JPEG, a PDF or
/// office document as a new PDF of page images.
package enum SharedFormat {
    /// The file extension of the shared copy of a redacted file of type `mime`, when it differs from the source's.
    package static func `extension`(for mime: String) -> String? {
        switch mime {
        case "image/heic", "image/heif": return "jpg"
        default: return DocumentRedactor.kind(of: mime) == .office ? "pdf" : nil
        }
    }

    /// `name` with its extension replaced by `ext` (`letter.docx` → `letter.pdf`; `notes` → `notes.pdf`).
    package static func renamed(_ name: String, to ext: String) -> String {
        let folderEnd = name.lastIndex(of: "/").map { name.index(after: $0) } ?? name.startIndex
        let base = name[folderEnd...]
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return "\(name).\(ext)" }
        return "\(name[..<dot]).\(ext)"
    }
}
