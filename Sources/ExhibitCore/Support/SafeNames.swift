import Foundation

/// Turns the names recorded with exhibits (which came from seized devices or partner bundles, and are hostile)
/// into relative paths that are safe to create inside one folder and still recognisable: components `.`, `..`
/// and empty ones are dropped (so nothing is absolute or escapes the folder), control and bidirectional-override
/// characters and back-slashes become `_`, over-long components are shortened, and a path already taken (compared
/// without regard to case, so a copy to a case-insensitive disk keeps every file) gets ` (2)`, ` (3)`, … before
/// its extension. A folder never takes the place of a file placed earlier, nor a file the place of a folder.
package struct SafeNames: Sendable {
    /// The longest component, in UTF-8 bytes (most file systems allow 255).
    static let longestComponent = 200

    private var files: Set<String> = []
    private var folders: Set<String> = []
    /// A folder as recorded (under its chosen parent, lower-cased) → the folder chosen for it.
    private var chosenFolders: [String: String] = [:]

    /// Starts with `reserved` top-level names taken (such as `manifest-sha256.txt`).
    package init(reserved: [String] = []) {
        files = Set(reserved.map { $0.lowercased() })
    }

    /// Places a recorded path and returns the relative path to create.
    /// - Parameters:
    ///   - components: the path as recorded, split at `/` (a leading folder may be given first).
    ///   - fallback: the file name to use when nothing usable is left (e.g. `file-3`).
    /// - Returns: the relative path, unique in the folder.
    package mutating func place(_ components: [String], fallback: String) -> String {
        var cleaned = components.map(Self.clean).filter { !$0.isEmpty }
        if cleaned.isEmpty { cleaned = [Self.clean(fallback)] }
        var parent = ""
        for folder in cleaned.dropLast() {
            let key = Path.join(parent, folder).lowercased()
            if let chosen = chosenFolders[key] {
                parent = chosen
                continue
            }
            var candidate = Path.join(parent, folder)
            var counter = 2
            while files.contains(candidate.lowercased()) {
                candidate = Path.join(parent, "\(folder) (\(counter))")
                counter += 1
            }
            chosenFolders[key] = candidate
            folders.insert(candidate.lowercased())
            parent = candidate
        }
        let name = cleaned.last ?? "file"
        let (stem, suffix) = Self.split(name)
        var candidate = Path.join(parent, name)
        var counter = 2
        while files.contains(candidate.lowercased()) || folders.contains(candidate.lowercased()) {
            candidate = Path.join(parent, "\(stem) (\(counter))\(suffix)")
            counter += 1
        }
        files.insert(candidate.lowercased())
        return candidate
    }

    /// One component made safe: empty for `.`, `..` or nothing left.
    package static func clean(_ component: String) -> String {
        let scalars = component.unicodeScalars.map { scalar -> Unicode.Scalar in
            let value = scalar.value
            let control = value < 0x20 || (0x7F...0x9F).contains(value)
            let bidirectional =
                (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E
                || value == 0x200F
            return control || bidirectional || scalar == "\\" || scalar == "/" ? "_" : scalar
        }
        var name = String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespaces)
        if name == "." || name == ".." { return "" }
        if name.utf8.count > longestComponent {
            var (stem, suffix) = split(name)
            if suffix.utf8.count > 16 { (stem, suffix) = (name, "") }
            while !stem.isEmpty, stem.utf8.count + suffix.utf8.count > longestComponent { stem.removeLast() }
            name = stem + suffix
        }
        return name
    }

    /// `report.pdf` → (`report`, `.pdf`); `README` → (`README`, ``).
    private static func split(_ name: String) -> (stem: String, suffix: String) {
        let ext = Path.fileExtension(name)
        guard !ext.isEmpty else { return (name, "") }
        return (String(decoding: name.utf8.dropLast(ext.utf8.count + 1), as: UTF8.self), ".\(ext)")
    }
}
