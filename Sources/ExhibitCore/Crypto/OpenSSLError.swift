internal import CExhibitOpenSSL

/// Reads and clears OpenSSL's thread-local error queue (`ERR_get_error_all`).
enum OpenSSLErrorQueue {
    /// The queued errors as one line (most recent last), and the queue emptied.
    static func drain() -> String {
        var reasons: [String] = []
        while true {
            var data: UnsafePointer<CChar>?
            var flags: Int32 = 0
            let code = ERR_get_error_all(nil, nil, nil, &data, &flags)
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            var reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if let data, flags & ERR_TXT_STRING != 0 {
                let text = String(cString: data)
                if !text.isEmpty { reason += " (\(text))" }
            }
            reasons.append(reason)
        }
        return reasons.joined(separator: "; ")
    }

    /// Empties the queue without reading it (before an operation whose failure we report ourselves).
    static func clear() { ERR_clear_error() }

    /// An error whose message is `context` followed by OpenSSL's own reasons, when it gave any.
    static func error(_ category: ExhibitError.Category, _ context: String) -> ExhibitError {
        let reasons = drain()
        return ExhibitError(category, reasons.isEmpty ? context : "\(context): \(reasons)")
    }
}
