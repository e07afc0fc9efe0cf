internal import CExhibitSystem
import ExhibitCore
import Foundation

/// The content-addressed object store: `.exhibit/objects/sha256/ab/cdef…`. Objects are written to
/// `.exhibit/tmp/`, flushed, renamed into place (never over an existing object) and made read-only.
struct ObjectStore: Sendable {
    /// `.exhibit/objects/sha256`.
    let root: String
    /// `.exhibit/tmp`: staging for objects being written.
    let staging: String

    init(storeDirectory: String) {
        root = storeDirectory + "/objects/sha256"
        staging = storeDirectory + "/tmp"
    }

    /// Files at least this large are copied with O_DIRECT (no page-cache copy, no write-back afterwards).
    static let directCopyThreshold: Int64 = 4096

    /// Where an object lives.
    func path(_ sha256: String) -> String {
        "\(root)/\(sha256.prefix(2))/\(sha256.dropFirst(2))"
    }

    /// True when the object file exists.
    func contains(_ sha256: String) -> Bool { FileSystem.exists(path(sha256)) }

    /// Creates the folders of an empty store, with the 256 fan-out folders ready.
    func create() throws {
        try FileSystem.makeDirectory(staging)
        for byte in 0...255 { try FileSystem.makeDirectory(root + "/" + Hex.encode([UInt8(byte)])) }
    }

    /// Moves a flushed, read-only staging file into place as `sha256`. If the object already exists the
    /// staging file is discarded.
    /// - Returns: the fan-out folder that must be flushed afterwards, and false when the object was there already.
    func place(staged: String, as sha256: String) throws -> (folder: String, new: Bool) {
        let destination = path(sha256)
        let folder = Path.parent(destination)
        if exhibit_rename_noreplace(staged, destination) != 0 {
            switch errno {
            case EEXIST:
                unlink(staged)
                return (folder, false)
            case ENOENT where !FileSystem.isDirectory(folder):
                try FileSystem.makeDirectory(folder)
                return try place(staged: staged, as: sha256)
            default:
                throw FileSystem.error(destination, "cannot move the object into place")
            }
        }
        return (folder, true)
    }

    /// Removes an object (used only to roll back objects whose registration never committed).
    func remove(_ sha256: String) {
        let target = path(sha256)
        chmod(target, 0o600)
        unlink(target)
    }

    /// Deletes leftover staging files of commands that died.
    func clearStaging() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: staging) else { return }
        for name in names { unlink("\(staging)/\(name)") }
    }

    /// Every file under the object root: each valid object name (`ab/cdef…` forming a SHA-256) is passed to `object`
    /// as it is found (a phone extraction's store holds hundreds of thousands: they are not collected here), and
    /// anything else is returned.
    /// - Throws: `.verificationFailed` when the object root is missing; what `object` throws.
    func inventory(_ object: (String) throws -> Void) throws -> [String] {
        var strays: [String] = []
        let manager = FileManager.default
        guard let fanouts = try? manager.contentsOfDirectory(atPath: root) else {
            throw ExhibitError.verificationFailed("\(root) is missing")
        }
        for fanout in fanouts.sorted() {
            let folder = "\(root)/\(fanout)"
            guard FileSystem.isDirectory(folder), fanout.count == 2 else {
                strays.append("objects/sha256/\(fanout)")
                continue
            }
            for name in (try? manager.contentsOfDirectory(atPath: folder))?.sorted() ?? [] {
                let candidate = fanout + name
                if Hex.isLowerHex(candidate, byteCount: 32) {
                    try object(candidate)
                } else {
                    strays.append("objects/sha256/\(fanout)/\(name)")
                }
            }
        }
        return strays
    }
}
