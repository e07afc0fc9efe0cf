import ExhibitCore
import Foundation

/// A regular file found for registration.
struct IntakeCandidate: Sendable {
    /// The path it is read from, as shown (`FileName`: a name that is not UTF-8 has `\xNN` for its other bytes).
    let source: String
    /// The path's bytes as the file system holds them, NUL-terminated: what opens the file.
    let location: [CChar]
    /// The path as the user named it (recorded in the ledger).
    let given: String
    /// Path relative to the folder it was found in (its name when given directly).
    let relativePath: String
    /// The original file name.
    let name: String
    /// Device and inode when scanned, to detect a swap before reading.
    let device: UInt64
    let inode: UInt64
    /// Size when scanned.
    let size: Int64

    /// A file found at `source` (`location` when its path is not UTF-8).
    init(
        source: String, location: [CChar]? = nil, given: String, relativePath: String, name: String, device: UInt64,
        inode: UInt64, size: Int64
    ) {
        self.source = source
        self.location = location ?? Array(source.utf8CString)
        self.given = given
        self.relativePath = relativePath
        self.name = name
        self.device = device
        self.inode = inode
        self.size = size
    }
}

/// What `exhibit add` will take in: regular files, in a stable order, and the paths it refuses.
struct IntakePlan: Sendable {
    var files: [IntakeCandidate] = []
    var refused: [RefusedPath] = []
}

/// Walks the paths given to `exhibit add`: files are taken as they are, folders recursively; symbolic
/// links are never followed and, like devices, FIFOs and sockets, are recorded as refused. The case
/// store itself is never taken in.
///
/// The walk is lazy: it holds only the listings of the folders it is in, so a phone extraction of any size is
/// walked in bounded memory (`next(upTo:)` hands out a part at a time). A path given twice (the same file or
/// folder under the same name) is taken once.
final class IntakeScanner {
    /// The paths refused so far, in the order met.
    private(set) var refused: [RefusedPath] = []
    private let roots: [Root]
    private var nextRoot = 0
    private var folders: [Folder] = []
    private let storeIdentity: (UInt64, UInt64)?
    private let guarding: IntakeGuard?

    /// A path named on the command line, examined before the walk starts.
    private struct Root {
        let path: String
        let bytes: [UInt8]
        let shown: String
        let info: stat
    }

    /// A folder being walked: its path (as shown, and its bytes), its listing sorted by the names as shown, and the
    /// next name to visit.
    private struct Folder {
        let path: String
        let bytes: [UInt8]
        let shown: String
        let relative: String
        let names: [FileName]
        var next = 0
    }

    /// Examines every path before anything is read, so a missing one stops the command at once.
    /// - Parameters:
    ///   - paths: files and folders as given on the command line (recorded as given).
    ///   - storeDirectory: the `.exhibit` folder, skipped if met.
    ///   - base: the folder relative paths are read from (default: the current folder).
    ///   - guarding: for a user's paths, what must not be taken in (the store's files, keys); nil for files the
    ///     program itself staged.
    ///   - pathBytes: the bytes of the `paths` that are not UTF-8 (`AddExhibit.Request.pathBytes`).
    /// - Throws: `.badInput` for a missing path or one inside the store.
    init(
        _ paths: [String], storeDirectory: String, base: String? = nil, guarding: IntakeGuard? = nil,
        pathBytes: [String: [UInt8]] = [:]
    ) throws {
        var roots: [Root] = []
        var seen = Set<String>()
        for argument in paths {
            // A name that is not UTF-8 is opened by its bytes and shown (and recorded) as `FileName` shows them.
            let raw = pathBytes[argument]
            let given = raw.map { FileName.shown($0) } ?? argument
            let givenBytes = raw ?? Array(argument.utf8)
            let bytes = base.map { Path.absolute(bytes: givenBytes, from: Array($0.utf8)) } ?? givenBytes
            let path = FileName.shown(bytes)
            var info = stat()
            guard !given.isEmpty, lstat(FileName.cString(bytes), &info) == 0 else {
                throw errno == ENOENT || given.isEmpty
                    ? ExhibitError.badInput("\(given.isEmpty ? "\"\"" : given): no such file or folder")
                    : FileSystem.error(given, "cannot examine")
            }
            try guarding?.requireOutsideStore(bytes, shown: given)
            // The same file or folder given twice under the same name would be registered twice.
            guard seen.insert("\(info.st_dev):\(info.st_ino):\(Path.name(path))").inserted else { continue }
            roots.append(Root(path: path, bytes: bytes, shown: given, info: info))
        }
        self.roots = roots
        self.guarding = guarding
        var store = stat()
        storeIdentity = stat(storeDirectory, &store) == 0 ? (UInt64(store.st_dev), UInt64(store.st_ino)) : nil
    }

    /// Walks `paths` to the end.
    /// - Returns: the regular files found, in order, and the paths refused.
    /// - Throws: as `init` and `next()`.
    static func scan(_ paths: [String], storeDirectory: String, base: String? = nil, guarding: IntakeGuard? = nil) throws
        -> IntakePlan
    {
        let scanner = try IntakeScanner(paths, storeDirectory: storeDirectory, base: base, guarding: guarding)
        var plan = IntakePlan()
        while let file = try scanner.next() { plan.files.append(file) }
        plan.refused = scanner.refused
        return plan
    }

    /// The next part of the walk: up to `count` files, fewer only at its end.
    /// - Throws: as `next()`.
    func next(upTo count: Int) throws -> [IntakeCandidate] {
        var part: [IntakeCandidate] = []
        while part.count < count, let file = try next() { part.append(file) }
        return part
    }

    /// The next regular file, in order (folders depth first, names sorted), or nil at the end.
    /// - Throws: `.environment` for a folder that cannot be listed or a file that cannot be examined.
    func next() throws -> IntakeCandidate? {
        while true {
            if let folder = folders.last {
                guard folder.next < folder.names.count else {
                    folders.removeLast()
                    continue
                }
                folders[folders.count - 1].next += 1
                let name = folder.names[folder.next]
                let child = Path.join(folder.path, name.shown)
                let bytes = folder.bytes + [0x2F] + name.bytes
                var info = stat()
                guard lstat(FileName.cString(bytes), &info) == 0 else { throw FileSystem.error(child, "cannot examine") }
                if let file = try visit(
                    child, bytes: bytes, shown: Path.join(folder.shown, name.shown),
                    relative: folder.relative + "/" + name.shown, info: info)
                {
                    return file
                }
                continue
            }
            guard nextRoot < roots.count else { return nil }
            let root = roots[nextRoot]
            nextRoot += 1
            if let file = try visit(
                root.path, bytes: root.bytes, shown: root.shown, relative: Path.name(root.path), info: root.info)
            {
                return file
            }
        }
    }

    /// Takes a regular file, enters a folder, or refuses the path.
    /// - Parameters:
    ///   - path: the path as shown (`FileName`).
    ///   - bytes: the path as the file system holds it.
    ///   - shown: the path as given (recorded).
    ///   - relative: the path within the folder given.
    ///   - info: its `lstat`.
    /// - Returns: the file to take, or nil after entering a folder or refusing the path.
    /// - Throws: `.environment` for a folder that cannot be listed.
    private func visit(_ path: String, bytes: [UInt8], shown: String, relative: String, info: stat) throws
        -> IntakeCandidate?
    {
        let location = FileName.cString(bytes)
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            if let reason = guarding?.refusal(info: info) {
                refused.append(RefusedPath(path: shown, reason: reason))
                return nil
            }
            return IntakeCandidate(
                source: path, location: location, given: shown, relativePath: relative, name: Path.name(path),
                device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size))
        case S_IFDIR:
            if let storeIdentity, storeIdentity == (UInt64(info.st_dev), UInt64(info.st_ino)) {
                refused.append(RefusedPath(path: shown, reason: "the case store itself"))
                return nil
            }
            guard let names = FileName.list(bytes) else {
                throw FileSystem.error(path, "cannot list the folder", code: access(location, R_OK | X_OK) == 0 ? EIO : EACCES)
            }
            folders.append(
                Folder(
                    path: path, bytes: bytes, shown: shown, relative: relative,
                    names: names.sorted {
                        $0.shown != $1.shown ? $0.shown < $1.shown : $0.bytes.lexicographicallyPrecedes($1.bytes)
                    }))
        case S_IFLNK:
            let target = Self.linkTarget(location)
            refused.append(RefusedPath(path: shown, reason: "symbolic link to \(target) (not followed)"))
        case S_IFIFO:
            refused.append(RefusedPath(path: shown, reason: "named pipe (FIFO)"))
        case S_IFSOCK:
            refused.append(RefusedPath(path: shown, reason: "socket"))
        case S_IFCHR, S_IFBLK:
            refused.append(RefusedPath(path: shown, reason: "device file"))
        default:
            refused.append(RefusedPath(path: shown, reason: "not a regular file"))
        }
        return nil
    }

    /// Where a symbolic link points, as shown (`FileName`), or `?` when it cannot be read.
    private static func linkTarget(_ location: [CChar]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(location, &buffer, buffer.count - 1)
        return count < 0 ? "?" : FileName.shown(buffer.prefix(count).map { UInt8(bitPattern: $0) })
    }
}
