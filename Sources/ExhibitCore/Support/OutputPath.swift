import Foundation

/// The rules for paths a command writes to, checked before any work is done. Each returns the path made
/// absolute (against the current folder) and tidied.
///
/// - A **file** output (a bundle, a report, a receipt, a signing request) is refused when it is empty, `-`, the
///   root, ends in `/`, already exists (file or folder), or lies inside the case store.
/// - A **folder** output (redacted files, a checkpoint, extracted files) is refused when it is empty, `-`, the
///   root, an existing file, a folder that is not empty, or inside the case store.
/// - A **prefix** output (`keys generate --out DIR/NAME` writes NAME.key and NAME.crt) is refused when it is
///   empty, `-`, names a folder or ends in `/`, or when either file exists.
public enum OutputPath {
    /// Checks a file output.
    /// - Parameters:
    ///   - text: the path as given.
    ///   - flag: the option's name, for messages.
    ///   - storeDirectory: the case store's `.exhibit` folder, when there is one.
    /// - Returns: the absolute path.
    /// - Throws: `.badInput` naming the rule broken.
    public static func file(_ text: String, flag: String, storeDirectory: String? = nil) throws -> String {
        let path = try common(text, flag: flag, storeDirectory: storeDirectory)
        guard text.utf8.last != UInt8(ascii: "/"), !FileSystem.isDirectory(path) else {
            throw ExhibitError.badInput("\(flag) \(text) is a folder; name the file to create")
        }
        guard !FileSystem.exists(path) else {
            throw ExhibitError.badInput("\(flag) \(text) already exists; refusing to overwrite it")
        }
        return path
    }

    /// Checks a folder output.
    /// - Throws: `.badInput` naming the rule broken.
    public static func folder(_ text: String, flag: String, storeDirectory: String? = nil) throws -> String {
        let path = try common(text, flag: flag, storeDirectory: storeDirectory)
        if FileSystem.exists(path), !FileSystem.isEmptyDirectory(path) {
            throw ExhibitError.badInput(
                "\(flag) \(text) already exists and is not an empty folder; choose a new folder")
        }
        return path
    }

    /// Checks a prefix output and returns it with the two files it names.
    /// - Throws: `.badInput` naming the rule broken.
    public static func prefix(_ text: String, flag: String, extensions: [String]) throws -> (prefix: String, files: [String]) {
        let path = try common(text, flag: flag, storeDirectory: nil)
        guard text.utf8.last != UInt8(ascii: "/"), !FileSystem.isDirectory(path), Path.name(path) != ".." else {
            throw ExhibitError.badInput("\(flag) \(text) is a folder; give DIR/NAME, e.g. keys/northshire")
        }
        let files = extensions.map { "\(path).\($0)" }
        for file in files where FileSystem.exists(file) {
            throw ExhibitError.badInput("\(file) already exists; refusing to overwrite it")
        }
        return (path, files)
    }

    private static func common(_ text: String, flag: String, storeDirectory: String?) throws -> String {
        guard !text.isEmpty else { throw ExhibitError.badInput("\(flag) must not be empty") }
        guard text != "-" else {
            throw ExhibitError.badInput("\(flag) - (standard output) is not supported here; name a file")
        }
        guard !text.utf8.contains(0) else { throw ExhibitError.badInput("\(flag) holds a NUL byte") }
        let path = FileSystem.absolute(text)
        guard path != "/" else { throw ExhibitError.badInput("\(flag) \(text) is the root folder; name something inside it") }
        if let storeDirectory, Path.contains(FileSystem.absolute(storeDirectory), path) {
            throw ExhibitError.badInput("\(flag) \(text) is inside the case store; write it somewhere else")
        }
        return path
    }
}
