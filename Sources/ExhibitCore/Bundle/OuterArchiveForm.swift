import Foundation

/// The outer archive is accepted only in the exact form `BundleWriter` writes it: its entries in the writer's
/// order, and every byte outside the ciphertext's content (headers, pax records, padding, the end marker and the
/// final block's zeros) equal to a re-serialisation of those entries by the same writer. The tar metadata is not
/// signed, so any other form (another mtime, mode, owner, order, an unknown entry type or pax key, anything after
/// the end marker) is a bundle the sender never produced, and a receipt would name a hash the sender does not know.
package enum OuterArchiveForm {
    /// The outer bag's files in the order the writer writes them, inside the bag folder `B` and after `B/` and
    /// `B/data/`. The timestamp token, which Exhibit accepts but does not write, may follow them.
    package static let files = [
        "data/payload.bin", "data/envelope.cms.der", "bagit.txt", "bag-info.txt", "manifest-sha256.txt",
        "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.p7s", "tagmanifest-sha256.txt.p7s.tsr",
    ]

    /// Checks the received archive against its re-serialisation.
    /// - Parameters:
    ///   - bundle: the bundle file.
    ///   - entries: its entries as the safe extractor read them, in archive order.
    ///   - bagName: the bag folder (`B`).
    ///   - folder: where the entries were extracted (holding `B/…`; the ciphertext need not be there).
    /// - Returns: where the ciphertext's content starts in the bundle, when it holds one (a bundle is accepted only in
    ///   this exact form, so its content is read there).
    /// - Throws: `ExhibitError.verificationFailed` naming the first difference.
    @discardableResult
    package static func check(bundle: String, entries: [SafeTarExtractor.Entry], bagName: String, folder: String) throws
        -> Int64?
    {
        let name = Path.name(bundle)
        let present = Set(entries.filter { !$0.isDirectory }.map(\.path))
        let expected =
            [(bagName, true), ("\(bagName)/data", true)]
            + files.map { "\(bagName)/\($0)" }.filter { present.contains($0) }.map { ($0, false) }
        guard entries.map(\.path) == expected.map(\.0), entries.map(\.isDirectory) == expected.map(\.1) else {
            throw ExhibitError.verificationFailed(
                "\(name) does not hold the outer bag's entries in the order Exhibit writes them (\(expected.map(\.0).joined(separator: ", ")))"
            )
        }
        let modified = entries.first?.modified ?? 0
        let comparison = try ComparingSink(bundle, name: name)
        var payloadOffset: Int64?
        let tar = try TarWriter(
            sink: comparison, modified: time_t(modified), blocked: false,
            binaryNames: TarWriter.needsBinaryNames(entries.map(\.path)))
        for entry in entries {
            if entry.isDirectory {
                try tar.addDirectory(entry.path)
            } else if entry.path == "\(bagName)/data/payload.bin" {
                // The ciphertext is covered by the signed manifest and its GCM tag: its content is not compared.
                let zeros = [UInt8](repeating: 0, count: 1 << 20)
                try tar.addFile(entry.path, size: entry.size) { write in
                    payloadOffset = comparison.position
                    comparison.skipping = true
                    defer { comparison.skipping = false }
                    var remaining = entry.size
                    while remaining > 0 {
                        let count = Int(min(remaining, Int64(zeros.count)))
                        try zeros.withUnsafeBytes { try write(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                        remaining -= Int64(count)
                    }
                }
            } else {
                let source = Path.join(folder, entry.path)
                try tar.addFile(entry.path, from: source, size: entry.size)
            }
        }
        try tar.finish()
        try comparison.finish(blockBytes: TarWriter.blockBytes)
        return payloadOffset
    }
}

/// Compares what a `TarWriter` writes with a file's bytes at the same offsets, except while `skipping`.
final class ComparingSink: ByteSink {
    private let descriptor: Int32
    private let name: String
    private var offset: Int64 = 0
    /// How many bytes were written (compared or skipped) so far: the offset in the file the next byte goes to.
    var position: Int64 { offset }
    /// True while the bytes written are not compared (content verified by other means).
    var skipping = false

    /// Opens `path` for comparison.
    init(_ path: String, name: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw FileSystem.error(path, "cannot open") }
        self.descriptor = descriptor
        self.name = name
    }

    deinit { close(descriptor) }

    private func differs(at position: Int64) -> ExhibitError {
        ExhibitError.verificationFailed(
            "\(name) is not in the exact form Exhibit writes (its tar metadata differs at byte \(position)): the archive was changed after it was signed"
        )
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !skipping else {
            offset += Int64(bytes.count)
            return
        }
        var held = [UInt8](repeating: 0, count: bytes.count)
        let count = held.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard count == bytes.count else { throw differs(at: offset + Int64(max(count, 0))) }
        if let index = held.indices.first(where: { held[$0] != bytes[$0] }) { throw differs(at: offset + Int64(index)) }
        offset += Int64(bytes.count)
    }

    /// Compares the zeros that pad the archive to a whole number of blocks, and requires the file to end there.
    func finish(blockBytes: Int) throws {
        let padding = Int((Int64(blockBytes) - offset % Int64(blockBytes)) % Int64(blockBytes))
        try [UInt8](repeating: 0, count: padding).withUnsafeBytes { try write($0) }
        var extra: UInt8 = 0
        guard pread(descriptor, &extra, 1, off_t(offset)) == 0 else { throw differs(at: offset) }
    }
}
