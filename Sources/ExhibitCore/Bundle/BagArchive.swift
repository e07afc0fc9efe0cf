/// Writes a bag as a tar: its folders, the tag files first, then the payload files streamed from disk (each
/// checked against its manifest hash as it goes, so nothing that changed since it was hashed leaves).
package enum BagArchive {
    /// A payload file: where it goes in the bag, where it is read from, and what it must be.
    package struct PayloadFile: Sendable {
        /// `data/…` inside the bag.
        package let bagPath: String
        /// The file read.
        let source: String
        package let size: Int64
        package let sha256: String
        /// Creates a value from every stored property.
        package init(bagPath: String, source: String, size: Int64, sha256: String) {
            self.bagPath = bagPath
            self.source = source
            self.size = size
            self.sha256 = sha256
        }
    }

    /// Writes the bag `bagName` to `sink`.
    /// - Parameters:
    ///   - bagName: the bag's top folder (the bundle id).
    ///   - tags: tag files (path in the bag, bytes), in order.
    ///   - payload: payload files, in order.
    ///   - sink: where the tar goes.
    ///   - content: true to stream the payload files' content (checking each hash); false to write zeros of the
    ///     same sizes, which gives the archive's exact length without reading anything.
    /// - Returns: the number of tar entries written (folders and files).
    /// - Throws: `.verificationFailed` when a payload file no longer has its hash; the sink's errors.
    @discardableResult
    static func write(
        bagName: String, tags: [(String, [UInt8])], payload: [PayloadFile], to sink: ByteSink, content: Bool
    ) throws -> Int {
        let tar = try TarWriter(
            sink: sink, binaryNames: TarWriter.needsBinaryNames([bagName] + tags.map(\.0) + payload.map(\.bagPath)))
        var folders = Set<String>()
        func addFolders(_ path: String) throws {
            var current = bagName
            if folders.insert(current).inserted { try tar.addDirectory(current) }
            for component in Path.components(path).dropLast() {
                current += "/\(component)"
                if folders.insert(current).inserted { try tar.addDirectory(current) }
            }
        }
        for (path, bytes) in tags {
            try addFolders(path)
            try tar.addFile("\(bagName)/\(path)", bytes: bytes)
        }
        for file in payload {
            try addFolders(file.bagPath)
            guard content else {
                try tar.addFile("\(bagName)/\(file.bagPath)", zeros: file.size)
                continue
            }
            let digest = try MessageDigest(.sha256)
            let input = try FileSource(file.source, sequential: true)
            try tar.addFile("\(bagName)/\(file.bagPath)", size: file.size) { write in
                try input.forEachChunk { chunk in
                    digest.update(chunk)
                    try write(chunk)
                }
            }
            guard Hex.encode(digest.finalize()) == file.sha256 else {
                throw ExhibitError.verificationFailed(
                    "\(file.bagPath) no longer has its registered hash; nothing was exported; run exhibit verify")
            }
        }
        try tar.finish()
        return folders.count + tags.count + payload.count
    }
}
