import ExhibitCore
import Foundation
import GRDB

/// `exhibit export`: applies a sharing policy to exhibits and builds the bundle described in
/// docs/bundle-format.md — an inner BagIt bag (redacted items, manifest, policy, redaction report, custody
/// extract; signed) streamed through AES-256-GCM AuthEnvelopedData for the partner, inside an outer signed
/// BagIt bag in a pax tar — then records, in one commit, the `redacted` entry of the redaction and the
/// `exported` entry naming the partner, policy, purpose, bundle id and the bundle file's SHA-256. The bundle
/// appears at its name only once both are recorded; a failed or interrupted export records nothing and leaves
/// nothing behind. Files stream from the object store through the cipher into the archive, and the manifest, report,
/// custody extract, payload manifest and prepared `redacted` entries are written to work files as they are made, and
/// the run's items wait in its scratch database (`RunItems`), read back a part at a time.
public enum ExportBundle {
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
        /// The RFC 3161 token over the carried checkpoint's signature, when the store names an authority and it
        /// answered; `timestampWarning` says why not, when it did not (the checkpoint then waits for one).
        public var timestamp: TimestampSummary?
        public var timestampWarning: String?
    }

    /// A token that travels: who stamped and when.
    public struct TimestampSummary: Sendable, Codable {
        public var authority: String
        public var time: String
    }

    /// The most one AES-GCM envelope may hold here (the mode's limit is about 64 GiB).
    static let largestPayload: Int64 = 60 << 30

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
    ///   - progress: called with bytes written and bytes in all while the bundle is encrypted and written.
    /// - Returns: the bundle's id, file, hash and ledger entry.
    /// - Throws: `.badInput` for an unknown partner, an unusable partner certificate, or an existing output.
    public static func run(
        _ store: CaseStore, policy: SharingPolicy, partnerID: String, refs: [String], purpose: String, output: String,
        signer: LedgerSigner, actor: Actor, progress: (@Sendable (Int64, Int64) -> Void)? = nil
    ) throws -> Result {
        let purpose = try ExhibitFields.required(purpose, flag: "--purpose")
        let destination = try OutputPath.file(output, flag: "--out", storeDirectory: store.directory)
        let partner = try Partners.find(partnerID, in: store)
        let recipient = try Partners.encryptionCertificate(partner)

        return try store.write(signer: signer) { writer in
            let now = Timestamp.now()
            let bundleID =
                "EXB-\(now.prefix(10).replacingOccurrences(of: "-", with: ""))-\(Hex.encode(try SecureRandom.bytes(6)).uppercased())"
            let work = try writer.makeWorkFolder("export")
            let payloadFolder = Path.join(work, "payload")
            try FileSystem.makeDirectory(payloadFolder)
            let run = try RedactionRun.perform(
                writer, refs: refs, policy: policy, into: payloadFolder, shareCopies: false, time: now)
            // The redaction is recorded with the export, but the custody extract already carries it (and the
            // checkpoint over it): it is prepared now and appended, byte for byte, in the commit.
            let redacted = try writer.prepare(
                run.entries(caseID: store.info.id, actor: actor, time: now), bodyFile: Path.join(work, "redacted.jsonl"))
            try run.items.requireIntact()
            // Independent time (RFC 3161): a token over that checkpoint's signature, when the store names an authority.
            let stamp = try Timestamping.prepare(writer, signature: redacted.signature)

            // What travels of the purpose is what the policy's rules leave of it.
            var scratch = RedactionTally()
            let travellingPurpose = run.text.redact(purpose, tally: &scratch)
            // The items that travel, and their payload files made from them as each pass reads them (not held).
            let payload = run.items.travelling(byPath: false).lazy.map { payloadFile($0, run: run, store: store) }
            let payloadBytes = run.items.travellingBytes
            guard payloadBytes < largestPayload else {
                throw ExhibitError.badInput(
                    "the bundle would exceed 60 GiB, more than one AES-GCM envelope may hold; export fewer exhibits at a time")
            }
            let manifest = BundleManifest(
                bundleID: bundleID, createdAt: now,
                sender: .init(name: store.info.agency, fingerprint: store.certificate.fingerprint, id: nil),
                recipient: .init(name: partner.name, fingerprint: recipient.fingerprint, id: partner.id),
                caseRef: policy.allows(.caseRef) ? store.info.caseRef : nil, purpose: travellingPurpose,
                policy: run.reportHead.policy, custody: policy.custody, items: [])
            let custody = try custodyExtract(
                writer, run: run, prepared: redacted, refs: run.items.refs, travelling: run.items.travellingRefs,
                to: Path.join(work, "custody.jsonl"))
            let innerInfo = BagInfo(
                sourceOrganization: store.info.agency, externalIdentifier: bundleID, baggingDate: String(now.prefix(10)),
                payloadOxum: BagIt.oxum(bytes: payloadBytes, files: run.items.travellingCount),
                bagSoftwareAgent: ExhibitVersion.agent,
                inner: .init(
                    senderCertificate: store.certificate.fingerprint, recipientOrganization: partner.name,
                    recipientID: partner.id, recipientCertificate: recipient.fingerprint, purpose: travellingPurpose,
                    policyID: policy.id, policyVersion: policy.version, policySHA256: policy.sha256,
                    protectiveMarking: policy.protectiveMarking, caseReference: policy.allows(.caseRef) ? store.info.caseRef : nil
                ))
            // Proofs that the ledger only grew since what the partner may have witnessed (issue 14).
            let consistency = try Witnessing.consistencyFile(writer, partner: partner.id, prepared: redacted)
            // The manifest and the redaction report list every item: written to files item by item.
            let manifestFile = try BagTagFile.written("exhibit/manifest.json", to: Path.join(work, "manifest.json")) {
                try PrettyJSONWriter.write(manifest, filling: "items", with: manifestItems(run, store: store), to: $0)
            }
            let reportFile = try BagTagFile.written("exhibit/redactions.json", to: Path.join(work, "redactions.json")) {
                try PrettyJSONWriter.write(run.reportHead, filling: "items", with: run.reportItems, to: $0)
            }
            try run.items.requireIntact()
            // The payload manifest in path order: the travelling items sorted by output path (`data/` + output).
            let payloadManifest = try BagIt.payloadManifest(
                sorted: run.items.travelling(byPath: true).lazy.map { item in
                    let file = payloadFile(item, run: run, store: store)
                    return (path: file.bagPath, sha256: file.sha256)
                }, to: Path.join(work, "manifest-sha256.txt"))
            try run.items.requireIntact()
            let innerTags = try BagIt.tagFiles(
                info: innerInfo, payloadManifest: payloadManifest,
                extra: [
                    manifestFile, BagTagFile("exhibit/policy.yaml", bytes: Array(policy.sourceText.utf8)), reportFile, custody,
                ] + (consistency.map { [BagTagFile(ConsistencyFile.path, bytes: $0)] } ?? [])
                    + (stamp?.files.map { BagTagFile($0.0, bytes: $0.1) } ?? []), sign: { try signer.sign($0) })

            let bundle = try writer.prepareOutput(destination, kind: .file)
            let written = try BundleWriter.write(
                bundleID: bundleID, innerTags: innerTags, payload: payload, recipient: recipient,
                outerInfo: { oxum in
                    BagInfo(
                        sourceOrganization: store.info.agency, externalIdentifier: bundleID,
                        baggingDate: String(now.prefix(10)), payloadOxum: oxum, bagSoftwareAgent: ExhibitVersion.agent)
                }, signer: signer, to: bundle.temporary, progress: progress)
            try run.items.requireIntact()

            let details = ExportDetails(
                bundleID: bundleID, partner: partner.id, partnerFingerprint: recipient.fingerprint,
                policy: RedactExhibits.reference(policy), purpose: purpose, bundleSHA256: written.sha256,
                bytes: written.bytes, shared: run.items.travellingCount, items: run.items.count)
            let entries = try writer.commit { ledger in
                try ledger.append(redacted, drafts: run.entries(caseID: store.info.id, actor: actor, time: now))
                try stamp?.record(ledger.db, size: redacted.checkpoint.size)
                try ledger.append(
                    LedgerEntry(
                        caseID: store.info.id, time: now, action: .exported, actor: actor,
                        exhibits: run.items.refs.sorted(), objects: travellingObjects(payload),
                        reason: purpose, details: EntryDetails(export: details)))
                // Whatever was read of the items in this commit was read whole.
                try run.items.requireIntact()
            }
            return Result(
                bundleID: bundleID, file: destination, sha256: written.sha256, bytes: written.bytes, partner: partner.id,
                policy: RedactExhibits.reference(policy), items: run.items.count, shared: run.items.travellingCount,
                entry: entries.last?.sequence ?? 0,
                timestamp: stamp?.outcome.token.map {
                    TimestampSummary(authority: $0.signer ?? stamp?.authoritySubject ?? "", time: $0.time)
                }, timestampWarning: stamp?.outcome.failure)
        }
    }

    /// The objects the `exported` entry names: those that travel, when they are at most
    /// `RegistrationEntries.filesPerEntry`; none for a larger export, whose `redacted` entries (recorded with it, a
    /// part of up to that many files each) name every item's source and derived objects. An entry naming a phone
    /// extraction's 100,000 objects would weigh 6.7 MB, read whole by every `verify`.
    static func travellingObjects(_ payload: some Sequence<BagArchive.PayloadFile>) -> [String] {
        var objects = Set<String>()
        for file in payload {
            objects.insert(file.sha256)
            if objects.count > RegistrationEntries.filesPerEntry { return [] }
        }
        return objects.sorted()
    }

    /// The payload file of an item that travels: its redacted copy from the run's folder, or the shared original
    /// from the object store.
    private static func payloadFile(_ item: RunItems.Travelling, run: RedactionRun, store: CaseStore)
        -> BagArchive.PayloadFile
    {
        BagArchive.PayloadFile(
            bagPath: "data/\(item.output)",
            source: item.derived ? Path.join(run.folder, item.output) : store.objects.path(item.sha256), size: item.size,
            sha256: item.sha256)
    }

    /// The item manifest, one item per source file, made as it is written (a phone extraction has hundreds of
    /// thousands: they are not held beside the run's own items).
    private static func manifestItems(_ run: RedactionRun, store: CaseStore) -> some Sequence<BundleManifest.Item> {
        run.items.all.lazy.map { item in
            var entry = BundleManifest.Item(
                ref: item.ref, category: item.category, description: run.reporter.description(item),
                treatment: item.treatment, sourceSHA256: item.sha256, file: nil, sha256: nil, size: nil,
                // The bundled file's own type: a HEIC photo travels as JPEG, a Word document as PDF.
                mediaType: run.reporter.mediaType(item).map { item.sharedAs ?? $0 }, reason: item.reason)
            if let output = item.output {
                entry.file = "data/\(output)"
                entry.sha256 = item.derived?.sha256 ?? item.sha256
                entry.size = item.derived?.size ?? item.size
            }
            return entry
        }
    }

    /// The custody extract for the shared exhibits: the case's opening entry and every entry naming one of them,
    /// written to `file` row by row (a phone extraction's registration runs to a hundred entries of a thousand files).
    ///
    /// Entries are hashed as recorded and cannot be redacted, so an entry's text travels only when the policy
    /// sends custody in full, every exhibit it names travels (`travelling`), and the policy's own redaction would
    /// change nothing in it; the opening entry also needs `case-ref`. Every other entry travels as its hash and
    /// inclusion proof only.
    private static func custodyExtract(
        _ writer: StoreWriter, run: RedactionRun, prepared: StoreWriter.PreparedEntries, refs: Set<String>,
        travelling: Set<String>, to file: String
    ) throws -> BagTagFile {
        let policy = run.policy
        // Whether an entry's text travels (`head` reads it, only when the policy could send it).
        func travels(seq: Int, body: String, head: () throws -> EntryHead) throws -> Bool {
            guard policy.custody == .full, seq != 1 || policy.allows(.caseRef) else { return false }
            let recorded = try head()
            guard Set(recorded.exhibits).isSubset(of: travelling) else { return false }
            // Disclosure classifications (sensitivity and its reason), consultations, extractions (which name local
            // folders) and hash-list matches never travel in full.
            if [.classified, .consulted, .extracted, .hashMatched].contains(recorded.action) { return false }
            // Whoever recorded an entry acted for an agency: a professional. When the policy keeps professionals'
            // names, the actor (name, role and id) is read as blank, not as a person nobody registered. In canonical
            // JSON the actor is one run of text; an entry where it is not found is read whole (stricter).
            var text = body
            if policy.action(for: .professional) == .keep {
                let named = "\"actor\":" + String(decoding: try JSONOutput.compact(recorded.actor), as: UTF8.self)
                let blank = Actor(name: "", agency: recorded.actor.agency)
                if let range = body.range(of: named) {
                    text.replaceSubrange(
                        range, with: "\"actor\":" + String(decoding: try JSONOutput.compact(blank), as: UTF8.self))
                }
            }
            return !run.text.findsAnything(in: text)
        }
        return try writer.read { db in
            let tree = try Self.tree(db, with: prepared)
            let proof = { (index: Int) in try tree.inclusionProof(index: index) }
            let lines = try CustodyExtract.Lines(
                checkpoint: (prepared.checkpoint.body, prepared.signature), certificatePEM: writer.store.certificate.pem)
            return try BagTagFile.written("exhibit/custody.jsonl", to: file) { write in
                try write(lines.checkpointLine)
                // The case's opening entry and every entry naming a shared exhibit (the index, not the whole ledger),
                // then the entries this export will record.
                // The entries' numbers are found and ordered first, then each entry is read by its number: ordering
                // the rows themselves made SQLite's sorter hold every one (77 MB at 500,000 files).
                let numbers = try Int.fetchCursor(
                    db,
                    sql: """
                        SELECT seq FROM ledger WHERE seq = 1
                        OR seq IN (SELECT seq FROM ledger_exhibit WHERE ref IN (SELECT value FROM json_each(?)))
                        ORDER BY seq
                        """, arguments: [try SQLList.json(refs.sorted())])
                let byNumber = try db.cachedStatement(sql: "SELECT * FROM ledger WHERE seq = ?")
                while let number = try numbers.next() {
                    guard let row = try LedgerRow.fetchOne(byNumber, arguments: [number]) else {
                        throw ExhibitError.verificationFailed("ledger entry \(number) is missing; run exhibit verify")
                    }
                    let shown = try travels(seq: row.seq, body: row.body) {
                        do {
                            return try JSONDecoder().decode(EntryHead.self, from: Data(row.body.utf8))
                        } catch {
                            throw ExhibitError.verificationFailed(
                                "ledger entry \(row.seq) cannot be read: it was altered or damaged; run exhibit verify")
                        }
                    }
                    try write(try lines.entry(seq: row.seq, hash: row.entryHash, proof: proof, body: shown ? row.body : nil))
                }
                try prepared.forEachBody { index, bytes in
                    let entry = prepared.heads[index]
                    guard !refs.isDisjoint(with: entry.exhibits) else { return }
                    let body = String(decoding: bytes, as: UTF8.self)
                    let shown = try travels(seq: entry.sequence, body: body) {
                        EntryHead(action: entry.action, exhibits: entry.exhibits, actor: entry.actor)
                    }
                    try write(
                        try lines.entry(seq: entry.sequence, hash: prepared.hashes[index], proof: proof, body: shown ? body : nil)
                    )
                }
            }
        }
    }

    /// What the custody extract reads of a recorded entry to decide whether its text travels: not its details, which
    /// may list a thousand files.
    private struct EntryHead: Decodable {
        var action: LedgerAction
        var exhibits: [String]
        var actor: Actor
    }

    /// The Merkle tree of the ledger with the prepared entries: the stored nodes, and in memory those the prepared
    /// leaves complete.
    static func tree(_ db: Database, with prepared: StoreWriter.PreparedEntries) throws -> StoredMerkleTree {
        var added: [Int: [Int: MerkleTree.Hash]] = [:]
        for (offset, hash) in prepared.hashes.enumerated() {
            guard let bytes = Hex.decode(hash), bytes.count == 32 else {
                throw ExhibitError.verificationFailed("a prepared ledger entry hash is malformed")
            }
            let nodes = try StoredMerkleTree.nodes(
                adding: MerkleTree.leafHash(bytes), at: prepared.baseSize + offset,
                node: { try added[$0]?[$1] ?? LedgerProjection.node(db, $0, $1) })
            for new in nodes { added[new.level, default: [:]][new.index] = new.hash }
        }
        let final = added
        return StoredMerkleTree(size: prepared.baseSize + prepared.hashes.count) { level, index in
            try final[level]?[index] ?? LedgerProjection.node(db, level, index)
        }
    }
}
