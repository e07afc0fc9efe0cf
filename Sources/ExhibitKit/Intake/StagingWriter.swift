internal import CExhibitSystem
import ExhibitCore
import Foundation
import Synchronization

/// Writes a staging copy chunk by chunk. With O_DIRECT, whole aligned blocks go straight to the device
/// (no page-cache copy, no write-back afterwards) and O_DIRECT is cleared for a final partial block;
/// otherwise write-back is started every 16 MiB so dirty pages never pile up.
struct StagingWriter {
    private let descriptor: Int32
    private let path: String
    private var direct: Bool
    private var written: Int64 = 0
    private var flushedUpTo: Int64 = 0

    /// The alignment O_DIRECT needs for buffers, sizes and offsets.
    static let alignment = 4096

    init(descriptor: Int32, path: String, direct: Bool) {
        self.descriptor = descriptor
        self.path = path
        self.direct = direct
    }

    /// A new, empty staging file in `folder`, open for writing.
    /// - Parameters:
    ///   - folder: the staging folder.
    ///   - direct: try O_DIRECT (falls back to buffered writes where the file system refuses it).
    /// - Returns: the descriptor, its path, and whether O_DIRECT is in effect.
    /// - Throws: `ExhibitError` when the file cannot be created.
    static func create(in folder: String, direct: Bool) throws -> (descriptor: Int32, path: String, direct: Bool) {
        let name = try newName(in: folder)
        if direct {
            let descriptor = try Interruption.creating {
                open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | exhibit_o_direct(), 0o600)
            }
            if descriptor >= 0 { return (descriptor, name, true) }
            guard errno == EINVAL else { throw FileSystem.error(name, "cannot create a staging file") }
        }
        return (try FileSystem.createFile(name, mode: 0o600), name, false)
    }

    /// A new name for a staging file in `folder` (a copy being written, or a file linked in): this process's random
    /// prefix and a count, so a phone extraction's files do not each ask the random generator (and the file is
    /// created exclusively anyway).
    /// - Throws: `ExhibitError` when no random bytes are to be had.
    static func newName(in folder: String) throws -> String {
        let count = namesGiven.wrappingAdd(1, ordering: .relaxed).oldValue
        return Path.join(folder, "\(try NamePrefix.shared.get())-\(count).part")
    }

    private static let namesGiven = Atomic<UInt64>(0)

    /// The random prefix of this process's staging names, drawn once.
    private enum NamePrefix {
        static let shared = Swift.Result { Hex.encode(try SecureRandom.bytes(16)) }
    }

    /// Appends one chunk (whose buffer is aligned to `alignment`).
    mutating func write(_ chunk: UnsafeRawBufferPointer) throws {
        if direct, chunk.count % Self.alignment != 0 {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~exhibit_o_direct())
            direct = false
        }
        try FileSystem.writeAll(descriptor, chunk, path: path)
        written += Int64(chunk.count)
        if !direct, written - flushedUpTo >= 16 << 20 {
            _ = exhibit_start_writeback(descriptor, off_t(flushedUpTo), off_t(written - flushedUpTo))
            flushedUpTo = written
        }
    }
}
