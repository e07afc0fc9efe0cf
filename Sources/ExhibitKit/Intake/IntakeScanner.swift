import ExhibitCore
import Foundation

/// A regular file found for registration.
struct IntakeCandidate: Sendable {
    /// The path it is read from.
    let source: String
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
}

/// What `exhibit add` will take in: regular files, in a stable order, and the paths it refuses.
struct IntakePlan: Sendable {
    var files: [IntakeCandidate] = []
    var refused: [RefusedPath] = []
}

/// Walks the paths given to `exhibit add`: files are taken as they are, folders recursively; symbolic
/// links are never followed and, like devices, FIFOs and sockets, are recorded as refused. The case
/// store itself is never taken in.
enum IntakeScanner {
    /// Scans `paths`.
    /// - Parameters:
    ///   - paths: files and folders as given on the command line (recorded as given).
    ///   - storeDirectory: the `.exhibit` folder, skipped if met.
    ///   - base: the folder relative paths are read from (default: the current folder).
    ///   - guarding: for a user's paths, what must not be taken in (the store's files, keys); nil for files the
    ///     program itself staged.
    /// - Returns: the regular files found, in order, and the paths refused.
    /// - Throws: `.badInput` for a missing path or one inside the store, `.environment` for an unreadable folder.
    static func scan(_ paths: [String], storeDirectory: String, base: String? = nil, guarding: IntakeGuard? = nil) throws
        -> IntakePlan
    {
        var plan = IntakePlan()
        var seen = Set<String>()
        let storeIdentity = identity(of: storeDirectory)
        for given in paths {
            let path = base.map { Path.absolute(given, from: $0) } ?? given
            var info = stat()
            guard !given.isEmpty, lstat(path, &info) == 0 else {
                throw errno == ENOENT || given.isEmpty
                    ? ExhibitError.badInput("\(given.isEmpty ? "\"\"" : given): no such file or folder")
                    : FileSystem.error(given, "cannot examine")
            }
            try guarding?.requireOutsideStore(path, shown: given)
            try visit(
                path, shown: given, relative: Path.name(path), info: info, plan: &plan, seen: &seen, store: storeIdentity,
                guarding: guarding)
        }
        return plan
    }

    private static func identity(of path: String) -> (UInt64, UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    private static func visit(
        _ path: String, shown: String, relative: String, info: stat, plan: inout IntakePlan, seen: inout Set<String>,
        store: (UInt64, UInt64)?, guarding: IntakeGuard?
    ) throws {
        let key = "\(info.st_dev):\(info.st_ino):\(relative)"
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            guard seen.insert(key).inserted else { return }
            if let reason = guarding?.refusal(path, info: info) {
                plan.refused.append(RefusedPath(path: shown, reason: reason))
                return
            }
            plan.files.append(
                IntakeCandidate(
                    source: path, given: shown, relativePath: relative, name: Path.name(path),
                    device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size)))
        case S_IFDIR:
            if let store, store == (UInt64(info.st_dev), UInt64(info.st_ino)) {
                plan.refused.append(RefusedPath(path: shown, reason: "the case store itself"))
                return
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw FileSystem.error(path, "cannot list the folder", code: access(path, R_OK | X_OK) == 0 ? EIO : EACCES)
            }
            for name in names.sorted() {
                let child = Path.join(path, name)
                var childInfo = stat()
                guard lstat(child, &childInfo) == 0 else { throw FileSystem.error(child, "cannot examine") }
                try visit(
                    child, shown: Path.join(shown, name), relative: relative + "/" + name, info: childInfo, plan: &plan,
                    seen: &seen, store: store, guarding: guarding)
            }
        case S_IFLNK:
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            plan.refused.append(RefusedPath(path: shown, reason: "symbolic link to \(target) (not followed)"))
        case S_IFIFO:
            plan.refused.append(RefusedPath(path: shown, reason: "named pipe (FIFO)"))
        case S_IFSOCK:
            plan.refused.append(RefusedPath(path: shown, reason: "socket"))
        case S_IFCHR, S_IFBLK:
            plan.refused.append(RefusedPath(path: shown, reason: "device file"))
        default:
            plan.refused.append(RefusedPath(path: shown, reason: "not a regular file"))
        }
    }
}
