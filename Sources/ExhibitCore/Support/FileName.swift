#if canImport(Glibc)
    import Glibc
#endif

/// A name as a folder holds it: its bytes, which open the file, and the text it is shown and recorded as.
///
/// Linux names are bytes. A name that is not UTF-8 (a Latin-1 or Windows-1252 name from a memory card or an old
/// archive, `caf\xE9.txt`) is shown with each byte that is not part of a UTF-8 character written as `\xNN`, so it is
/// recorded once, stays distinct from its neighbours, and the file is still read by its real name.
public struct FileName: Sendable, Hashable {
    /// The bytes, as the file system holds them (no NUL).
    public let bytes: [UInt8]
    /// How it is shown and recorded: the name itself when it is UTF-8.
    public let shown: String

    /// A name from its bytes.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        shown = Self.shown(bytes)
    }

    /// Whether the name is UTF-8 (shown as it is).
    public var isUTF8: Bool { Array(shown.utf8) == bytes }

    /// The text a name's bytes are shown as: UTF-8 characters as they are, any other byte as `\xNN`.
    public static func shown(_ bytes: some Collection<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var text = ""
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var rest = bytes[...]
        parsing: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                text.unicodeScalars.append(Unicode.UTF8.decode(encoded))
                rest = rest.dropFirst(encoded.count)
            case .error(let length):
                for byte in rest.prefix(length) { text += "\\x" + Hex.encode([byte]).uppercased() }
                rest = rest.dropFirst(length)
            case .emptyInput:
                break parsing
            }
        }
        return text
    }

    /// The names in the folder at `path` (bytes, without a NUL), `.` and `..` left out, unsorted.
    /// - Returns: nil when the folder cannot be opened (`errno` says why).
    public static func list(_ path: [UInt8]) -> [FileName]? {
        guard let directory = opendir(cString(path)) else { return nil }
        defer { closedir(directory) }
        var names: [FileName] = []
        while let entry = readdir(directory) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes != [0x2E], bytes != [0x2E, 0x2E] { names.append(FileName(bytes: bytes)) }
        }
        return names
    }

    /// `path` (bytes, without a NUL) as a C string, to pass to `open`, `lstat` and the like.
    public static func cString(_ path: [UInt8]) -> [CChar] {
        path.map { CChar(bitPattern: $0) } + [0]
    }
}
