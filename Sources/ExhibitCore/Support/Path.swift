/// Path text operations done on `/` bytes as POSIX `dirname`/`basename` define them: total functions that never
/// trap, whatever the path (empty, `/`, one character, trailing slashes, any script or normalisation).
///
/// Foundation's `NSString` path methods trap on one-character relative paths on Linux, and splitting a `String`
/// on the `Character` "/" misses a slash followed by a combining mark (one grapheme): this type splits on bytes.
public enum Path {
    private static let slash = UInt8(ascii: "/")

    /// The components of `path`, split on `/` bytes, empty components dropped (`a//b/` → `a`, `b`).
    public static func components(_ path: String) -> [String] {
        path.utf8.split(separator: slash).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The folder part, like `dirname`: `k` → `.`, `x/k` → `x`, `k/` → `.`, `/k` → `/`, `/` → `/`, `` → `.`.
    public static func parent(_ path: String) -> String {
        var bytes = Array(path.utf8)
        while bytes.count > 1, bytes.last == slash { bytes.removeLast() }
        guard let last = bytes.lastIndex(of: slash) else { return "." }
        var end = last
        while end > 0, bytes[end - 1] == slash { end -= 1 }
        return end == 0 ? "/" : String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// The last component, like `basename`: `x/k/` → `k`, `/` → `/`, `` → ``.
    public static func name(_ path: String) -> String {
        guard let last = components(path).last else { return path.utf8.first == slash ? "/" : "" }
        return last
    }

    /// The extension of a file name without its dot: `a.txt` → `txt`, `.profile` → ``, `a.` → ``, `a` → ``.
    public static func fileExtension(_ path: String) -> String {
        let bytes = Array(name(path).utf8)
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot > 0, dot < bytes.count - 1 else { return "" }
        return String(decoding: bytes[(dot + 1)...], as: UTF8.self)
    }

    /// `child` inside `folder` (`child` is returned as it is when absolute).
    public static func join(_ folder: String, _ child: String) -> String {
        if child.utf8.first == slash || folder.isEmpty { return child }
        return folder.utf8.last == slash ? folder + child : folder + "/" + child
    }

    /// `path` made absolute against `base` (an absolute folder) and tidied lexically: `.` and empty
    /// components dropped, `..` removing the component before it (never above `/`).
    public static func absolute(_ path: String, from base: String) -> String {
        String(decoding: absolute(bytes: Array(path.utf8), from: Array(base.utf8)), as: UTF8.self)
    }

    /// `absolute(_:from:)` on bytes, for a path whose name is not UTF-8 (it keeps its bytes).
    public static func absolute(bytes path: [UInt8], from base: [UInt8]) -> [UInt8] {
        let dot = UInt8(ascii: ".")
        let joined = path.first == slash || base.isEmpty ? path : base + [slash] + path
        var kept: [ArraySlice<UInt8>] = []
        for component in joined.split(separator: slash) {
            if component.elementsEqual([dot]) { continue }
            if component.elementsEqual([dot, dot]) {
                if !kept.isEmpty { kept.removeLast() }
                continue
            }
            kept.append(component)
        }
        return [slash] + Array(kept.joined(separator: [slash]))
    }

    /// True when `path` is `/` or resolves to it.
    public static func isRoot(_ path: String, from base: String) -> Bool { absolute(path, from: base) == "/" }

    /// True when `inner` (absolute, tidied) is `outer` or lies inside it.
    public static func contains(_ outer: String, _ inner: String) -> Bool {
        let outerParts = components(outer)
        let innerParts = components(inner)
        return innerParts.count >= outerParts.count && Array(innerParts.prefix(outerParts.count)) == outerParts
    }
}
