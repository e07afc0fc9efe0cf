import Foundation

/// `exhibit export`: applies a sharing policy to exhibits and builds the bundle described in
/// BUNDLE-FORMAT.md — an inner BagIt bag (redacted items, manifest, policy, redaction report, custody
/// extract; signed) streamed through AES-256-GCM AuthEnvelopedData for the partner, inside an outer signed
/// BagIt bag in a pax tar — then records an `exported` entry naming the partner, policy, purpose, bundle id
/// and the bundle file's SHA-256. Memory stays bounded: files stream from the object store through the
/// cipher into the archive.
public enum BundleExport {
    /// What was exported.
    public struct Result: Sendable, Codable {
        public var bundleID: String
        public var file: String
        public var sha256: String
        public var bytes: Int64
        public var partner: String
        public var policy: PolicyReference
        public var items: Int
        public var shared: Int
        public var entry: Int
    }

    /// A file of the inner bag: where it comes from and what it must hash to.
    private struct PayloadFile {
        let bagPath: String
        let source: String
        let size: Int64
        let sha256: String
    }

    /// Exports a bundle.
    /// - Parameters:
    ///   - store: the sender's case store.
    ///   - policy: the sharing policy.
    ///   - partnerID: a registered partner.
    ///   - refs: the exhibits (empty: all).
    ///   - purpose: why it is shared.
    ///   - output: the bundle file to create (must not exist).
    ///   - signer: the agency key.
    ///   - actor: who exports.
    /// - Returns: the bundle's id, file, hash and ledger entry.
    /// - Throws: `.badInput` for an unknown partner, an unusable partner certificate, or an existing output.
    public static func run(
        _ store: CaseStore, policy: SharingPolicy, partnerID: String, refs: [String], purpose: String, output: String,
        signer: LedgerSigner, actor: Actor
    ) throws -> Result {
        let purpose = try ExhibitFields.required(purpose, flag: "--purpose")
        let destination = FileSystem.absolute(output)
        guard !FileSystem.exists(destination) else {
            throw ExhibitError.badInput("\(output) already exists; refusing to overwrite it")
        }
        try FileSystem.makeDirectoryTree((destination as NSString).deletingLastPathComponent)
        let partner = try Partners.find(partnerID, in: store)
        let recipient = try Partners.encryptionCertificate(partner)

        let lock = try store.lockForWriting()
        defer { withExtendedLifetime(lock) {} }
        let work = try store.makeWorkFolder("export")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let payloadFolder = "\(work)/payload"
        let outcome = try RedactExhibits.produceLocked(
            store, refs: refs, policy: policy, destination: payloadFolder, shareCopies: false, signer: signer, actor: actor)

        let bundleID =
            "EXB-\(Timestamp.now().prefix(10).replacingOccurrences(of: "-", with: ""))-\(Hex.encode((0..<6).map { _ in UInt8.random(in: 0...255) }).uppercased())"
        var payload: [PayloadFile] = []
        var manifestItems: [BundleManifest.Item] = []
        let report = try JSONDecoder().decode(
            RedactionReport.self, from: Data(contentsOf: URL(fileURLWithPath: "\(payloadFolder)/redactions.json")))
        for (item, reported) in zip(outcome.items, report.items) {
            var entry = BundleManifest.Item(
                ref: item.ref, category: reported.category ?? item.category, description: reported.description,
                treatment: item.treatment,
                sourceSHA256: item.sha256, file: nil, sha256: nil, size: nil,
                // The bundled file's own type: a HEIC photo travels as JPEG, a Word document as PDF.
                mediaType: reported.mediaType.map { reported.sharedAs ?? $0 }, reason: item.reason)
            if let relative = item.output {
                let bagPath = "data/\(relative)"
                let file: PayloadFile
                if let derived = item.derived {
                    file = PayloadFile(
                        bagPath: bagPath, source: "\(payloadFolder)/\(relative)", size: derived.size, sha256: derived.sha256)
                } else {
                    file = PayloadFile(
                        bagPath: bagPath, source: store.objects.path(item.sha256), size: item.size, sha256: item.sha256)
                }
                payload.append(file)
                entry.file = bagPath
                entry.sha256 = file.sha256
                entry.size = file.size
            }
            manifestItems.append(entry)
        }
        guard payload.reduce(0, { $0 + $1.size }) < 60 << 30 else {
            throw ExhibitError.badInput(
                "the bundle would exceed 60 GiB, more than one AES-GCM envelope may hold; export fewer exhibits at a time")
        }

        let manifest = BundleManifest(
            bundleID: bundleID, createdAt: Timestamp.now(),
            sender: .init(name: store.info.agency, fingerprint: store.certificate.fingerprint, id: nil),
            recipient: .init(name: partner.name, fingerprint: recipient.fingerprint, id: partner.id),
            caseRef: policy.allows(.caseRef) ? store.info.caseRef : nil, purpose: purpose, policy: report.policy,
            custody: policy.custody,
            items: manifestItems)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let tagFiles: [(String, [UInt8])] = [
            ("exhibit/manifest.json", Array(try encoder.encode(manifest))),
            ("exhibit/policy.yaml", Array(policy.sourceText.utf8)),
            ("exhibit/redactions.json", Array(try Data(contentsOf: URL(fileURLWithPath: "\(payloadFolder)/redactions.json")))),
            (
                "exhibit/custody.jsonl",
                try CustodyExtract.build(
                    store, refs: Set(outcome.items.map(\.ref)),
                    travelling: Set(outcome.items.filter { $0.output != nil }.map(\.ref)),
                    policy: policy,
                    redactor: TextRedactor(rules: RedactionRules(policy: policy, parties: try CaseParties.list(store))))
            ),
        ]
        var info: [(String, String)] = [
            ("Source-Organization", store.info.agency), ("External-Identifier", bundleID),
            ("Bagging-Date", String(Timestamp.now().prefix(10))),
            ("Payload-Oxum", BagIt.oxum(bytes: payload.reduce(0) { $0 + $1.size }, files: payload.count)),
            ("Exhibit-Sender-Certificate", store.certificate.fingerprint), ("Exhibit-Recipient-Organization", partner.name),
            ("Exhibit-Recipient-Id", partner.id), ("Exhibit-Recipient-Certificate", recipient.fingerprint),
            ("Exhibit-Purpose", purpose),
            ("Exhibit-Policy-Id", policy.id), ("Exhibit-Policy-Version", policy.version),
            ("Exhibit-Policy-SHA256", policy.sha256),
            ("Exhibit-Protective-Marking", policy.protectiveMarking),
        ]
        if policy.allows(.caseRef) { info.append(("Exhibit-Case-Reference", store.info.caseRef)) }
        let inner = try signedTagFiles(
            info: info, payload: payload.map { ($0.bagPath, $0.sha256) }, extra: tagFiles, signer: signer)

        // The inner tar's size is learned first (headers only depend on names and sizes), so the ciphertext
        // (as long as the plaintext under GCM) can stream straight into the outer archive.
        let counter = CountingSink()
        try writeInner(bundleID: bundleID, tags: inner, payload: payload, to: counter, verifyHashes: false)
        let temporary = destination + ".part"
        unlink(temporary)
        let file = try HashingFileSink(creating: temporary, mode: 0o644)
        var finished = false
        defer { if !finished { unlink(temporary) } }
        let outer = try TarWriter(sink: file)
        try outer.addDirectory(bundleID)
        try outer.addDirectory("\(bundleID)/data")
        var envelope: [UInt8] = []
        var payloadHash = ""
        try outer.addFile("\(bundleID)/data/payload.bin", size: counter.count) { write in
            try withoutActuallyEscaping(write) { write in
                let ciphertext = try DigestingSink(write)
                let encryptor = try EnvelopeWriter(recipient: recipient, output: ciphertext)
                try writeInner(
                    bundleID: bundleID, tags: inner, payload: payload, to: EncryptingSink(encryptor), verifyHashes: true)
                envelope = try encryptor.finish()
                payloadHash = ciphertext.finish()
            }
        }
        try outer.addFile("\(bundleID)/data/envelope.cms.der", bytes: envelope)
        let outerInfo: [(String, String)] = [
            ("Source-Organization", store.info.agency), ("External-Identifier", bundleID),
            ("Bagging-Date", String(Timestamp.now().prefix(10))),
            ("Payload-Oxum", BagIt.oxum(bytes: counter.count + Int64(envelope.count), files: 2)),
        ]
        let outerTags = try signedTagFiles(
            info: outerInfo,
            payload: [("data/payload.bin", payloadHash), ("data/envelope.cms.der", Hex.encode(MessageDigest.sha256(envelope)))],
            extra: [],
            signer: signer)
        for (path, bytes) in outerTags { try outer.addFile("\(bundleID)/\(path)", bytes: bytes) }
        try outer.finish()
        let bundleHash = try file.finish()
        guard rename(temporary, destination) == 0 else {
            throw FileSystem.error(destination, "cannot move the bundle into place")
        }
        finished = true
        try FileSystem.syncDirectory((destination as NSString).deletingLastPathComponent)

        let details = ExportDetails(
            bundleID: bundleID, partner: partner.id, partnerFingerprint: recipient.fingerprint,
            policy: RedactExhibits.reference(policy),
            purpose: purpose, bundleSHA256: bundleHash, bytes: file.count, shared: payload.count, items: manifestItems.count)
        let entries = try store.commit(signer: signer) { _, ledger in
            try ledger.append(
                LedgerEntry(
                    caseID: store.info.id, action: .exported, actor: actor,
                    exhibits: Array(Set(manifestItems.map(\.ref))).sorted(),
                    objects: Array(Set(payload.map(\.sha256))).sorted(), reason: purpose, details: EntryDetails(export: details)))
        }
        return Result(
            bundleID: bundleID, file: destination, sha256: bundleHash, bytes: file.count, partner: partner.id,
            policy: RedactExhibits.reference(policy), items: manifestItems.count, shared: payload.count,
            entry: entries.first?.sequence ?? 0)
    }

    /// The tag files of a bag, in the order they are written: bagit.txt, bag-info.txt, the payload manifest,
    /// `extra`, the tag manifest over all of those, and its detached CMS signature.
    static func signedTagFiles(
        info: [(String, String)], payload: [(String, String)], extra: [(String, [UInt8])], signer: LedgerSigner
    ) throws -> [(String, [UInt8])] {
        var files: [(String, [UInt8])] = [
            ("bagit.txt", Array(BagIt.declaration.utf8)), ("bag-info.txt", Array(BagIt.bagInfo(info).utf8)),
            ("manifest-sha256.txt", Array(BagIt.manifest(payload.map { (path: $0.0, sha256: $0.1) }).utf8)),
        ]
        files += extra
        let tagManifest = Array(BagIt.manifest(files.map { (path: $0.0, sha256: Hex.encode(MessageDigest.sha256($0.1))) }).utf8)
        files.append(("tagmanifest-sha256.txt", tagManifest))
        files.append(("tagmanifest-sha256.txt.p7s", try signer.sign(tagManifest)))
        return files
    }

    /// Writes the inner bag as a tar: folders, tag files first, then the payload files (each checked against
    /// its manifest hash as it streams when `verifyHashes`).
    private static func writeInner(
        bundleID: String, tags: [(String, [UInt8])], payload: [PayloadFile], to sink: ByteSink, verifyHashes: Bool
    ) throws {
        let tar = try TarWriter(sink: sink)
        var folders = Set<String>()
        func addFolders(_ path: String) throws {
            var current = bundleID
            try addFolder(current)
            for component in path.split(separator: "/").dropLast() {
                current += "/\(component)"
                try addFolder(current)
            }
        }
        func addFolder(_ folder: String) throws {
            if folders.insert(folder).inserted { try tar.addDirectory(folder) }
        }
        for (path, bytes) in tags {
            try addFolders(path)
            try tar.addFile("\(bundleID)/\(path)", bytes: bytes)
        }
        for file in payload {
            try addFolders(file.bagPath)
            if verifyHashes {
                let digest = try MessageDigest(.sha256)
                let input = try FileSource(file.source)
                var buffer = [UInt8](repeating: 0, count: 1 << 20)
                try tar.addFile("\(bundleID)/\(file.bagPath)", size: file.size) { write in
                    while true {
                        let count = try buffer.withUnsafeMutableBytes { try input.read(into: $0) }
                        if count == 0 { break }
                        try buffer.withUnsafeBytes {
                            let chunk = UnsafeRawBufferPointer(rebasing: $0[0..<count])
                            digest.update(chunk)
                            try write(chunk)
                        }
                    }
                }
                guard Hex.encode(digest.finalize()) == file.sha256 else {
                    throw ExhibitError.verificationFailed(
                        "\(file.bagPath) no longer has its registered hash; nothing was exported; run exhibit verify")
                }
            } else {
                try tar.addFile("\(bundleID)/\(file.bagPath)", size: file.size) { write in
                    var zeros = [UInt8](repeating: 0, count: 1 << 20)
                    var remaining = file.size
                    while remaining > 0 {
                        let count = Int(min(remaining, Int64(zeros.count)))
                        try zeros.withUnsafeMutableBytes { try write(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                        remaining -= Int64(count)
                    }
                }
            }
        }
        try tar.finish()
    }
}

/// Passes bytes on to a closure, hashing them (SHA-256) on the way.
private final class DigestingSink: ByteSink {
    private let next: (UnsafeRawBufferPointer) throws -> Void
    private let digest: MessageDigest

    init(_ next: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        self.next = next
        self.digest = try MessageDigest(.sha256)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        digest.update(bytes)
        try next(bytes)
    }

    func finish() -> String { Hex.encode(digest.finalize()) }
}

/// Feeds plaintext to an `EnvelopeWriter`.
private final class EncryptingSink: ByteSink {
    private let encryptor: EnvelopeWriter
    init(_ encryptor: EnvelopeWriter) { self.encryptor = encryptor }
    func write(_ bytes: UnsafeRawBufferPointer) throws { try encryptor.write(bytes) }
}
