internal import CExhibitSystem
import Foundation

/// POSIX file operations with the durability rules Exhibit keeps: write to a temporary path, fsync,
/// rename, fsync the directory.
public enum FileSystem {
    /// The text of an `errno` value.
    static func reason(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// An error for a failed call on `path`: permissions, missing space and read-only file systems are
    /// environment problems (exit 3), anything else bad input (exit 2).
    static func error(_ path: String, _ what: String, code: Int32 = errno) -> ExhibitError {
        let message = "\(path): \(what): \(reason(code))"
        switch code {
        case EACCES, EPERM, ENOSPC, EROFS, EDQUOT, EIO, EMFILE, ENFILE, ENOMEM: return .environment(message)
        default: return .badInput(message)
        }
    }

    /// Creates a directory and its parents with `mode`; succeeds when it already exists.
    static func makeDirectory(_ path: String, mode: mode_t = 0o700) throws {
        var components: [String] = []
        var current = path
        while !current.isEmpty, current != "/", access(current, F_OK) != 0 {
            components.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        for directory in components.reversed() where mkdir(directory, mode) != 0 && errno != EEXIST {
            throw error(directory, "cannot create the folder")
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

    /// Flushes a directory entry table to disk (after a rename or create inside it).
    static func syncDirectory(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(path, "cannot open the folder") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw error(path, "cannot flush the folder") }
    }

    /// Flushes the whole file system holding `path` (`syncfs`): one call instead of an fsync per file
    /// when many files were written.
    static func syncFileSystem(containing path: String) throws {
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
        let (folder, name) = split(path)
        if !replace, access(path, F_OK) == 0 { throw ExhibitError.badInput("\(path) already exists; refusing to overwrite it") }
        guard !name.isEmpty, name != ".", name != ".." else { throw ExhibitError.badInput("\(path) is not a file name") }
        let temporary = "\(folder)/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).part"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { throw error(folder, "cannot create a file") }
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

    /// A path's folder (`.` when it has none, `/` at the root) and last component, without NSString.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    /// Writes every byte, retrying short writes and interruptions.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { try writeAll(descriptor, $0, path: path) }
    }

    /// Writes every byte of a buffer, retrying short writes and interruptions.
    static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws {
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
        let joined = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }
}
