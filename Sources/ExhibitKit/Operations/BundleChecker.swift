import ExhibitCore
import Foundation

/// The receiver's checks of a bundle (`BundleCheck`), in order, stopping at the first failure: nothing reaches the
/// tar parser that is not authenticated, and nothing is used before every check has passed.
enum BundleChecker {
    /// The outer bag's files: nothing else may be in it.
    static let outerFiles: Set<String> = [
        "bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.p7s",
        "tagmanifest-sha256.txt.p7s.tsr", "data/envelope.cms.der", "data/payload.bin",
    ]

    /// Everything the checks established, for import and the report.
    struct Checked {
        /// The inner bag's folder in staging.
        var root: String
        var partner: PartnerRow
        var manifest: BundleManifest
        var custody: CustodyExtract.Checked
        var policyText: String
        /// The inner bag's entries, relative to `root`; the payload's files with all three digests.
        var files: ReceivedFiles
        /// The manifest's items (`manifest` holds none).
        var items: ReceivedItems

        /// The payload file at `path` in the bag (`data/…`), with its digests and media type, if the bag holds one.
        func payloadFile(_ path: String) throws -> SafeTarExtractor.Entry? {
            guard let entry = try files.file(path), entry.digests != nil else { return nil }
            return entry
        }
    }

    /// Runs every check, recording each that passes in `verdict`.
    /// - Parameters:
    ///   - bundle: the bundle file (a regular file).
    ///   - staging: a private, empty work folder.
    ///   - store: the receiving store (its partners and certificate).
    ///   - key: our agency key, to decrypt.
    ///   - verdict: receives each passed check, the bundle's hash, id and sender.
    ///   - listItems: whether `verdict` receives every item too (otherwise they stay in `Checked.items`).
    /// - Returns: what the checks established.
    /// - Throws: the first failed check's error (`.verificationFailed` for the bundle's faults).
    static func check(
        _ bundle: String, staging: String, store: CaseStore, key: LedgerSigner, verdict: inout BundleVerdict,
        listItems: Bool = true
    ) throws -> Checked {
        // 1. The outer archive, extracted safely; it may hold only the outer bag's files.
        let outerFolder = Path.join(staging, "outer")
        try FileSystem.makeDirectory(outerFolder)
        let size = try FileSystem.size(of: bundle)
        // A tar is whole 512-byte records: anything else was cut short (or had bytes added).
        guard size > 0, size % 512 == 0 else {
            throw ExhibitError.verificationFailed(
                "\(Path.name(bundle)) is truncated: \(size) bytes is not a whole number of tar records")
        }
        let source = try HashingSource(try FileSource(bundle, sequential: true))
        // Only the ciphertext may be large: everything else in the outer bag is read into memory to be checked.
        var limits = SafeTarExtractor.Limits(entries: 32, bytes: size)
        limits.fileBytes = { $0.hasSuffix("/data/payload.bin") ? Int64.max : 4 << 20 }
        // The ciphertext is hashed but not copied out: it is decrypted where it is, inside the bundle.
        let outerBag = ExtractedEntryList()
        _ = try SafeTarExtractor.extract(
            from: source, into: outerFolder, name: Path.name(bundle), limits: limits,
            leaveInPlace: { $0.hasSuffix("/data/payload.bin") }, recordingIn: outerBag)
        verdict.bundleSHA256 = source.finish()
        let outerEntries = outerBag.entries
        let bundleID = try outerBag.enterBag(name: "the bundle")
        let payloadOffset = try OuterArchiveForm.check(
            bundle: bundle, entries: outerEntries, bagName: bundleID, folder: outerFolder)
        for entry in outerBag.entries where !entry.isDirectory && !outerFiles.contains(entry.path) {
            throw ExhibitError.verificationFailed("the outer bag holds an unexpected file \(entry.path)")
        }
        verdict.bundleID = bundleID
        verdict.pass(.outerArchive, "\(outerBag.count) entries, regular files and folders only")
        let outerRoot = Path.join(outerFolder, bundleID)

        // 2. Who signed it: a registered partner, pinned or CA-checked, certificate valid and not revoked.
        let partners = try Partners.all(store)
        let (partner, sender) = try verifyBagSignature(root: outerRoot, label: "outer", partners: partners)
        let trust = try Partners.trust(for: partner, at: Date())
        verdict.sender = .init(name: partner.name, fingerprint: sender.fingerprint, id: partner.id)
        verdict.pass(.outerSignature, "signed by \(partner.name) (\(partner.id)), \(sender.subject)")

        // 3. The outer bag's manifests: the ciphertext and envelope are what was signed.
        let outerInfo = try BagIt.validate(
            root: outerRoot, entries: outerBag, name: "outer bag",
            allowedUnlisted: ["tagmanifest-sha256.txt.p7s", "tagmanifest-sha256.txt.p7s.tsr"], inner: false)
        let payloadSize = outerBag.entries.first { $0.path == "data/payload.bin" }?.size ?? 0
        // The inner archive's limits follow the signed declaration, checked before anything is decrypted.
        let innerLimits = try InnerArchiveLimits.limits(outerInfo.innerArchive, ciphertextBytes: payloadSize)
        verdict.pass(.outerManifests, "payload.bin and envelope.cms.der match the signed manifests")

        // 4–5. Decrypt into staging while extracting safely; then drain and check the tag before anything is used.
        let innerFolder = Path.join(staging, "inner")
        try FileSystem.makeDirectory(innerFolder)
        // The ciphertext is read from the bundle at the offset its exact form puts it: whatever is read there is what
        // the GCM tag (under the key in the signed envelope) authenticates, so bytes changed since the first pass fail.
        guard let payloadOffset else { throw ExhibitError.verificationFailed("the bundle holds no data/payload.bin") }
        let reader = try EnvelopeReader(
            envelope: try read(Path.join(outerRoot, "data/envelope.cms.der"), "envelope"),
            payload: try FileRegionSource(bundle, range: payloadOffset..<(payloadOffset + payloadSize)), key: key.key,
            certificate: key.certificate)
        // The entries are recorded in a scratch database beside the folder, not held: a bag may hold millions.
        let innerBag = try ReceivedFiles(folder: staging)
        var extractionFailure: (any Error)?
        do {
            // The payload's files get all three digests as they are written: an import takes them as they are.
            _ = try SafeTarExtractor.extract(
                from: reader, into: innerFolder, name: "inner archive", limits: innerLimits, digestInFull: isPayload,
                recordingIn: innerBag)
        } catch {
            extractionFailure = error
        }
        try reader.finish()
        verdict.pass(.decryption, "AES-256-GCM tag verified after the whole ciphertext was read")
        if let extractionFailure { throw extractionFailure }
        try InnerArchiveLimits.requireDeclaredCount(outerInfo.innerArchive, extracted: innerBag.count)
        verdict.pass(.safeExtraction, "\(innerBag.count) entries, regular files and folders only, no links or escapes")

        // 6. The inner bag's signature, by the same sender.
        let innerID = try innerBag.enterBag(name: "the inner archive")
        guard innerID == bundleID else {
            throw ExhibitError.verificationFailed("the inner archive must hold exactly the bag \(bundleID)")
        }
        let root = Path.join(innerFolder, bundleID)
        let (author, innerSigner) = try verifyBagSignature(root: root, label: "inner", partners: partners)
        verdict.pass(.innerSignature, "the evidence bag is signed by \(author.name) (\(innerSigner.subject))")

        // 7. The inner manifests, and the item manifest against them.
        let info = try BagIt.validate(
            root: root, entries: innerBag, name: "inner bag", allowedUnlisted: ["tagmanifest-sha256.txt.p7s"], inner: true)
        let manifestPath = Path.join(root, "exhibit/manifest.json")
        guard try innerBag.file("exhibit/manifest.json") != nil else {
            throw ExhibitError.verificationFailed("manifest is missing")
        }
        // The items a batch at a time, each matched against the bag and checked, then kept beside the bag's entries.
        let items = try ReceivedItems(files: innerBag)
        var itemCheck = ReceivedManifest.ItemCheck(partnerID: partner.id)
        let manifest = try ReceivedManifest.decode(try FileSource(manifestPath, sequential: true)) { batch in
            for item in batch { try itemCheck.check(item) }
            try items.append(batch)
        }
        // Every file an item names is a payload file of the bag with the item's hash (one join over both tables).
        if let item = try items.firstUnmatched() {
            throw ExhibitError.verificationFailed(
                "exhibit/manifest.json lists \(item.file ?? "?") for \(item.ref) but the bag does not hold it as listed")
        }
        try ReceivedManifest.checkFields(manifest)
        if listItems { verdict.items = try items.all() }
        verdict.purpose = manifest.purpose
        verdict.policy = manifest.policy
        verdict.pass(.innerManifests, "\(items.count) items; every file matches manifest-sha256.txt and the item manifest")

        // 8. Addressed to us (a bundle re-encrypted to us by a third party names someone else inside).
        let statements = info.inner
        guard let statements, statements.recipientCertificate == store.certificate.fingerprint,
            manifest.recipient.fingerprint == store.certificate.fingerprint
        else {
            throw ExhibitError.verificationFailed(
                "the bundle was made for \(statements?.recipientOrganization ?? "someone else") (certificate \(statements?.recipientCertificate.prefix(16) ?? "?")…), not for \(store.info.agency): it was re-encrypted by a third party"
            )
        }
        guard info.externalIdentifier == bundleID, manifest.bundleID == bundleID,
            manifest.sender.fingerprint == innerSigner.fingerprint
        else { throw ExhibitError.verificationFailed("the inner bag names another bundle or author than the one that signed it") }
        guard innerSigner.fingerprint == sender.fingerprint else {
            throw ExhibitError.verificationFailed(
                "the evidence bag was made by \(author.name) but the bundle was sent by \(partner.name): it was re-packed by a third party"
            )
        }
        verdict.pass(
            .recipient,
            "addressed to \(store.info.agency) (\(Certificate.display(fingerprint: store.certificate.fingerprint).prefix(23))…)")

        // 9. Continuity: the custody extract's checkpoint, entry hashes and inclusion proofs.
        // What the registrations and redactions whose text travels account for (each entry's files, read once).
        let custodyPath = Path.join(root, "exhibit/custody.jsonl")
        guard FileSystem.exists(custodyPath), !FileSystem.isDirectory(custodyPath) else {
            throw ExhibitError.verificationFailed("custody extract is missing")
        }
        // One line at a time: an entry may list a thousand files (or, from a store made before registrations were
        // split, every file of an exhibit); the extract is bounded by the inner archive's caps.
        let custodyLines = LineReader(
            try FileSource(custodyPath, sequential: true), name: "exhibit/custody.jsonl", maxLineBytes: .max)
        let custody = try CustodyExtract.check(custodyLines, signer: trust, signerFingerprint: sender.fingerprint) { entry in
            let details = entry.details
            try items.register(details?.exhibit?.files.map(\.sha256) ?? [])
            try items.register(details?.exhibitFiles?.files.map(\.sha256) ?? [])
            try items.register(details?.redaction?.items.compactMap(\.derived?.sha256) ?? [])
        }
        try requireAccounted(manifest, custody: custody, items: items)
        let witnessed = try Witnessing.check(root: root, custody: custody, partner: partner, store: store)
        // An RFC 3161 token over the checkpoint's signature, when the bundle carries one.
        let timestamp = try BundleTimestamp.check(root: root, signature: custody.signature)
        verdict.timestamp = timestamp
        verdict.pass(
            .custody,
            "\(custody.entries.count) entries proven in the sender's ledger of \(custody.checkpoint.size) (checkpoint signed \(custody.checkpoint.time)); \(witnessed)"
                + (timestamp.map { "; timestamped by \($0.authority) at \($0.time)" } ?? "")
        )

        // 10. The policy travelled with the hash the bag declares.
        let policyBytes = try read(Path.join(root, "exhibit/policy.yaml"), "policy")
        let policyHash = Hex.encode(MessageDigest.sha256(policyBytes))
        guard policyHash == statements.policySHA256, policyHash == manifest.policy.sha256 else {
            throw ExhibitError.verificationFailed("exhibit/policy.yaml does not have the SHA-256 the bag declares")
        }
        let policyText = String(decoding: policyBytes, as: UTF8.self)
        let policy = try PolicyLoader.parse(policyText, source: "exhibit/policy.yaml")
        guard policy.id == manifest.policy.id, policy.version == manifest.policy.version else {
            throw ExhibitError.verificationFailed(
                "exhibit/policy.yaml is \(policy.id) \(policy.version), not the policy the manifest names")
        }
        verdict.pass(.policy, "\(policy.id) \(policy.version), sha256 \(policyHash.prefix(16))… as declared")
        return Checked(
            root: root, partner: partner, manifest: manifest, custody: custody, policyText: policyText, files: innerBag,
            items: items)
    }

    /// True for a path in the payload of the bag an archive holds (`BAG/data/…`).
    private static func isPayload(_ path: String) -> Bool {
        guard let slash = path.firstIndex(of: "/") else { return false }
        return path[path.index(after: slash)...].hasPrefix("data/")
    }

    /// Verifies a bag's tag-manifest signature: by a registered partner, under that partner's trust.
    private static func verifyBagSignature(root: String, label: String, partners: [PartnerRow]) throws -> (
        PartnerRow, Certificate
    ) {
        let source = "\(label) tagmanifest-sha256.txt.p7s"
        let tagManifest = try read(Path.join(root, "tagmanifest-sha256.txt"), "\(label) tagmanifest-sha256.txt")
        let signature = try read(Path.join(root, "tagmanifest-sha256.txt.p7s"), source)
        return try Partners.verifySignature(signature, among: partners, source: source) {
            try CMSSignature.verify(signature, content: .bytes(tagManifest), trust: $0, source: source)
        }
    }

    /// With every entry's text present, every item must be accounted for by the registrations and redactions
    /// (`registered`: the objects they name).
    private static func requireAccounted(
        _ manifest: BundleManifest, custody: CustodyExtract.Checked, items: ReceivedItems
    ) throws {
        guard manifest.custody == .full, !custody.entries.contains(where: { $0.entry == nil }) else { return }
        if let item = try items.firstUnaccounted() {
            throw ExhibitError.verificationFailed(
                "the custody extract does not account for \(item.ref) (\(item.sourceSHA256.prefix(16))…)")
        }
    }

    /// A checked file's bytes (bounded by the extraction caps).
    private static func read(_ path: String, _ name: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExhibitError.verificationFailed("\(name) is missing")
        }
        return Array(data)
    }
}
