import CExhibitArchive
import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// Bundles that are correctly signed and encrypted but carry hostile content, built here with Exhibit's own
/// signing and encryption code: each is refused at safe extraction, and nothing is written outside staging.
/// And a bundle re-encrypted to us by a third party is refused because it names someone else inside.
@Suite struct HostileBundleTests {
    /// An agency with its own store and key.
    final class Agency {
        let folder: String
        let name: String
        let store: CaseStore
        let signer: LedgerSigner
        let certificatePath: String

        init(_ name: String) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            self.name = name
            let key = try PrivateKey.generate(.p256)
            let certificate = try CertificateIssuer.selfSigned(key: key, agency: name, days: 30)
            certificatePath = "\(folder)/agency.crt"
            try certificate.pem.write(toFile: certificatePath, atomically: true, encoding: .utf8)
            signer = try LedgerSigner(key: key, certificate: certificate)
            store = try CaseStore.create(
                directory: "\(folder)/.exhibit", caseRef: "\(name) case", incident: nil, operation: nil, agency: name,
                oic: "Officer",
                keyPath: "\(folder)/agency.key", signer: signer, actor: Actor(name: "Officer", agency: name))
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }

        var actor: Actor { Actor(name: "Officer", agency: name) }

        func trust(_ other: Agency, as id: String) throws {
            _ = try Partners.add(
                certificatePath: other.certificatePath, name: other.name, id: id, caPath: nil, crlPath: nil, store: store,
                signer: signer,
                actor: actor)
        }
    }

    /// Collects bytes in memory.
    final class Collector: ByteSink {
        var bytes: [UInt8] = []
        func write(_ chunk: UnsafeRawBufferPointer) throws { bytes += chunk }
    }

    /// An outer bundle around `inner` (plaintext tar), signed by `sender`, encrypted to `recipient`.
    static func forge(
        inner: [UInt8], bundleID: String, sender: Agency, recipient: Certificate, to path: String, declaredEntries: Int? = nil
    ) throws {
        let ciphertext = Collector()
        let encryptor = try EnvelopeWriter(recipient: recipient, output: ciphertext)
        try inner.withUnsafeBytes { try encryptor.write($0) }
        let envelope = try encryptor.finish()
        var info = BagInfo(
            sourceOrganization: sender.name, externalIdentifier: bundleID, baggingDate: "2026-11-27",
            payloadOxum: BagIt.oxum(bytes: Int64(ciphertext.bytes.count + envelope.count), files: 2),
            bagSoftwareAgent: nil)
        if let declaredEntries { info.innerArchive = .init(entries: declaredEntries, bytes: Int64(inner.count)) }
        let tags = try BagIt.tagFiles(
            info: info,
            payload: [
                (path: "data/payload.bin", sha256: Hex.encode(MessageDigest.sha256(ciphertext.bytes))),
                (path: "data/envelope.cms.der", sha256: Hex.encode(MessageDigest.sha256(envelope))),
            ], extra: [], sign: { try sender.signer.sign($0) })
        let file = try HashingFileSink(creating: path)
        let tar = try TarWriter(sink: file)
        try tar.addDirectory(bundleID)
        try tar.addDirectory("\(bundleID)/data")
        try tar.addFile("\(bundleID)/data/payload.bin", bytes: ciphertext.bytes)
        try tar.addFile("\(bundleID)/data/envelope.cms.der", bytes: envelope)
        for tag in tags { try tar.addFile("\(bundleID)/\(tag.path)", bytes: try tag.bytes()) }
        try tar.finish()
        _ = try file.finish()
    }

    /// A raw tar entry of any type.
    struct RawEntry {
        var path: String
        var type: UInt32 = TarEntryType.regular
        var data: [UInt8] = Array("x".utf8)
        var link: String?
        var hardlink: String?
    }

    /// A tar with whatever entries it is given (libarchive writes what it is told).
    static func rawTar(_ entries: [RawEntry]) throws -> [UInt8] {
        let collector = Collector()
        let archive = try #require(archive_write_new())
        defer { archive_write_free(archive) }
        archive_write_set_format_pax_restricted(archive)
        archive_write_set_format_option(archive, "pax", "hdrcharset", "BINARY")
        archive_write_open2(
            archive, Unmanaged.passUnretained(collector).toOpaque(), nil,
            { _, client, buffer, length in
                guard let client, let buffer else { return -1 }
                Unmanaged<Collector>.fromOpaque(client).takeUnretainedValue().bytes += UnsafeRawBufferPointer(
                    start: buffer, count: length)
                return length
            }, nil, nil)
        for raw in entries {
            let entry = try #require(archive_entry_new())
            defer { archive_entry_free(entry) }
            archive_entry_copy_pathname(entry, raw.path)
            archive_entry_set_filetype(entry, raw.type)
            archive_entry_set_perm(entry, 0o644)
            if let link = raw.link { archive_entry_set_symlink(entry, link) }
            if let hardlink = raw.hardlink { archive_entry_set_hardlink(entry, hardlink) }
            if raw.type == TarEntryType.characterDevice { archive_entry_set_rdevmajor(entry, 1) }
            let size = raw.type == TarEntryType.regular && raw.hardlink == nil ? raw.data.count : 0
            archive_entry_set_size(entry, Int64(size))
            #expect(archive_write_header(archive, entry) == ARCHIVE_OK)
            if size > 0 { _ = raw.data.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, size) } }
        }
        archive_write_close(archive)
        return collector.bytes
    }

    static let bundleID = "EXB-20261127-HOSTILE00001"

    /// Hostile inner archives, and a fragment of the refusal each must get.
    static func cases() -> [(String, () throws -> [UInt8], String)] {
        let id = bundleID
        return [
            (
                "dot-dot",
                {
                    try rawTar([RawEntry(path: "\(id)/", type: TarEntryType.directory), RawEntry(path: "\(id)/../../escape.txt")])
                }, "leaves its folder"
            ),
            ("absolute", { try rawTar([RawEntry(path: "/tmp/exhibit-hostile-absolute.txt")]) }, "absolute path"),
            (
                "symlink",
                { try rawTar([RawEntry(path: "\(id)/data/link", type: TarEntryType.symbolicLink, link: "/etc/passwd")]) },
                "symbolic link"
            ),
            (
                "hardlink", { try rawTar([RawEntry(path: "\(id)/a"), RawEntry(path: "\(id)/b", hardlink: "\(id)/a")]) },
                "hard link"
            ),
            ("device", { try rawTar([RawEntry(path: "\(id)/null", type: TarEntryType.characterDevice)]) }, "a device"),
            ("fifo", { try rawTar([RawEntry(path: "\(id)/pipe", type: TarEntryType.fifo)]) }, "a FIFO"),
            ("duplicate", { try rawTar([RawEntry(path: "\(id)/a"), RawEntry(path: "\(id)/a")]) }, "appears twice"),
            (
                "long-name", { try rawTar([RawEntry(path: "\(id)/" + String(repeating: "n", count: 300))]) },
                "longer than 255 bytes"
            ),
            (
                "many-entries", { try rawTar((0..<100_000).map { RawEntry(path: "\(id)/f\($0)", data: []) }) },
                "more than 20000 entries"
            ),
            (
                "trailing-entry",
                {
                    try rawTar([RawEntry(path: "\(id)/", type: TarEntryType.directory), RawEntry(path: "\(id)/a")])
                        + rawTar([RawEntry(path: "\(id)/smuggled.txt")])
                }, "after its end-of-archive marker"
            ),
            (
                "trailing-entry-after-read-ahead",
                {
                    try rawTar([
                        RawEntry(path: "\(id)/", type: TarEntryType.directory),
                        RawEntry(path: "\(id)/big", data: Array(repeating: 7, count: 300_000)),
                    ]) + rawTar([RawEntry(path: "\(id)/smuggled.txt")])
                }, "after its end-of-archive marker"
            ),
            (
                "trailing-byte",
                {
                    try rawTar([RawEntry(path: "\(id)/", type: TarEntryType.directory), RawEntry(path: "\(id)/a")])
                        + [UInt8](repeating: 0, count: 511) + [1]
                }, "after its end-of-archive marker"
            ),
            (
                "combining-dot-dot",
                {
                    try rawTar([
                        RawEntry(path: "\(id)/", type: TarEntryType.directory), RawEntry(path: "\(id)/../\u{301}escape.txt"),
                    ])
                }, "leaves its folder"
            ),
            (
                "huge-size",
                {
                    var tar = try rawTar([RawEntry(path: "\(id)/big", data: Array(repeating: 7, count: 10))])
                    // Find the file's ustar header, declare 4 GiB in its size field and fix its checksum.
                    let name = Array("\(id)/big".utf8)
                    let header = try #require(
                        stride(from: 0, to: tar.count - 512, by: 512).first { Array(tar[$0..<($0 + name.count)]) == name })
                    let size = Array(String(format: "%011o", 1 << 32).utf8) + [0]
                    for (index, byte) in size.enumerated() { tar[header + 124 + index] = byte }
                    for index in 148..<156 { tar[header + index] = 0x20 }
                    let sum = tar[header..<(header + 512)].reduce(0) { $0 + Int($1) }
                    for (index, byte) in (Array(String(format: "%06o", sum).utf8) + [0, 0x20]).enumerated() {
                        tar[header + 148 + index] = byte
                    }
                    return tar
                }, "inner archive"
            ),
        ]
    }

    @Test(arguments: cases().map(\.0))
    func hostileContentIsRefusedAtExtraction(_ name: String) throws {
        guard let (_, build, fragment) = Self.cases().first(where: { $0.0 == name }) else { return }
        let sender = try Agency("Sender Police")
        let receiver = try Agency("Receiving Social Care")
        try receiver.trust(sender, as: "sender")
        let bundle = "\(sender.folder)/\(name).exhibit"
        try Self.forge(
            inner: try build(), bundleID: Self.bundleID, sender: sender, recipient: receiver.signer.certificate, to: bundle)
        let verdict = try ReceiveBundle.run(
            receiver.store, bundle: bundle,
            options: .init(importItems: true, report: "\(receiver.folder)/report.html", receipt: nil),
            signer: receiver.signer, actor: receiver.actor)
        #expect(!verdict.passed)
        let failed = try #require(verdict.checks.first { !$0.passed })
        #expect(failed.name == "safe extraction", "\(verdict.checks)")
        #expect(failed.detail.contains(fragment), "\(failed.detail)")
        // Nothing outside staging, nothing left in staging, nothing imported; the report says so.
        #expect(!FileManager.default.fileExists(atPath: "/tmp/exhibit-hostile-absolute.txt"))
        #expect(!FileManager.default.fileExists(atPath: "\(receiver.store.directory)/escape.txt"))
        #expect(!FileManager.default.fileExists(atPath: "\(receiver.store.directory)/work/escape.txt"))
        #expect(((try? FileManager.default.subpathsOfDirectory(atPath: "\(receiver.store.directory)/work")) ?? []).isEmpty)
        let report = try String(contentsOfFile: "\(receiver.folder)/report.html", encoding: .utf8)
        #expect(report.contains("REJECTED") && report.contains("Nothing from this bundle was imported"))
        #expect(try CaseQueries.exhibits(receiver.store).isEmpty)
    }

    @Test func aBundleReEncryptedByAThirdPartyNamesSomeoneElseInside() throws {
        let police = try Agency("Northshire Police CAIU")
        let csc = try Agency("Northshire Children's Social Care")
        let evil = try Agency("Eavesdropping Agency")
        try police.trust(evil, as: "evil")
        try evil.trust(police, as: "police")
        try csc.trust(police, as: "police")
        try csc.trust(evil, as: "evil")
        let evidence = "\(police.folder)/statement.txt"
        try "A statement for the enquiry.\n".write(toFile: evidence, atomically: true, encoding: .utf8)
        _ = try AddExhibit.run(
            .init(
                paths: [evidence], ref: "ST/1", description: "statement", seizedBy: "DC 1", seizedFrom: "witness",
                category: "note"),
            store: police.store, signer: police.signer, actor: police.actor)
        let policy = try PolicyLoader.load(
            path: PolicyLoaderTests.root.appendingPathComponent("Policies/police-to-cps.yaml").path)
        let original = "\(police.folder)/to-evil.exhibit"
        let exported = try ExportBundle.run(
            police.store, policy: policy, partnerID: "evil", refs: [], purpose: "advice", output: original, signer: police.signer,
            actor: police.actor)

        // The third party opens its own bundle and re-packs the untouched evidence bag for children's services.
        let staging = "\(evil.folder)/open"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        _ = try SafeTarExtractor.extract(from: try FileSource(original), into: staging, name: "bundle")
        let outer = "\(staging)/\(exported.bundleID)"
        let reader = try EnvelopeReader(
            envelope: Array(try Data(contentsOf: URL(fileURLWithPath: "\(outer)/data/envelope.cms.der"))),
            payloadPath: "\(outer)/data/payload.bin", key: evil.signer.key, certificate: evil.signer.certificate)
        var inner: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
            if count == 0 { break }
            inner += buffer[0..<count]
        }
        try reader.finish()
        let repacked = "\(evil.folder)/for-csc.exhibit"
        try Self.forge(inner: inner, bundleID: exported.bundleID, sender: evil, recipient: csc.signer.certificate, to: repacked)

        let verdict = try ReceiveBundle.run(
            csc.store, bundle: repacked, options: .init(importItems: true, report: nil, receipt: nil), signer: csc.signer,
            actor: csc.actor)
        #expect(!verdict.passed)
        let failed = try #require(verdict.checks.first { !$0.passed })
        #expect(failed.name == "recipient", "\(verdict.checks)")
        #expect(
            failed.detail.contains("made for Eavesdropping Agency") && failed.detail.contains("re-encrypted by a third party"),
            "\(failed.detail)")
        #expect(try CaseQueries.exhibits(csc.store).isEmpty)
    }

    @Test func anOuterArchiveDeclaringAnAbsurdSizeIsRefusedNotCrashed() throws {
        let receiver = try Agency("Receiving Social Care")
        var tar = try Self.rawTar([
            RawEntry(path: "B/data/envelope.cms.der", data: Array(repeating: 1, count: 4000)),
            RawEntry(path: "B/data/payload.bin"),
        ])
        // Give the second entry a base-256 size of Int64.max - 512 and fix its checksum.
        let name = Array("B/data/payload.bin".utf8)
        let header = try #require(
            stride(from: 0, to: tar.count - 512, by: 512).first { Array(tar[$0..<($0 + name.count)]) == name })
        let size = [UInt8(0x80), 0, 0, 0] + withUnsafeBytes(of: (Int64.max - 512).bigEndian, Array.init)
        for (index, byte) in size.enumerated() { tar[header + 124 + index] = byte }
        for index in 148..<156 { tar[header + index] = 0x20 }
        let sum = tar[header..<(header + 512)].reduce(0) { $0 + Int($1) }
        for (index, byte) in (Array(String(format: "%06o", sum).utf8) + [0, 0x20]).enumerated() {
            tar[header + 148 + index] = byte
        }
        let bundle = "\(receiver.folder)/absurd.exhibit"
        try Data(tar).write(to: URL(fileURLWithPath: bundle))
        let verdict = try ReceiveBundle.run(
            receiver.store, bundle: bundle, options: .init(importItems: true, report: nil, receipt: nil), signer: receiver.signer,
            actor: receiver.actor)
        #expect(!verdict.passed)
        #expect(verdict.checks.first?.name == "outer archive" && verdict.checks.first?.passed == false, "\(verdict.checks)")
    }
}
