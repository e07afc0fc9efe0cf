/// A tag file of a bag: its path in the bag and its content, held in memory or written to a file first. A phone
/// extraction's manifest, redaction report and custody extract run to tens of megabytes each; written to files
/// in the command's work folder, they stream into the archive like payload files and memory stays bounded.
package struct BagTagFile: Sendable {
    /// Where the content is.
    package enum Content: Sendable {
        case bytes([UInt8])
        /// A file of `size` bytes whose SHA-256 was computed as it was written.
        case file(path: String, size: Int64, sha256: String)
    }

    /// The path in the bag (`bagit.txt`, `exhibit/manifest.json`).
    package let path: String
    package let content: Content

    /// A tag file held in memory.
    package init(_ path: String, bytes: [UInt8]) {
        self.path = path
        self.content = .bytes(bytes)
    }

    /// A tag file already written to `file`.
    package init(_ path: String, file: String, size: Int64, sha256: String) {
        self.path = path
        self.content = .file(path: file, size: size, sha256: sha256)
    }

    /// Writes a tag file's content to `file` (which must not exist) through `body`, hashing it as it goes.
    /// - Parameters:
    ///   - path: the path in the bag.
    ///   - file: where the content is written (a work folder's file; not flushed, as it is read back at once).
    ///   - body: writes the content, in as many pieces as it likes.
    /// - Returns: the tag file, naming `file`.
    /// - Throws: `.environment` for the disk; what `body` throws.
    package static func written(
        _ path: String, to file: String, body: (_ write: ([UInt8]) throws -> Void) throws -> Void
    ) throws -> BagTagFile {
        let sink = try HashingFileSink(creating: file)
        try body { bytes in try bytes.withUnsafeBytes { try sink.write($0) } }
        let sha256 = try sink.finish(flush: false)
        return BagTagFile(path, file: file, size: sink.count, sha256: sha256)
    }

    /// The content's SHA-256 (hex).
    var sha256: String {
        switch content {
        case .bytes(let bytes): Hex.encode(MessageDigest.sha256(bytes))
        case .file(_, _, let sha256): sha256
        }
    }

    /// The content, read into memory (for a small tag file, or a test).
    /// - Throws: `ExhibitError` when the file cannot be read.
    package func bytes() throws -> [UInt8] {
        switch content {
        case .bytes(let bytes): return bytes
        case .file(let file, let size, _): return try FileSystem.read(file, limit: Int(size))
        }
    }
}
