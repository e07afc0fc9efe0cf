import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// The one-pass pipeline: hashes equal OpenSSL's one-shot digests and the copy equals the source, for sizes
/// around every buffer boundary, with and without O_DIRECT.
struct HashingPipelineTests {
    static let slot = 64 * 1024

    static func bytes(_ count: Int) -> [UInt8] {
        var state: UInt32 = 2_463_534_242
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            return UInt8(truncatingIfNeeded: state)
        }
    }

    static let sizes = [0, 1, 4095, 4096, slot - 1, slot, slot + 1, 3 * slot + 4097, 17 * slot]

    @Test(arguments: sizes, [false, true])
    func digestsAndCopyMatch(size: Int, direct: Bool) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let content = Self.bytes(size)
        let source = folder.appendingPathComponent("source").path
        try Data(content).write(to: URL(fileURLWithPath: source))
        let objects = ObjectStore(storeDirectory: folder.path)
        try objects.create()
        let pipeline = try HashingPipeline(slotCount: 3, slotSize: Self.slot)
        let input = open(source, O_RDONLY)
        defer { close(input) }
        let staging = try StagingWriter.create(in: objects.staging, direct: direct)
        var writer: StagingWriter? = StagingWriter(descriptor: staging.descriptor, path: staging.path, direct: staging.direct)
        var head: [UInt8] = []
        let job = try pipeline.stream(source: input, sourcePath: source, into: &writer) {
            head = Array($0.prefix(16))
            return true
        }
        close(staging.descriptor)
        pipeline.finish()
        let digests = job.digests
        #expect(digests.size == Int64(size))
        #expect(digests.sha256 == Hex.encode(MessageDigest.hash(.sha256, content)))
        #expect(digests.sha1 == Hex.encode(MessageDigest.hash(.sha1, content)))
        #expect(digests.md5 == Hex.encode(MessageDigest.hash(.md5, content)))
        #expect(head == Array(content.prefix(16)))
        #expect(try Data(contentsOf: URL(fileURLWithPath: staging.path)) == Data(content))
    }

    @Test func manyFilesStreamWithoutWaitingAndKeepTheirOwnDigests() throws {
        let pipeline = try HashingPipeline(slotCount: 2, slotSize: 4096)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-many-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var expected: [(HashingPipeline.HashJob, String)] = []
        for index in 0..<50 {
            let content = Array(Self.bytes(index * 997).reversed())
            let path = folder.appendingPathComponent("f\(index)").path
            try Data(content).write(to: URL(fileURLWithPath: path))
            let input = open(path, O_RDONLY)
            var noCopy: StagingWriter?
            let job = try pipeline.stream(source: input, sourcePath: path, into: &noCopy) { _ in true }
            close(input)
            expected.append((job, Hex.encode(MessageDigest.hash(.md5, content))))
        }
        pipeline.finish()
        for (job, md5) in expected { #expect(job.digests.md5 == md5) }
    }

    @Test func knownAnswers() {
        #expect(
            Hex.encode(MessageDigest.hash(.sha256, Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.encode(MessageDigest.hash(.sha1, Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Hex.encode(MessageDigest.hash(.md5, Array("abc".utf8))) == "900150983cd24fb0d6963f7d28e17f72")
    }
}
