internal import CExhibitSystem
import Foundation

/// POSIX file operations with the durability rules Exhibit keeps: write to a temporary path, fsync,
/// rename, fsync the directory.
public enum FileSystem {
    /// The text of an `errno` value.
    static func reason(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// An error for a failed call on `path`: permissions, missing space and read-only file systems are
    /// environment problems (exit 3), anything else bad input (exit 2).
    package static func error(_ path: String, _ what: String, code: Int32 = errno) -> ExhibitError {
        let message = "\(path): \(what): \(reason(code))"
        switch code {
        case EACCES, EPERM, ENOSPC, EROFS, EDQUOT, EIO, EMFILE, ENFILE, ENOMEM: return .environment(message)
        default: return .badInput(message)
        }
    }

    /// Creates a directory and its parents with `mode`; succeeds when it already exists.
    package static func makeDirectory(_ path: String, mode: UInt32 = 0o700) throws {
        var components: [String] = []
        var current = path
        while !current.isEmpty, current != "/", access(current, F_OK) != 0 {
            components.append(current)
            current = Path.parent(current)
        }
        for directory in components.reversed() {
            let made = try Interruption.creating { mkdir(directory, mode_t(mode)) == 0 || errno == EEXIST }
            guard made else { throw error(directory, "cannot create the folder") }
        }
    }

    /// Creates a folder and its parents (mode 0755 for folders users share, such as report output).
    public static func makeDirectoryTree(_ path: String) throws {
        try makeDirectory(absolute(path), mode: 0o755)
    }

    /// Starts write-back of a range of a file without waiting for it (`sync_file_range`), so dirty pages do not
    /// pile up for a final flush.
    static func startWriteBack(_ descriptor: Int32, from offset: Int64, length: Int64) {
        _ = exhibit_start_writeback(descriptor, off_t(offset), off_t(length))
    }

    /// Flushes one file's content to disk, opening it again (read-only) to do so.
    /// - Parameters:
    ///   - path: the file.
    ///   - what: what it is, for the message (`the copy`, `the object`).
    /// - Throws: `.environment` naming the file when it cannot be opened or flushed.
    package static func syncFile(_ path: String, what: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw error(path, "cannot reopen \(what)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw error(path, "cannot flush \(what) to disk") }
    }

    /// Flushes a directory entry table to disk (after a rename or create inside it).
    package static func syncDirectory(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(path, "cannot open the folder") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw error(path, "cannot flush the folder") }
    }

    /// Flushes the whole file system holding `path` (`syncfs`): one call instead of an fsync per file
    /// when many files were written.
    package static func syncFileSystem(containing path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(path, "cannot open") }
        defer { close(descriptor) }
        guard exhibit_syncfs(descriptor) == 0 else { throw error(path, "cannot flush the file system") }
    }

    /// Writes `bytes` to `path` durably: a temporary file beside it, fsync, rename, fsync the folder.
    /// Nothing is left half-written: on failure the temporary file is removed and `path` is untouched.
    /// - Parameters:
    ///   - bytes: the new contents.
    ///   - path: the destination.
    ///   - mode: permissions of the new file.
    ///   - replace: when false, fail with `.badInput` if `path` exists.
    /// - Throws: `.badInput` when `path` exists and may not be replaced, `.environment` when writing fails.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, mode: UInt32 = 0o644, replace: Bool = true) throws {
        let folder = Path.parent(path)
        let name = Path.name(path)
        if !replace, access(path, F_OK) == 0 { throw ExhibitError.badInput("\(path) already exists; refusing to overwrite it") }
        guard !name.isEmpty, name != ".", name != "..", name != "/" else {
            throw ExhibitError.badInput("\(path) is not a file name")
        }
        let temporary = "\(folder)/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).part"
        let descriptor = try createFile(temporary, mode: mode_t(mode))
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        do {
            defer { close(descriptor) }
            try writeAll(descriptor, bytes, path: temporary)
            guard fchmod(descriptor, mode) == 0 else { throw error(temporary, "cannot set permissions") }
            guard fsync(descriptor) == 0 else { throw error(temporary, "cannot flush") }
        }
        if replace {
            guard rename(temporary, path) == 0 else { throw error(path, "cannot move into place") }
        } else {
            guard exhibit_rename_noreplace(temporary, path) == 0 else {
                throw errno == EEXIST
                    ? ExhibitError.badInput("\(path) already exists; refusing to overwrite it")
                    : error(path, "cannot move into place")
            }
        }
        succeeded = true
        try syncDirectory(folder)
    }

    /// Writes every byte, retrying short writes and interruptions.
    package static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { try writeAll(descriptor, $0, path: path) }
    }

    /// Writes every byte of a buffer, retrying short writes and interruptions.
    package static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw error(path, "cannot write")
            }
            offset += written
        }
    }

    /// Creates a new file for writing (`O_EXCL`, never following a symbolic link), unless the process is being
    /// interrupted (`Interruption.creating`).
    /// - Parameters:
    ///   - path: the file, which must not exist.
    ///   - mode: its permissions.
    ///   - flags: further open flags (such as `O_DIRECT`).
    /// - Returns: the descriptor, which the caller closes.
    /// - Throws: `ExhibitError` naming the file when it cannot be created.
    package static func createFile(_ path: String, mode: UInt32, flags: Int32 = 0) throws -> Int32 {
        let descriptor = try Interruption.creating {
            open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | flags, mode_t(mode))
        }
        guard descriptor >= 0 else { throw error(path, "cannot create") }
        return descriptor
    }

    /// Renames `from` to `to` unless something exists at `to` (`renameat2` with `RENAME_NOREPLACE`; where the file
    /// system does not support it, a check and a plain rename).
    /// - Returns: true on success; false with `errno` set otherwise (`EEXIST` when `to` exists).
    package static func renameNoReplace(_ from: String, _ to: String) -> Bool {
        if exhibit_rename_noreplace(from, to) == 0 { return true }
        guard errno == EINVAL || errno == ENOSYS else { return false }
        if exists(to) {
            errno = EEXIST
            return false
        }
        return rename(from, to) == 0
    }

    /// Removes a file, or a folder and everything in it, without following symbolic links; missing is fine.
    public static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            chmod(path, 0o700)
            for name in listDirectory(path) { removeTree(Path.join(path, name)) }
            rmdir(path)
        } else {
            if unlink(path) != 0, errno == EACCES {
                chmod(Path.parent(path), 0o700)
                unlink(path)
            }
        }
    }

    /// The names in a folder (not `.` and `..`), unsorted, as shown (`FileName`); empty when it cannot be read.
    public static func listDirectory(_ path: String) -> [String] {
        (FileName.list(Array(path.utf8)) ?? []).map(\.shown)
    }

    /// True when `path` is a folder with nothing in it.
    public static func isEmptyDirectory(_ path: String) -> Bool {
        isDirectory(path) && listDirectory(path).isEmpty
    }

    /// Writes a new folder holding `files` (name, bytes): built under a hidden name beside it, each file flushed,
    /// then renamed into place, so the folder appears whole or not at all. An empty folder already there is
    /// replaced.
    /// - Throws: `.environment` when writing fails; nothing is left behind then.
    public static func writeFolder(_ destination: String, files: [(String, [UInt8])]) throws {
        let parent = Path.parent(destination)
        try makeDirectory(parent, mode: 0o755)
        let building = Path.join(parent, ".\(Path.name(destination)).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).part")
        try makeDirectory(building, mode: 0o755)
        var finished = false
        defer { if !finished { removeTree(building) } }
        for (name, bytes) in files { try writeAtomically(bytes, to: Path.join(building, name), mode: 0o644) }
        if isEmptyDirectory(destination) { rmdir(destination) }
        guard renameNoReplace(building, destination) else {
            throw errno == EEXIST
                ? ExhibitError.badInput("\(destination) already exists; refusing to overwrite it")
                : error(destination, "cannot move the folder into place")
        }
        finished = true
        try syncDirectory(parent)
    }

    /// A whole file read into memory, refusing one larger than `limit` bytes (read in chunks, so a file that
    /// grows while it is read is caught too).
    /// - Throws: `.badInput` for a file over the limit; `ExhibitError` when it cannot be read.
    package static func read(_ path: String, limit: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try FileSource(path).forEachChunk { chunk in
            guard bytes.count + chunk.count <= limit else {
                throw ExhibitError.badInput("\(path) is too large (over \(limit) bytes) to be read in memory")
            }
            bytes += chunk
        }
        return bytes
    }

    /// The size of a file.
    /// - Throws: `ExhibitError` when it cannot be examined.
    package static func size(of path: String) throws -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw error(path, "cannot examine") }
        return Int64(info.st_size)
    }

    /// Requires `path` (as named on the command line: a symbolic link is followed) to be a regular file.
    /// - Parameters:
    ///   - path: the path as given.
    ///   - what: what the file should be, for messages ("bundle", "receipt").
    /// - Throws: `.badInput` for a missing path, a folder, a device, a FIFO or a socket.
    public static func requireRegularFile(_ path: String, what: String) throws {
        guard path != "-" else {
            throw ExhibitError.badInput("- (standard input) is not supported here; name the \(what) file")
        }
        var info = stat()
        guard !path.isEmpty, stat(path, &info) == 0 else {
            throw ExhibitError.badInput("\(path.isEmpty ? "\"\"" : path): no such \(what) file")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw ExhibitError.badInput("\(path) is a folder, not a \(what) file")
        case S_IFIFO: throw ExhibitError.badInput("\(path) is a named pipe (FIFO), not a \(what) file")
        case S_IFCHR, S_IFBLK: throw ExhibitError.badInput("\(path) is a device, not a \(what) file")
        default: throw ExhibitError.badInput("\(path) is not a regular file")
        }
    }

    /// True when `path` exists (without following a final symbolic link).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// True when `path` is a directory (following symbolic links).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `path` made absolute against the current directory and tidied (`.`/`..` resolved textually).
    public static func absolute(_ path: String) -> String {
        Path.absolute(path, from: FileManager.default.currentDirectoryPath)
    }
}
