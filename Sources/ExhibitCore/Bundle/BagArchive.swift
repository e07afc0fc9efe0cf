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
    ///   - tags: tag files, in order.
    ///   - payload: payload files, in order, the same on every pass (read twice: for the names, then for the files;
    ///     a sequence read back from a redaction run's scratch database holds none of them).
    ///   - sink: where the tar goes.
    ///   - content: true to stream the payload files' content (checking each hash); false to write zeros of the
    ///     same sizes, which gives the archive's exact length without reading anything.
    /// - Returns: the number of tar entries written (folders and files).
    /// - Throws: `.verificationFailed` when a payload or tag file no longer has its hash; the sink's errors.
    @discardableResult
    static func write(
        bagName: String, tags: [BagTagFile], payload: some Sequence<PayloadFile>, to sink: ByteSink, content: Bool
    ) throws -> Int {
        let tar = try TarWriter(
            sink: sink,
            binaryNames: TarWriter.needsBinaryNames([bagName] + tags.map(\.path))
                || TarWriter.needsBinaryNames(payload.lazy.map(\.bagPath)))
        var folders = Set<String>()
        func addFolders(_ path: String) throws {
            var current = bagName
            if folders.insert(current).inserted { try tar.addDirectory(current) }
            for component in Path.components(path).dropLast() {
                current += "/\(component)"
                if folders.insert(current).inserted { try tar.addDirectory(current) }
            }
        }
        // A file streamed from disk (each checked against its hash on the way), or zeros of its size.
        func addStreamed(_ bagPath: String, source: String, size: Int64, sha256: String, what: String) throws {
            try addFolders(bagPath)
            guard content else {
                try tar.addFile("\(bagName)/\(bagPath)", zeros: size)
                return
            }
            let digest = try MessageDigest(.sha256)
            let input = try FileSource(source, sequential: true)
            try tar.addFile("\(bagName)/\(bagPath)", size: size) { write in
                try input.forEachChunk { chunk in
                    digest.update(chunk)
                    try write(chunk)
                }
            }
            guard Hex.encode(digest.finalize()) == sha256 else {
                throw ExhibitError.verificationFailed(
                    "\(bagPath) no longer has \(what); nothing was exported; run exhibit verify")
            }
        }
        for tag in tags {
            switch tag.content {
            case .bytes(let bytes):
                try addFolders(tag.path)
                try tar.addFile("\(bagName)/\(tag.path)", bytes: bytes)
            case .file(let source, let size, let sha256):
                try addStreamed(tag.path, source: source, size: size, sha256: sha256, what: "the hash it was written with")
            }
        }
        var files = 0
        for file in payload {
            try addStreamed(
                file.bagPath, source: file.source, size: file.size, sha256: file.sha256, what: "its registered hash")
            files += 1
        }
        try tar.finish()
        return folders.count + tags.count + files
    }
}
