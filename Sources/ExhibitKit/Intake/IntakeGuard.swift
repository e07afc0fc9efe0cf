import ExhibitCore
import Foundation

/// Looks at a file's first bytes as it is read and says why it must not be taken in, or nil to take it.
typealias ContentScreen = @Sendable (UnsafeRawBufferPointer) -> String?

/// What `exhibit add` must never take in by accident: anything inside the case store, and the agency's secrets
/// (PEM private keys and the passphrase file) unless the user says they are evidence (`--include-keys`).
struct IntakeGuard: Sendable {
    /// The store's `.exhibit` folder, resolved (its bytes).
    let storeDirectory: [UInt8]?
    /// Files that hold secrets (the passphrase file, the agency key) by device and inode.
    let secretFiles: Set<FileIdentity>
    /// Take in private keys and the passphrase file as evidence.
    let includeKeys: Bool

    /// A file's device and inode.
    struct FileIdentity: Hashable, Sendable {
        let device: UInt64
        let inode: UInt64
    }

    /// A guard for a store.
    /// - Parameters:
    ///   - storeDirectory: the `.exhibit` folder.
    ///   - secretPaths: the passphrase file and the agency key, when known.
    ///   - includeKeys: true when keys and the passphrase file are wanted as evidence.
    init(storeDirectory: String, secretPaths: [String] = [], includeKeys: Bool = false) {
        self.storeDirectory = Self.resolved(Array(storeDirectory.utf8))
        self.secretFiles = Set(secretPaths.compactMap(Self.identity))
        self.includeKeys = includeKeys
    }

    /// Refuses a path named on the command line that is the store or inside it.
    /// - Throws: `.badInput` naming the path.
    func requireOutsideStore(_ path: [UInt8], shown: String) throws {
        guard let store = storeDirectory, let resolved = Self.resolved(path) else { return }
        let slash = UInt8(ascii: "/")
        if resolved == store || resolved.starts(with: store.last == slash ? store : store + [slash]) {
            throw ExhibitError.badInput(
                "\(shown) is inside the case store \(FileName.shown(store)): the store's own files are never registered")
        }
    }

    /// Why a regular file met while scanning must not be taken in for what it is (the agency key or the passphrase
    /// file, known by device and inode), or nil; its content is screened later, as it is read (`contentScreen`).
    /// - Parameter info: its `lstat`.
    /// - Returns: the reason recorded for the refusal.
    func refusal(info: stat) -> String? {
        guard !includeKeys else { return nil }
        if secretFiles.contains(FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))) {
            return "the agency key or passphrase file (use --include-keys to register it as evidence)"
        }
        return nil
    }

    /// What refuses a file by its first bytes as `exhibit add` reads it (a PEM private key), or nil when keys are
    /// wanted as evidence. It is given the file's first chunk (at least its first `screenedBytes` when the file
    /// holds that many) before any of it is copied.
    var contentScreen: ContentScreen? {
        guard !includeKeys else { return nil }
        return { head in
            Self.containsPrivateKeyPEM(head.prefix(Self.screenedBytes))
                ? "a PEM private key (use --include-keys to register it as evidence)" : nil
        }
    }

    /// How much of a file's start is looked at for a private key.
    static let screenedBytes = 8192

    /// True when `bytes` hold a line `-----BEGIN <LABEL>PRIVATE KEY-----` (RSA, EC, ENCRYPTED, OPENSSH, …). Read as
    /// bytes: every file of a phone extraction passes here, and decoding binary data as text would cost more than
    /// copying it.
    static func containsPrivateKeyPEM<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> Bool
    where Bytes.Element == UInt8, Bytes.Index == Int {
        let begin = Array("-----BEGIN ".utf8)
        let end = Array("PRIVATE KEY-----".utf8)
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        func isBreak(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }
        var index = bytes.startIndex
        while let start = bytes[index...].firstIndex(of: 0x2D) {
            index = start + 1
            guard bytes.endIndex - start >= begin.count + end.count, bytes[start..<start + begin.count].elementsEqual(begin)
            else { continue }
            // Only white space between the line's start and the marker.
            var before = start
            while before > bytes.startIndex, isSpace(bytes[before - 1]) { before -= 1 }
            guard before == bytes.startIndex || isBreak(bytes[before - 1]) else { continue }
            var lineEnd = start
            while lineEnd < bytes.endIndex, !isBreak(bytes[lineEnd]) { lineEnd += 1 }
            var last = lineEnd
            while last > start, isSpace(bytes[last - 1]) { last -= 1 }
            let labelStart = start + begin.count
            guard last - labelStart >= end.count, bytes[(last - end.count)..<last].elementsEqual(end) else { continue }
            let label = bytes[labelStart..<(last - end.count)]
            let allowed = label.allSatisfy { $0 == 0x20 || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }
            if allowed { return true }
        }
        return false
    }

    private static func identity(_ path: String) -> FileIdentity? {
        var info = stat()
        guard !path.isEmpty, stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// `realpath` of `path` (its bytes), or nil when it does not resolve.
    private static func resolved(_ path: [UInt8]) -> [UInt8]? {
        guard let pointer = realpath(FileName.cString(path), nil) else { return nil }
        defer { free(pointer) }
        return Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer))).map { UInt8(bitPattern: $0) }
    }
}
