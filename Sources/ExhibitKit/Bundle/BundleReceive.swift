import Foundation
import GRDB

/// `exhibit receive`: checks a bundle in the receiving agency's own store, in the order BUNDLE-FORMAT.md sets,
/// releasing nothing unauthenticated: the outer signature (a registered partner) and manifests before
/// decrypting; decryption into a private staging folder with the GCM tag checked after draining the
/// ciphertext; safe extraction; the inner signature and manifests; that the bundle is addressed to this
/// agency; the custody extract's proofs against its signed checkpoint; the policy's hash. Then, on request,
/// imports the items, writes an HTML report and a signed receipt. Staging is always deleted.
public enum BundleReceive {
    /// What to do besides checking.
    public struct Options: Sendable {
        public var importItems: Bool
        public var report: String?
        public var receipt: String?

        /// Creates options.
        public init(importItems: Bool, report: String?, receipt: String?) {
            self.importItems = importItems
            self.report = report
            self.receipt = receipt
        }
    }

    /// The outer bag's files: nothing else may be in it.
    static let outerFiles: Set<String> = [
        "bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.p7s",
        "tagmanifest-sha256.txt.p7s.tsr", "data/envelope.cms.der", "data/payload.bin",
    ]

    /// Checks (and optionally imports) a bundle.
    /// - Returns: the verdict; `passed` is false when any check failed.
    /// - Throws: `.badInput` when the bundle file is missing; `.environment` when the store cannot be written.
    public static func run(_ store: CaseStore, bundle: String, options: Options, signer: LedgerSigner, actor: Actor) throws
        -> BundleVerdict
    {
        guard FileSystem.exists(bundle), !FileSystem.isDirectory(bundle) else {
            throw ExhibitError.badInput("\(bundle): no such bundle file")
        }
        for path in [options.report, options.receipt].compactMap({ $0 }) where FileSystem.exists(path) {
            throw ExhibitError.badInput("\(path) already exists; refusing to overwrite it")
        }
        let lock = try store.lockForWriting()
        defer { withExtendedLifetime(lock) {} }
        let staging = try store.makeWorkFolder("receive")
        defer { try? FileManager.default.removeItem(atPath: staging) }

        // The bundle's hash is computed while the outer archive is read (which reads it to the end); a bundle
        // refused before that is hashed on its own, for the verdict and the receipt.
        var verdict = BundleVerdict(bundleSHA256: "")
        var checked: Checked?
        do {
            checked = try check(bundle, staging: staging, store: store, signer: signer, verdict: &verdict)
        } catch let error as ExhibitError where error.category != .environment {
            // Whatever the bundle's content makes fail (a malformed policy, certificate or file inside) is a
            // failed check, not bad usage; only the machine's own problems (disk, permissions) stop the command.
            let name = BundleVerdict.checkNames[min(verdict.checks.count, BundleVerdict.checkNames.count - 1)]
            verdict.fail(name, error.message)
        }
        if verdict.bundleSHA256.isEmpty { verdict.bundleSHA256 = try ObjectHasher.sha256(path: bundle).sha256 }

        if let checked, verdict.passed {
            if options.importItems {
                let imported = try importItems(checked, store: store, signer: signer, actor: actor, verdict: verdict)
                verdict.imported = imported.refs
                verdict.entries = imported.entries
            }
            if let report = options.report {
                try FileSystem.writeAtomically(
                    Array(BundleReport.html(verdict, checked: checked).utf8), to: report, mode: 0o644, replace: false)
                verdict.report = report
            }
        }
        if let path = options.receipt {
            let receipt = Receipt(
                bundleID: verdict.bundleID, bundleSHA256: verdict.bundleSHA256, receivedAt: Timestamp.now(),
                receiver: .init(name: store.info.agency, fingerprint: store.certificate.fingerprint, id: nil),
                sender: verdict.sender,
                accepted: verdict.passed, checks: verdict.checks)
            try FileSystem.writeAtomically(try receipt.signed(by: signer), to: path, mode: 0o644, replace: false)
            verdict.receipt = path
        }
        return verdict
    }

    /// Everything the checks established, for import and the report.
    struct Checked {
        var root: String
        var partner: PartnerRow
        var manifest: BundleManifest
        var custody: CustodyExtract.Checked
        var policyText: String
        var entries: [SafeTarExtractor.Entry]
    }

    private static func check(
        _ bundle: String, staging: String, store: CaseStore, signer: LedgerSigner, verdict: inout BundleVerdict
    ) throws -> Checked {
        // 1. The outer archive, extracted safely; it may hold only the outer bag's files.
        let outerFolder = "\(staging)/outer"
        try FileSystem.makeDirectory(outerFolder)
        var size = stat()
        stat(bundle, &size)
        // A tar is whole 512-byte records: anything else was cut short (or had bytes added).
        guard size.st_size > 0, size.st_size % 512 == 0 else {
            throw ExhibitError.verificationFailed(
                "\((bundle as NSString).lastPathComponent) is truncated: \(size.st_size) bytes is not a whole number of tar records"
            )
        }
        let source = try HashingSource(try FileSource(bundle))
        // Only the ciphertext may be large: everything else in the outer bag is read into memory to be checked.
        var limits = SafeTarExtractor.Limits(entries: 32, bytes: Int64(size.st_size))
        limits.fileBytes = { $0.hasSuffix("/data/payload.bin") ? Int64.max : 4 << 20 }
        let (outerEntries, end) = try SafeTarExtractor.extract(
            from: source, into: outerFolder, name: (bundle as NSString).lastPathComponent, limits: limits)
        verdict.bundleSHA256 = source.finish()
        // The end marker (two zero blocks) and the padding after it must be zeros: nothing rides along unsigned.
        try requireZeros(bundle, from: end)
        let tops = Set(outerEntries.map { String($0.path.split(separator: "/").first ?? "") })
        guard tops.count == 1, let bundleID = tops.first, !bundleID.isEmpty else {
            throw ExhibitError.verificationFailed("the bundle must hold exactly one bag folder")
        }
        let outerBag = outerEntries.filter { $0.path != bundleID }.map { entry -> SafeTarExtractor.Entry in
            var relative = entry
            relative.path = String(entry.path.dropFirst(bundleID.count + 1))
            return relative
        }
        for entry in outerBag where !entry.isDirectory && !outerFiles.contains(entry.path) {
            throw ExhibitError.verificationFailed("the outer bag holds an unexpected file \(entry.path)")
        }
        verdict.bundleID = bundleID
        verdict.pass("outer archive", "\(outerBag.count) entries, regular files and folders only")
        let outerRoot = "\(outerFolder)/\(bundleID)"

        // 2. Who signed it: a registered partner, pinned or CA-checked, certificate valid and not revoked.
        let tagManifest = try read("\(outerRoot)/tagmanifest-sha256.txt", "outer tagmanifest-sha256.txt")
        let signature = try read("\(outerRoot)/tagmanifest-sha256.txt.p7s", "outer tagmanifest-sha256.txt.p7s")
        let partners = try Partners.all(store)
        let (partner, sender) = try Partners.verifySignature(
            signature, among: partners, source: "outer tagmanifest-sha256.txt.p7s"
        ) {
            try CMSSignature.verify(
                signature, content: .bytes(tagManifest), trust: $0, source: "outer tagmanifest-sha256.txt.p7s")
        }
        let trust = try Partners.trust(for: partner, at: Date())
        verdict.sender = .init(name: partner.name, fingerprint: sender.fingerprint, id: partner.id)
        verdict.pass("sender signature (outer)", "signed by \(partner.name) (\(partner.id)), \(sender.subject)")

        // 3. The outer bag's manifests: the ciphertext and envelope are what was signed.
        _ = try BagIt.validate(
            root: outerRoot, entries: outerBag, name: "outer bag",
            allowedUnlisted: ["tagmanifest-sha256.txt.p7s", "tagmanifest-sha256.txt.p7s.tsr"])
        verdict.pass("outer manifests", "payload.bin and envelope.cms.der match the signed manifests")

        // 4–5. Decrypt into staging while extracting safely; then drain and check the tag before anything is used.
        let innerFolder = "\(staging)/inner"
        try FileSystem.makeDirectory(innerFolder)
        let payloadSize = outerBag.first { $0.path == "data/payload.bin" }?.size ?? 0
        let reader = try EnvelopeReader(
            envelope: try read("\(outerRoot)/data/envelope.cms.der", "envelope"), payloadPath: "\(outerRoot)/data/payload.bin",
            key: signer.key, certificate: signer.certificate)
        var extraction: Result<[SafeTarExtractor.Entry], any Error>
        do {
            extraction = .success(
                try SafeTarExtractor.extract(
                    from: reader, into: innerFolder, name: "inner archive", limits: .init(bytes: payloadSize)
                ).entries)
        } catch {
            extraction = .failure(error)
        }
        try reader.finish()
        verdict.pass("decryption and GCM tag", "AES-256-GCM tag verified after the whole ciphertext was read")
        let innerEntries = try extraction.get()
        verdict.pass("safe extraction", "\(innerEntries.count) entries, regular files and folders only, no links or escapes")

        // 6. The inner bag's signature, by the same sender.
        guard Set(innerEntries.map { String($0.path.split(separator: "/").first ?? "") }) == [bundleID] else {
            throw ExhibitError.verificationFailed("the inner archive must hold exactly the bag \(bundleID)")
        }
        let innerBag = innerEntries.filter { $0.path != bundleID }.map { entry -> SafeTarExtractor.Entry in
            var relative = entry
            relative.path = String(entry.path.dropFirst(bundleID.count + 1))
            return relative
        }
        let root = "\(innerFolder)/\(bundleID)"
        let innerSignature = try read("\(root)/tagmanifest-sha256.txt.p7s", "inner signature")
        let innerManifest = try read("\(root)/tagmanifest-sha256.txt", "inner tag manifest")
        let (author, innerSigner) = try Partners.verifySignature(
            innerSignature, among: partners, source: "inner tagmanifest-sha256.txt.p7s"
        ) {
            try CMSSignature.verify(
                innerSignature, content: .bytes(innerManifest), trust: $0, source: "inner tagmanifest-sha256.txt.p7s")
        }
        verdict.pass("sender signature (inner)", "the evidence bag is signed by \(author.name) (\(innerSigner.subject))")

        // 7. The inner manifests, and the item manifest against them.
        let info = try BagIt.validate(
            root: root, entries: innerBag, name: "inner bag", allowedUnlisted: ["tagmanifest-sha256.txt.p7s"])
        let manifest: BundleManifest
        do {
            manifest = try JSONDecoder().decode(
                BundleManifest.self, from: Data(try read("\(root)/exhibit/manifest.json", "manifest")))
        } catch let error as ExhibitError {
            throw error
        } catch {
            throw ExhibitError.verificationFailed("exhibit/manifest.json is malformed")
        }
        let payloadHashes = Dictionary(
            uniqueKeysWithValues: innerBag.compactMap { entry in entry.sha256.map { (entry.path, $0) } })
        for item in manifest.items {
            guard let file = item.file else { continue }
            guard file.hasPrefix("data/"), payloadHashes[file] == item.sha256 else {
                throw ExhibitError.verificationFailed(
                    "exhibit/manifest.json lists \(file) for \(item.ref) but the bag does not hold it as listed")
            }
        }
        verdict.items = manifest.items
        verdict.purpose = manifest.purpose
        verdict.policy = manifest.policy
        verdict.pass(
            "inner manifests", "\(manifest.items.count) items; every file matches manifest-sha256.txt and the item manifest")

        // 8. Addressed to us (a bundle re-encrypted to us by a third party names someone else inside).
        guard info["Exhibit-Recipient-Certificate"] == store.certificate.fingerprint,
            manifest.recipient.fingerprint == store.certificate.fingerprint
        else {
            throw ExhibitError.verificationFailed(
                "the bundle was made for \(info["Exhibit-Recipient-Organization"] ?? "someone else") (certificate \(info["Exhibit-Recipient-Certificate"]?.prefix(16) ?? "?")…), not for \(store.info.agency): it was re-encrypted by a third party"
            )
        }
        guard info["External-Identifier"] == bundleID, manifest.bundleID == bundleID,
            manifest.sender.fingerprint == innerSigner.fingerprint
        else { throw ExhibitError.verificationFailed("the inner bag names another bundle or author than the one that signed it") }
        guard innerSigner.fingerprint == sender.fingerprint else {
            throw ExhibitError.verificationFailed(
                "the evidence bag was made by \(author.name) but the bundle was sent by \(partner.name): it was re-packed by a third party"
            )
        }
        verdict.pass(
            "recipient",
            "addressed to \(store.info.agency) (\(Certificate.display(fingerprint: store.certificate.fingerprint).prefix(23))…)")

        // 9. Continuity: the custody extract's checkpoint, entry hashes and inclusion proofs.
        let custody = try CustodyExtract.check(
            try read("\(root)/exhibit/custody.jsonl", "custody extract"), signer: trust, signerFingerprint: sender.fingerprint)
        let withheld = custody.entries.filter { $0.entry == nil }.count
        // With every entry's text present, every item must be accounted for by the registrations and redactions.
        if manifest.custody == .full, withheld == 0 {
            let registered = Set(
                custody.entries.compactMap(\.entry).flatMap { entry in
                    (entry.details?.exhibit?.files.map(\.sha256) ?? [])
                        + (entry.details?.redaction?.items.compactMap(\.derived?.sha256) ?? [])
                })
            for item in manifest.items {
                guard registered.contains(item.sourceSHA256), item.sha256.map(registered.contains) ?? true else {
                    throw ExhibitError.verificationFailed(
                        "the custody extract does not account for \(item.ref) (\(item.sourceSHA256.prefix(16))…)")
                }
            }
        }
        verdict.pass(
            "custody extract",
            "\(custody.entries.count) entries proven in the sender's ledger of \(custody.checkpoint.size) (checkpoint signed \(custody.checkpoint.time))"
        )

        // 10. The policy travelled with the hash the bag declares.
        let policyBytes = try read("\(root)/exhibit/policy.yaml", "policy")
        let policyHash = Hex.encode(MessageDigest.sha256(policyBytes))
        guard policyHash == info["Exhibit-Policy-SHA256"], policyHash == manifest.policy.sha256 else {
            throw ExhibitError.verificationFailed("exhibit/policy.yaml does not have the SHA-256 the bag declares")
        }
        let policyText = String(decoding: policyBytes, as: UTF8.self)
        let policy = try PolicyLoader.parse(policyText, source: "exhibit/policy.yaml")
        guard policy.id == manifest.policy.id, policy.version == manifest.policy.version else {
            throw ExhibitError.verificationFailed(
                "exhibit/policy.yaml is \(policy.id) \(policy.version), not the policy the manifest names")
        }
        verdict.pass("policy", "\(policy.id) \(policy.version), sha256 \(policyHash.prefix(16))… as declared")
        return Checked(
            root: root, partner: partner, manifest: manifest, custody: custody, policyText: policyText, entries: innerBag)
    }

    private static func requireZeros(_ path: String, from offset: Int64) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw FileSystem.error(path, "cannot open") }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            guard chunk.allSatisfy({ $0 == 0 }) else {
                throw ExhibitError.verificationFailed(
                    "\((path as NSString).lastPathComponent) has data after its end-of-archive marker")
            }
        }
    }

    private static func read(_ path: String, _ name: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExhibitError.verificationFailed("\(name) is missing")
        }
        return Array(data)
    }

    /// Registers each received exhibit (as `PARTNER:REF`) with its files, each a `received` entry.
    private static func importItems(
        _ checked: Checked, store: CaseStore, signer: LedgerSigner, actor: Actor, verdict: BundleVerdict
    ) throws -> (refs: [String], entries: [Int]) {
        let travelling = checked.manifest.items.filter { $0.file != nil }
        let scanned = try IntakeScanner.scan(
            travelling.compactMap { $0.file.map { "\(checked.root)/\($0)" } }, storeDirectory: store.directory)
        let staged = try FileIntake.stage(scanned.files, objects: store.objects, progress: nil)
        defer { for file in staged { unlink(file.stagingPath) } }
        try FileSystem.syncFileSystem(containing: store.objects.staging)
        for (item, file) in zip(travelling, staged) where item.sha256 != file.digests.sha256 {
            throw ExhibitError.verificationFailed("\(item.file ?? "") changed after it was checked")
        }
        var grouped: [(ref: String, items: [(BundleManifest.Item, StagedFile)])] = []
        for (item, file) in zip(travelling, staged) {
            if let index = grouped.firstIndex(where: { $0.ref == item.ref }) {
                grouped[index].items.append((item, file))
            } else {
                grouped.append((item.ref, [(item, file)]))
            }
        }
        let existing = try store.read { db in try Set(String.fetchAll(db, sql: "SELECT ref FROM exhibit")) }
        for group in grouped where existing.contains("\(checked.partner.id):\(group.ref)") {
            throw ExhibitError.badInput(
                "\(checked.partner.id):\(group.ref) is already an exhibit of this case (bundle received before?)")
        }
        _ = try store.admit(staged)
        let sender = checked.manifest.sender
        let entries = try store.commit(signer: signer) { _, ledger in
            try PendingObjectRow.deleteAll(ledger.db)
            for group in grouped {
                let ref = "\(checked.partner.id):\(group.ref)"
                let first = group.items[0].0
                let files = group.items.map { item, file in
                    FileRecord(
                        name: ((item.file ?? "") as NSString).lastPathComponent,
                        path: String((item.file ?? "").dropFirst("data/".count)),
                        source: "bundle \(checked.manifest.bundleID)", digests: file.digests,
                        modified: checked.manifest.createdAt,
                        mime: item.mediaType ?? file.mime, alsoIn: nil)
                }
                let exhibit = ExhibitDetails(
                    ref: ref, description: first.description ?? "received from \(sender.name)", category: first.category,
                    seizedBy: sender.name, seizedFrom: "bundle \(checked.manifest.bundleID) from \(sender.name)",
                    seizedAt: checked.manifest.createdAt,
                    note: nil, files: files, refused: [])
                let origin = ReceivedFrom(
                    bundleID: checked.manifest.bundleID, bundleSHA256: verdict.bundleSHA256, sender: sender.name,
                    senderFingerprint: sender.fingerprint, senderRef: group.ref,
                    policy: PolicyReference(
                        id: checked.manifest.policy.id, version: checked.manifest.policy.version,
                        sha256: checked.manifest.policy.sha256))
                try ledger.append(
                    LedgerEntry(
                        caseID: store.info.id, action: .received, actor: actor, exhibits: [ref],
                        objects: files.map { $0.sha256 }.sorted(),
                        reason: checked.manifest.purpose, details: EntryDetails(exhibit: exhibit, receivedFrom: origin)))
            }
        }
        return (grouped.map { "\(checked.partner.id):\($0.ref)" }, entries.map(\.sequence))
    }
}
