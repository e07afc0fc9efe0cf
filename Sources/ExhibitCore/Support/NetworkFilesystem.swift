internal import CExhibitSystem
import Foundation

/// Recognises a folder on a network filesystem (NFS, SMB/CIFS and the like) from `statfs`'s `f_type`: the case
/// store's database is SQLite in WAL mode, whose shared-memory index needs a local disk, so a store there is
/// refused unless the user overrides it knowingly (shared case stores are a later capability).
public enum NetworkFilesystem {
    /// The environment variable that allows a store on a network filesystem (`1`, like the flag).
    public static let overrideVariable = "EXHIBIT_ALLOW_NETWORK_FILESYSTEM"

    /// The network filesystems known by their `f_type` magic numbers (linux/magic.h and the filesystems' sources).
    static let magicNumbers: [UInt32: String] = [
        0x6969: "NFS",
        0x517B: "SMB",
        0xFF53_4D42: "SMB/CIFS",
        0xFE53_4D42: "SMB2/CIFS",
        0x5346_414F: "AFS",
        0x6B41_4653: "AFS",
        0x7375_7245: "Coda",
        0x00C3_6400: "Ceph",
        0x0102_1997: "9P",
        0x564C: "NCP",
    ]

    /// The network filesystem a `statfs` magic number names, or nil for a local (or unknown) one.
    /// - Parameter magic: `f_type` as `statfs` returns it (signed or not: only its low 32 bits count).
    /// - Returns: the filesystem's name, such as `NFS`.
    public static func name(ofMagic magic: Int64) -> String? {
        magicNumbers[UInt32(truncatingIfNeeded: magic)]
    }

    /// The network filesystem `path` is on (or, when it does not exist yet, its nearest existing parent), or nil.
    public static func name(at path: String) -> String? {
        var current = path.isEmpty ? "." : path
        while true {
            var magic: Int64 = 0
            if exhibit_filesystem_magic(current, &magic) == 0 { return name(ofMagic: magic) }
            let parent = Path.parent(current)
            guard parent != current, !parent.isEmpty else { return nil }
            current = parent
        }
    }

    /// Refuses a case store folder on a network filesystem unless `allowed`.
    /// - Parameters:
    ///   - path: the `.exhibit` folder (or where it will be made).
    ///   - allowed: the user's override (`--allow-network-filesystem` or the environment variable).
    /// - Throws: `ExhibitError.environment` naming the filesystem and the way out.
    public static func refuse(_ path: String, allowed: Bool) throws {
        guard !allowed, let kind = name(at: path) else { return }
        throw ExhibitError.environment(
            "\(path) is on a network filesystem (\(kind)): the case store's database needs a local disk (SQLite in WAL mode); use a local folder, or pass --allow-network-filesystem (or set \(overrideVariable)=1) to accept the risk"
        )
    }

    /// True when `environment` sets the override.
    public static func allowed(by environment: [String: String]) -> Bool {
        guard let value = environment[overrideVariable] else { return false }
        return ["1", "yes", "true", "on"].contains(value.lowercased())
    }
}
