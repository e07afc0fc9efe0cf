import Foundation

/// Runs libarchive calls with a UTF-8 character type on the calling thread (`uselocale`), whatever the process's
/// locale: libarchive converts entry names through the current locale's character set, and under the default
/// "C" locale it cannot convert a non-ASCII UTF-8 name (its error message then reads a NULL name and crashes).
enum UTF8Locale {
    /// The C.UTF-8 character type, made once (nil when the C library has none, which leaves the locale alone).
    nonisolated(unsafe) private static let utf8: locale_t? = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil)

    /// Runs `body` with the thread's character type set to UTF-8, restoring the previous locale afterwards.
    /// - Returns: what `body` returns.
    static func run<T>(_ body: () throws -> T) rethrows -> T {
        guard let utf8 else { return try body() }
        let previous = uselocale(utf8)
        defer { if let previous { uselocale(previous) } }
        return try body()
    }
}
