import ExhibitCore
import Foundation

/// What `exhibit add` must never take in by accident: anything inside the case store, and the agency's secrets
/// (PEM private keys and the passphrase file) unless the user says they are evidence (`--include-keys`).
struct IntakeGuard: Sendable {
    /// The store's `.exhibit` folder, resolved.
    let storeDirectory: String?
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
        self.storeDirectory = Self.resolved(storeDirectory)
        self.secretFiles = Set(secretPaths.compactMap(Self.identity))
        self.includeKeys = includeKeys
    }

    /// Refuses a path named on the command line that is the store or inside it.
    /// - Throws: `.badInput` naming the path.
    func requireOutsideStore(_ path: String, shown: String) throws {
        guard let storeDirectory, let resolved = Self.resolved(path) else { return }
        if resolved == storeDirectory || resolved.hasPrefix(storeDirectory.hasSuffix("/") ? storeDirectory : storeDirectory + "/")
        {
            throw ExhibitError.badInput(
                "\(shown) is inside the case store \(storeDirectory): the store's own files are never registered")
        }
    }

    /// Why a regular file met while scanning must not be taken in, or nil to take it.
    /// - Parameters:
    ///   - path: the file.
    ///   - info: its `lstat`.
    /// - Returns: the reason recorded for the refusal.
    func refusal(_ path: String, info: stat) -> String? {
        guard !includeKeys else { return nil }
        if secretFiles.contains(FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))) {
            return "the agency key or passphrase file (use --include-keys to register it as evidence)"
        }
        if Self.isPrivateKeyPEM(path) { return "a PEM private key (use --include-keys to register it as evidence)" }
        return nil
    }

    /// True when the file's first 8 KiB hold a PEM private-key block (`-----BEGIN … PRIVATE KEY-----`).
    static func isPrivateKeyPEM(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 8192)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        return containsPrivateKeyPEM(bytes[0..<count])
    }

    /// True when `bytes` hold a line `-----BEGIN <LABEL>PRIVATE KEY-----` (RSA, EC, ENCRYPTED, OPENSSH, …).
    static func containsPrivateKeyPEM(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("-----BEGIN "), trimmed.hasSuffix("PRIVATE KEY-----") else { continue }
            let label = trimmed.dropFirst("-----BEGIN ".count).dropLast("PRIVATE KEY-----".count)
            if label.allSatisfy({ $0 == " " || ($0.isASCII && ($0.isUppercase || $0.isNumber)) }) { return true }
        }
        return false
    }

    private static func identity(_ path: String) -> FileIdentity? {
        var info = stat()
        guard !path.isEmpty, stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// `realpath` of `path`, or nil when it does not resolve.
    private static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
