import CExhibitArchive  // imported as the bundle code imports it (one access level per module)
import ExhibitCore
import Foundation

/// `add --expand`: each ZIP among the files to register (a phone extraction) is kept as the registered
/// original, and each of its members is extracted, through libarchive, into a private folder to be
/// registered as a file of the same exhibit, recorded as extracted from it. Extraction follows the rules of
/// `SafeTarExtractor`: clean relative paths only (no `..`, absolute paths, control characters, over-long
/// names), no duplicates, regular files and folders only (links, devices and encrypted members are refused
/// with the reason, never followed or written), and caps on entries, bytes and the expansion ratio (a ZIP
/// bomb stops the registration).
enum ArchiveExpansion {
    /// Caps on one archive.
    struct Limits {
        var entries = 500_000
        var bytes: Int64 = 256 << 30
        /// Most bytes written per byte of archive (beyond the first GiB).
        var ratio: Int64 = 200
    }

    /// A member extracted for registration.
    struct Member {
        /// The member as a file to register (its relative path is `archive path/member path`).
        var candidate: IntakeCandidate
        /// Index of its archive among the files given.
        var archive: Int
        /// Its path inside the archive.
        var member: String
    }

    /// Extracts every ZIP among `files` into `folder`.
    /// - Returns: the members to register and the members refused, with reasons.
    /// - Throws: `ExhibitError.badInput` naming the archive and the rule a member breaks.
    static func expand(_ files: [IntakeCandidate], into folder: String, limits: Limits = Limits()) throws -> (
        members: [Member], refused: [RefusedPath]
    ) {
        var members: [Member] = []
        var refused: [RefusedPath] = []
        for (index, file) in files.enumerated() where isZIP(file) {
            let target = "\(folder)/\(index)"
            try FileSystem.makeDirectory(target)
            let extracted = try extract(file.location, name: file.relativePath, into: target, limits: limits)
            refused += extracted.refused
            for (path, size) in extracted.files {
                var info = stat()
                let written = "\(target)/\(path)"
                guard lstat(written, &info) == 0 else { throw FileSystem.error(written, "cannot examine") }
                members.append(
                    Member(
                        candidate: IntakeCandidate(
                            source: written, given: "\(file.given)#\(path)", relativePath: "\(file.relativePath)/\(path)",
                            name: Path.name(path), device: UInt64(info.st_dev),
                            inode: UInt64(info.st_ino), size: size),
                        archive: index, member: path))
            }
        }
        return (members, refused)
    }

    /// True for a ZIP file that is not an office document (DOCX, XLSX and ODF files are ZIPs too).
    static func isZIP(_ file: IntakeCandidate) -> Bool {
        let descriptor = open(file.location, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: 64)
        let count = head.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        return head.prefix(count).withUnsafeBytes { MediaType.guess(name: file.name, head: $0) } == "application/zip"
    }

    /// Owns a libarchive reader (freed in `deinit`).
    private final class Reader {
        let pointer: OpaquePointer
        init() throws {
            guard let pointer = archive_read_new() else { throw ExhibitError.environment("cannot start reading a ZIP archive") }
            self.pointer = pointer
        }
        deinit { archive_read_free(pointer) }
    }

    /// Extracts one ZIP.
    private static func extract(_ path: [CChar], name: String, into folder: String, limits: Limits) throws -> (
        files: [(String, Int64)], refused: [RefusedPath]
    ) {
        let reader = try Reader()
        let archive = reader.pointer
        archive_read_support_format_zip(archive)
        func failure(_ what: String) -> ExhibitError {
            let reason = archive_error_string(archive).map { String(cString: $0) } ?? "malformed"
            return ExhibitError.badInput("\(name): \(what): \(reason)")
        }
        guard archive_read_open_filename(archive, path, 1 << 16) == ARCHIVE_OK else {
            throw failure("not a readable ZIP archive")
        }
        var info = stat()
        let archiveSize = stat(path, &info) == 0 ? Int64(info.st_size) : 0
        let allowed = min(limits.bytes, max(1 << 30, archiveSize.multipliedReportingOverflow(by: limits.ratio).partialValue))
        var files: [(String, Int64)] = []
        var refused: [RefusedPath] = []
        var seen = Set<String>()
        var total: Int64 = 0
        var entries = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        let rules = SafeTarExtractor.Limits()
        while true {
            var entry: OpaquePointer?
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else { throw failure("unreadable entry") }
            entries += 1
            guard entries <= limits.entries else {
                throw ExhibitError.badInput("\(name) holds more than \(limits.entries) entries")
            }
            guard let raw = archive_entry_pathname_utf8(entry) ?? archive_entry_pathname(entry) else {
                throw ExhibitError.badInput("\(name): an entry has no readable path")
            }
            let rawPath = String(cString: raw)
            let member: String
            do {
                member = try SafeTarExtractor.clean(rawPath, name: name, limits: rules)
            } catch let error as ExhibitError {
                throw ExhibitError.badInput(error.message)
            }
            guard seen.insert(member).inserted else { throw ExhibitError.badInput("\(name): \(rawPath) appears twice") }
            let type = archive_entry_filetype(entry)
            if type == TarEntryType.directory { continue }
            guard type == TarEntryType.regular, archive_entry_hardlink(entry) == nil else {
                let kind = type == TarEntryType.symbolicLink ? "a symbolic link (not followed)" : "not a regular file"
                refused.append(RefusedPath(path: "\(name)/\(member)", reason: "\(kind), inside the archive"))
                continue
            }
            guard archive_entry_is_encrypted(entry) == 0 else {
                refused.append(RefusedPath(path: "\(name)/\(member)", reason: "encrypted inside the archive"))
                continue
            }
            let target = "\(folder)/\(member)"
            try FileSystem.makeDirectory(URL(fileURLWithPath: target).deletingLastPathComponent().path)
            let descriptor = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard descriptor >= 0 else { throw FileSystem.error(target, "cannot create") }
            defer { close(descriptor) }
            var size: Int64 = 0
            while true {
                let count = buffer.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                if count == 0 { break }
                guard count > 0 else { throw failure("\(rawPath) is damaged") }
                size += Int64(count)
                total += Int64(count)
                guard total <= allowed else {
                    throw ExhibitError.badInput(
                        "\(name) expands to more than \(allowed >> 20) MiB (\(limits.ratio)x its size): a possible ZIP bomb")
                }
                try buffer.withUnsafeBytes {
                    try FileSystem.writeAll(descriptor, UnsafeRawBufferPointer(rebasing: $0[0..<count]), path: target)
                }
            }
            files.append((member, size))
        }
        return (files, refused)
    }
}
