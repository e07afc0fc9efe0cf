import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// The safe extractor's second thread (`ExtractedFileWriter`), the digests it computes as it writes, and the import
/// that takes the extracted files as they are (`FileIntake.adopt(extracted:)`).
struct ExtractionTests {
    /// A tar of `files` (folders first, in order), in memory.
    static func tar(_ folders: [String], _ files: [(String, [UInt8])]) throws -> [UInt8] {
        let collector = HostileBundleTests.Collector()
        let tar = try TarWriter(sink: collector)
        for folder in folders { try tar.addDirectory(folder) }
        for (path, bytes) in files { try tar.addFile(path, bytes: bytes) }
        try tar.finish()
        return collector.bytes
    }

    static func source(_ bytes: [UInt8], in folder: String) throws -> FileSource {
        let path = "\(folder)/archive.tar"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try FileSource(path)
    }

    static func hex(_ algorithm: DigestAlgorithm, _ bytes: [UInt8]) -> String {
        Hex.encode(MessageDigest.hash(algorithm, bytes))
    }

    @Test func payloadFilesGetAllThreeDigestsAsTheyAreWritten() throws {
        let folder = try CryptoTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 100)
        // Larger than the writer's queue, so the extracting thread waits for the writing one.
        let big = try SecureRandom.bytes(20 << 20)
        let files: [(String, [UInt8])] = [
            ("B/bagit.txt", Array("BagIt-Version: 1.0\n".utf8)), ("B/data/photo", png), ("B/data/sub/big.bin", big),
            ("B/data/empty.txt", []),
        ]
        let out = "\(folder)/out"
        try FileSystem.makeDirectory(out)
        let entries = try SafeTarExtractor.extract(
            from: try Self.source(try Self.tar(["B", "B/data", "B/data/sub"], files), in: folder), into: out, name: "test",
            limits: .init(entries: 10), digestInFull: { $0.hasPrefix("B/data/") }
        ).entries
        let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0) })
        for (path, bytes) in files {
            let entry = try #require(byPath[path])
            #expect(entry.sha256 == Self.hex(.sha256, bytes))
            #expect(try Array(Data(contentsOf: URL(fileURLWithPath: "\(out)/\(path)"))) == bytes, "\(path) as written")
            if path.hasPrefix("B/data/") {
                let digests = try #require(entry.digests)
                #expect(digests.size == Int64(bytes.count))
                #expect(digests.sha256 == Self.hex(.sha256, bytes))
                #expect(digests.sha1 == Self.hex(.sha1, bytes))
                #expect(digests.md5 == Self.hex(.md5, bytes))
            } else {
                #expect(entry.digests == nil && entry.mediaType == nil)
            }
        }
        #expect(byPath["B/data/photo"]?.mediaType == "image/png", "the type from the first bytes, not the name")
        #expect(byPath["B/data/empty.txt"]?.mediaType == "text/plain")
    }

    @Test func aFileThatCannotBeCreatedStopsTheExtractionAndNamesIt() throws {
        let folder = try CryptoTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = "\(folder)/out"
        // Something is already where the second file goes: it is never replaced.
        try FileSystem.makeDirectory("\(out)/B")
        try Data("already here".utf8).write(to: URL(fileURLWithPath: "\(out)/B/second.txt"))
        let archive = try Self.tar(
            ["B"],
            [("B/first.txt", Array("one".utf8)), ("B/second.txt", Array("two".utf8))]
                + (0..<50).map { ("B/later-\($0).txt", Array(repeating: 1, count: 4096)) })
        #expect {
            _ = try SafeTarExtractor.extract(from: try Self.source(archive, in: folder), into: out, name: "test")
        } throws: { error in
            (error as? ExhibitError)?.message.contains("second.txt") == true
        }
        #expect(try String(contentsOfFile: "\(out)/B/second.txt", encoding: .utf8) == "already here")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/B/later-49.txt"), "nothing after the failure is written")
    }

    @Test func extractedFilesAreTakenAsTheyAreOnlyWhileUnchanged() throws {
        let folder = try CryptoTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bytes = Array("a message\n".utf8)
        let path = "\(folder)/message.txt"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let digests = FileDigests(
            size: Int64(bytes.count), sha256: Self.hex(.sha256, bytes), sha1: Self.hex(.sha1, bytes), md5: Self.hex(.md5, bytes))
        let staged = try FileIntake.adopt(extracted: [.init(path: path, digests: digests, mediaType: "text/plain")])
        #expect(staged.map(\.stagingPath) == [path] && staged.first?.digests == digests && staged.first?.mime == "text/plain")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o444, "read-only before it becomes an object")

        // A file that is not the size that was hashed is not taken.
        let grown = "\(folder)/grown.txt"
        try Data(bytes + [0x41]).write(to: URL(fileURLWithPath: grown))
        #expect {
            _ = try FileIntake.adopt(extracted: [.init(path: grown, digests: digests, mediaType: "text/plain")])
        } throws: { error in
            (error as? ExhibitError)?.category == .verificationFailed
        }
    }

    /// Reads a whole source.
    static func drain(_ source: ByteSource) throws -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { return out }
            out += buffer[0..<count]
        }
    }

    @Test func theCiphertextIsDecryptedWhereItIsInsideALargerFile() throws {
        let folder = try CryptoTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let agency = try KeyHandoverTests.Agency("Receiving Agency").signer
        let plaintext = try SecureRandom.bytes(300_000)
        let ciphertext = HostileBundleTests.Collector()
        let encryptor = try EnvelopeWriter(recipient: agency.certificate, output: ciphertext)
        try plaintext.withUnsafeBytes { try encryptor.write($0) }
        let envelope = try encryptor.finish()
        // The ciphertext with other bytes before and after it, as inside a bundle.
        let before = Array(repeating: UInt8(0x11), count: 1536)
        let after = Array(repeating: UInt8(0x22), count: 4096)
        let path = "\(folder)/bundle"
        try Data(before + ciphertext.bytes + after).write(to: URL(fileURLWithPath: path))
        let range = Int64(before.count)..<Int64(before.count + ciphertext.bytes.count)

        let reader = try EnvelopeReader(
            envelope: envelope, payload: try FileRegionSource(path, range: range), key: agency.key,
            certificate: agency.certificate)
        #expect(try Self.drain(reader) == plaintext)
        try reader.finish()

        // One byte changed inside the range fails the tag.
        var altered = before + ciphertext.bytes + after
        altered[before.count + 1000] ^= 0x01
        try Data(altered).write(to: URL(fileURLWithPath: path))
        let tampered = try EnvelopeReader(
            envelope: envelope, payload: try FileRegionSource(path, range: range), key: agency.key,
            certificate: agency.certificate)
        _ = try Self.drain(tampered)
        #expect(throws: ExhibitError.self) { try tampered.finish() }

        // A file cut short inside the range is an error, not a shorter stream.
        try Data(before + ciphertext.bytes.prefix(10_000)).write(to: URL(fileURLWithPath: path))
        let cut = try EnvelopeReader(
            envelope: envelope, payload: try FileRegionSource(path, range: range), key: agency.key,
            certificate: agency.certificate)
        #expect {
            _ = try Self.drain(cut)
            try cut.finish()
        } throws: { error in
            (error as? ExhibitError)?.message.contains("shorter") == true
        }
    }
}
