import CExhibitArchive
import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// Received means checked: the outer archive only in the exact form Exhibit's writer produces (any change to the
/// unsigned tar metadata is refused, so a receipt can only name a bundle the sender made), nothing after either
/// end marker, every field of a received manifest checked as local input is, paths split on `/` bytes.
@Suite struct ReceivedFormTests {
    typealias Agency = HostileBundleTests.Agency

    /// A real bundle from police to children's services, and the receiver.
    static func exported() throws -> (bundle: String, receiver: Agency, police: Agency) {
        let police = try Agency("Northshire Police CAIU")
        let csc = try Agency("Northshire Children's Social Care")
        try police.trust(csc, as: "csc")
        try csc.trust(police, as: "police")
        let evidence = "\(police.folder)/statement.txt"
        try "A statement for the enquiry.\n".write(toFile: evidence, atomically: true, encoding: .utf8)
        _ = try AddExhibit.run(
            .init(
                paths: [evidence], ref: "ST/1", description: "statement", seizedBy: "DC 1", seizedFrom: "witness",
                category: "note"),
            store: police.store, signer: police.signer, actor: police.actor)
        let policy = try PolicyLoader.load(
            path: PolicyLoaderTests.root.appendingPathComponent("Policies/police-to-cps.yaml").path)
        let bundle = "\(police.folder)/to-csc.exhibit"
        _ = try ExportBundle.run(
            police.store, policy: policy, partnerID: "csc", refs: [], purpose: "advice", output: bundle, signer: police.signer,
            actor: police.actor)
        return (bundle, csc, police)
    }

    /// Receives `bytes` as a bundle file; returns the verdict.
    static func receive(_ bytes: [UInt8], by receiver: Agency, name: String = "changed") throws -> BundleVerdict {
        let path = "\(receiver.folder)/\(name).exhibit"
        try? FileManager.default.removeItem(atPath: path)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try ReceiveBundle.run(
            receiver.store, bundle: path, options: .init(importItems: true, report: nil, receipt: nil), signer: receiver.signer,
            actor: receiver.actor)
    }

    /// The offset of the ustar header whose name field starts with `name`.
    static func header(_ tar: [UInt8], named name: String) throws -> Int {
        let bytes = Array(name.utf8)
        return try #require(
            stride(from: 0, to: tar.count - 512, by: 512).first { offset in
                Array(tar[offset..<(offset + bytes.count)]) == bytes
                    && tar[offset + 257..<offset + 262] == ArraySlice("ustar".utf8)
            })
    }

    /// Sets a header field and fixes the header's checksum.
    static func set(_ tar: inout [UInt8], header: Int, field: Int, _ value: [UInt8]) {
        for (index, byte) in value.enumerated() { tar[header + field + index] = byte }
        for index in 148..<156 { tar[header + index] = 0x20 }
        let sum = tar[header..<(header + 512)].reduce(0) { $0 + Int($1) }
        for (index, byte) in (Array(String(format: "%06o", sum).utf8) + [0, 0x20]).enumerated() {
            tar[header + 148 + index] = byte
        }
    }

    @Test func theBundleAsWrittenIsAccepted() throws {
        let (bundle, receiver, police) = try Self.exported()
        defer { withExtendedLifetime(police) {} }
        let verdict = try ReceiveBundle.run(
            receiver.store, bundle: bundle, options: .init(importItems: true, report: nil, receipt: nil),
            signer: receiver.signer, actor: receiver.actor)
        #expect(verdict.passed, "\(verdict.checks)")
        #expect(try CaseQueries.exhibits(receiver.store).map(\.ref) == ["police:ST/1"])
    }

    /// Before: each of these was accepted, and the receipt named a bundle hash the sender never produced.
    @Test func unsignedTarMetadataChangesAreRefused() throws {
        let (bundle, receiver, police) = try Self.exported()
        defer { withExtendedLifetime(police) {} }
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: bundle)))
        let id = try #require(String(decoding: original[0..<100], as: UTF8.self).split(separator: "/").first.map(String.init))
        let bagInfo = try Self.header(original, named: "\(id)/bag-info.txt")
        let payload = try Self.header(original, named: "\(id)/data/payload.bin")
        var mutations: [(String, [UInt8])] = []
        var changed = original
        Self.set(&changed, header: bagInfo, field: 136, Array("00000000001\0".utf8))
        mutations.append(("mtime", changed))
        changed = original
        Self.set(&changed, header: bagInfo, field: 100, Array("0000600\0".utf8))
        mutations.append(("mode", changed))
        changed = original
        Self.set(&changed, header: payload, field: 108, Array("0001750\0".utf8))
        mutations.append(("uid", changed))
        changed = original
        Self.set(&changed, header: bagInfo, field: 265, Array("mallory\0".utf8))
        mutations.append(("uname", changed))
        changed = original
        Self.set(&changed, header: bagInfo, field: 156, [UInt8(ascii: "Z")])
        mutations.append(("unknown typeflag", changed))
        // Two tag files swapped: the same entries in another order.
        changed = original
        let bagit = try Self.header(original, named: "\(id)/bagit.txt")
        let manifest = try Self.header(original, named: "\(id)/manifest-sha256.txt")
        if bagInfo - bagit == 1024, manifest - bagInfo == 1024 {
            let first = Array(original[bagit..<bagInfo])
            let second = Array(original[bagInfo..<manifest])
            changed.replaceSubrange(bagit..<manifest, with: second + first)
            mutations.append(("order", changed))
        }
        // A zero byte of the final padding set.
        changed = original
        changed[changed.count - 1] = 1
        mutations.append(("after the end marker", changed))
        for (name, bytes) in mutations {
            let verdict = try Self.receive(bytes, by: receiver, name: name.replacingOccurrences(of: " ", with: "-"))
            #expect(!verdict.passed, "\(name) was accepted")
            #expect(verdict.checks.first { !$0.passed }?.name == "outer archive", "\(name): \(verdict.checks)")
        }
        #expect(try CaseQueries.exhibits(receiver.store).isEmpty)
    }

    @Test func pathsAreSplitOnSlashBytesNotCharacters() throws {
        let limits = SafeTarExtractor.Limits()
        // `/` followed by a combining mark is one Character but still a separator on disk.
        #expect(throws: ExhibitError.self) { try SafeTarExtractor.clean("B/../\u{301}escape", name: "t", limits: limits) }
        #expect(throws: ExhibitError.self) { try SafeTarExtractor.clean("B/..\u{301}/../../x", name: "t", limits: limits) }
        #expect(throws: ExhibitError.self) { try SafeTarExtractor.clean("B//\u{301}x", name: "t", limits: limits) }
        #expect(try SafeTarExtractor.clean("B/data/caf\u{65}\u{301}.txt", name: "t", limits: limits) == "B/data/cafe\u{301}.txt")
        #expect(try SafeTarExtractor.clean("B/data/\u{301}/", name: "t", limits: limits) == "B/data/\u{301}")
    }
}

/// A partner's manifest re-signed by the partner itself (so every signature verifies) but with fields local input
/// would refuse: the bundle is refused at the inner manifests, nothing is imported.
@Suite struct ReceivedManifestTests {
    typealias Agency = HostileBundleTests.Agency

    /// The police bundle opened, its manifest's first item changed by `change`, re-signed by police, re-sent.
    static func resigned(_ change: @escaping (inout [String: Any]) -> Void) throws -> (BundleVerdict, Agency, Agency) {
        try resent(importItems: true) { read, _ in
            let original = try #require(try read("exhibit/manifest.json"))
            var manifest = try #require(try JSONSerialization.jsonObject(with: Data(original)) as? [String: Any])
            var items = try #require(manifest["items"] as? [[String: Any]])
            change(&items[0])
            manifest["items"] = items
            let changed = Array(try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys]))
            return try ["exhibit/manifest.json", "exhibit/policy.yaml", "exhibit/redactions.json", "exhibit/custody.jsonl"]
                .compactMap { path -> (String, [UInt8])? in
                    if path == "exhibit/manifest.json" { return (path, changed) }
                    return try read(path).map { (path, $0) }
                }
        }
    }

    /// The police bundle to children's services opened as the recipient would, its inner bag's tag files (besides
    /// the bag's own) replaced by what `tags` returns, given a reader of the inner bag's files (nil for a file it
    /// lacks) and the recipient; then re-signed by police, re-encrypted to children's services and received.
    static func resent(
        importItems: Bool, tags: (_ read: (String) throws -> [UInt8]?, _ csc: Agency) throws -> [(String, [UInt8])]
    ) throws -> (BundleVerdict, Agency, Agency) {
        let (bundle, csc, police) = try ReceivedFormTests.exported()
        let staging = "\(csc.folder)/open"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let outerEntries = try SafeTarExtractor.extract(from: try FileSource(bundle), into: staging, name: "bundle").entries
        let bundleID = try #require(outerEntries.first?.path)
        let outer = "\(staging)/\(bundleID)"
        let reader = try EnvelopeReader(
            envelope: Array(try Data(contentsOf: URL(fileURLWithPath: "\(outer)/data/envelope.cms.der"))),
            payloadPath: "\(outer)/data/payload.bin", key: csc.signer.key, certificate: csc.signer.certificate)
        let innerFolder = "\(csc.folder)/inner"
        try FileManager.default.createDirectory(atPath: innerFolder, withIntermediateDirectories: true)
        let innerEntries = try SafeTarExtractor.extract(from: reader, into: innerFolder, name: "inner").entries
        try reader.finish()
        let root = "\(innerFolder)/\(bundleID)"
        func read(_ path: String) throws -> [UInt8]? {
            guard FileManager.default.fileExists(atPath: "\(root)/\(path)") else { return nil }
            return Array(try Data(contentsOf: URL(fileURLWithPath: "\(root)/\(path)")))
        }
        func bytes(_ path: String) throws -> [UInt8] {
            guard let found = try read(path) else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
            return found
        }
        let info = try BagInfo.parse(String(decoding: try bytes("bag-info.txt"), as: UTF8.self), name: "bag-info", inner: true)
        let payload = try BagIt.parseManifest(String(decoding: try bytes("manifest-sha256.txt"), as: UTF8.self), name: "m")
        let tags = try BagIt.tagFiles(
            info: info, payload: payload.map { (path: $0.key, sha256: $0.value) },
            extra: try tags(read, csc).map { BagTagFile($0.0, bytes: $0.1) },
            sign: { try police.signer.sign($0) })
        let files = innerEntries.filter { !$0.isDirectory && $0.path.hasPrefix("\(bundleID)/data/") }.map { entry in
            BagArchive.PayloadFile(
                bagPath: String(entry.path.dropFirst(bundleID.count + 1)), source: "\(innerFolder)/\(entry.path)",
                size: entry.size, sha256: entry.sha256 ?? "")
        }
        let collector = HostileBundleTests.Collector()
        try BagArchive.write(bagName: bundleID, tags: tags, payload: files, to: collector, content: true)
        let resent = "\(csc.folder)/resigned.exhibit"
        try HostileBundleTests.forge(
            inner: collector.bytes, bundleID: bundleID, sender: police, recipient: csc.signer.certificate, to: resent)
        let verdict = try ReceiveBundle.run(
            csc.store, bundle: resent, options: .init(importItems: importItems, report: nil, receipt: nil), signer: csc.signer,
            actor: csc.actor)
        return (verdict, csc, police)
    }

    static func hostile() -> [(String, (inout [String: Any]) -> Void, String)] {
        [
            ("unchanged", { _ in }, ""),
            ("empty ref", { $0["ref"] = "" }, "exhibit reference"),
            ("ref with a newline and escapes", { $0["ref"] = "ST/1\n\u{1b}[2J" }, "exhibit reference"),
            ("bad category", { $0["category"] = "Screen Shot!" }, "category"),
            ("blank description", { $0["description"] = "  \n" }, "description must not be empty"),
            ("media type with a control character", { $0["mediaType"] = "text/plain\u{7}" }, "is not a media type"),
        ]
    }

    /// Before: every one of these was imported as sent.
    @Test(arguments: hostile().map(\.0))
    func receivedFieldsPassTheChecksOfLocalInput(_ name: String) throws {
        guard let (_, change, fragment) = Self.hostile().first(where: { $0.0 == name }) else { return }
        let (verdict, csc, police) = try Self.resigned(change)
        defer { withExtendedLifetime(police) {} }
        if fragment.isEmpty {
            #expect(verdict.passed, "\(verdict.checks)")
            return
        }
        #expect(!verdict.passed)
        let failed = try #require(verdict.checks.first { !$0.passed })
        #expect(failed.name == "inner manifests", "\(verdict.checks)")
        #expect(failed.detail.contains("exhibit/manifest.json: item 1") && failed.detail.contains(fragment), "\(failed.detail)")
        #expect(try CaseQueries.exhibits(csc.store).isEmpty)
    }

    /// With custody in full, every item's source must be a file the travelling registrations name: a manifest
    /// that names another (re-signed by the sender itself) is refused at the custody check, nothing imported.
    @Test func anItemTheCustodyExtractDoesNotAccountForIsRefused() throws {
        let stranger = String(repeating: "ab", count: 32)
        let (verdict, csc, police) = try Self.resigned { $0["sourceSHA256"] = stranger }
        defer { withExtendedLifetime(police) {} }
        #expect(!verdict.passed)
        let failed = try #require(verdict.checks.first { !$0.passed })
        #expect(failed.name == "custody extract", "\(verdict.checks)")
        #expect(failed.detail.contains("does not account for") && failed.detail.contains("abababab"), "\(failed.detail)")
        #expect(try CaseQueries.exhibits(csc.store).isEmpty)
    }
}

/// The inner archive's limits follow what the sender declared in the signed outer bag-info, checked before any
/// decryption, under a hard ceiling.
@Suite struct DeclaredLimitsTests {
    typealias Agency = HostileBundleTests.Agency
    static let id = HostileBundleTests.bundleID

    static func receive(entries: Int, declared: Int?) throws -> BundleVerdict {
        let sender = try Agency("Sender Police")
        let receiver = try Agency("Receiving Social Care")
        try receiver.trust(sender, as: "sender")
        let inner = try HostileBundleTests.rawTar(
            [HostileBundleTests.RawEntry(path: "\(id)/", type: TarEntryType.directory)]
                + (1..<entries).map { HostileBundleTests.RawEntry(path: "\(id)/f\($0)", data: []) })
        let bundle = "\(sender.folder)/declared.exhibit"
        try HostileBundleTests.forge(
            inner: inner, bundleID: id, sender: sender, recipient: receiver.signer.certificate, to: bundle,
            declaredEntries: declared)
        return try ReceiveBundle.run(
            receiver.store, bundle: bundle, options: .init(importItems: false, report: nil, receipt: nil),
            signer: receiver.signer, actor: receiver.actor)
    }

    @Test func theWriterDeclaresTheInnerArchive() throws {
        let (bundle, _, police) = try ReceivedFormTests.exported()
        defer { withExtendedLifetime(police) {} }
        let staging = "\(police.folder)/declared"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let entries = try SafeTarExtractor.extract(from: try FileSource(bundle), into: staging, name: "bundle").entries
        let id = try #require(entries.first?.path)
        let info = try BagInfo.parse(
            try String(contentsOfFile: "\(staging)/\(id)/bag-info.txt", encoding: .utf8), name: "bag-info", inner: false)
        let declared = try #require(info.innerArchive)
        let payload = try #require(entries.first { $0.path == "\(id)/data/payload.bin" })
        #expect(declared.bytes == payload.size)
        #expect(declared.entries >= 9)
    }

    @Test func moreEntriesThanDeclaredAreRefusedAtExtraction() throws {
        let verdict = try Self.receive(entries: 30, declared: 10)
        let failed = try #require(verdict.checks.first { !$0.passed })
        #expect(failed.name == "safe extraction" && failed.detail.contains("more than 10 entries"), "\(verdict.checks)")
    }

    @Test func fewerEntriesThanDeclaredAreRefused() throws {
        let verdict = try Self.receive(entries: 3, declared: 10)
        let failed = try #require(verdict.checks.first { !$0.passed })
        #expect(failed.name == "safe extraction" && failed.detail.contains("not the 10"), "\(verdict.checks)")
    }

    @Test func aDeclarationOverTheCeilingIsRefusedBeforeDecryption() throws {
        let verdict = try Self.receive(entries: 3, declared: SafeTarExtractor.Limits.entryCeiling + 1)
        let failed = try #require(verdict.checks.first { !$0.passed })
        #expect(failed.name == "outer manifests" && failed.detail.contains("more than the 10000000"), "\(verdict.checks)")
        #expect(!verdict.checks.contains { $0.name == "decryption" && $0.passed })
    }

    @Test func theDeclaredCountIsExtractedInFull() throws {
        let verdict = try Self.receive(entries: 25_000, declared: 25_000)
        // Past the old fixed 20,000 cap: extraction passes (later checks fail: this bag has no tag files).
        #expect(verdict.checks.contains { $0.name == "safe extraction" && $0.passed }, "\(verdict.checks)")
    }
}
