import ExhibitCore
import Foundation
import GRDB

/// `exhibit receive`: checks a bundle in the receiving agency's own store, in the order docs/bundle-format.md
/// sets, releasing nothing unauthenticated (`BundleChecker`), then, on request, imports the items, writes an
/// HTML report and a signed receipt. Import, report and receipt happen together or not at all: the entries are
/// committed first and the two files appear at their names only then. A rejected bundle records nothing; the
/// report (if asked for) then says what failed, and no receipt is signed. Staging is always deleted.
public enum ReceiveBundle {
    /// What to do besides checking.
    public struct Options: Sendable {
        public var importItems: Bool
        public var report: String?
        public var receipt: String?
        /// With `importItems`: a new folder for copies of the imported files under their names (`ExtractExhibits`).
        public var out: String?
        /// Called with bytes done and bytes in all while the copies for `out` are written.
        public var progress: (@Sendable (Int64, Int64) -> Void)?
        /// Called with each check as it completes (passed or failed).
        public var onCheck: (@Sendable (BundleVerdict.Check) -> Void)?
        /// Whether the verdict lists every item of the manifest (`BundleVerdict.items`); without, they are never
        /// held together.
        public var listItems: Bool

        /// Creates options.
        public init(
            importItems: Bool, report: String?, receipt: String?, out: String? = nil,
            progress: (@Sendable (Int64, Int64) -> Void)? = nil, onCheck: (@Sendable (BundleVerdict.Check) -> Void)? = nil,
            listItems: Bool = true
        ) {
            self.listItems = listItems
            self.importItems = importItems
            self.report = report
            self.receipt = receipt
            self.out = out
            self.progress = progress
            self.onCheck = onCheck
        }
    }

    /// Checks (and optionally imports) a bundle.
    /// - Returns: the verdict; `passed` is false when any check failed.
    /// - Throws: `.badInput` when the bundle is missing or not a regular file, or an output path is refused;
    ///   `.environment` when the store cannot be written.
    public static func run(_ store: CaseStore, bundle: String, options: Options, signer: LedgerSigner, actor: Actor) throws
        -> BundleVerdict
    {
        try FileSystem.requireRegularFile(bundle, what: "bundle")
        let reportPath = try options.report.map { try OutputPath.file($0, flag: "--report", storeDirectory: store.directory) }
        let receiptPath = try options.receipt.map {
            try OutputPath.file($0, flag: "--receipt", storeDirectory: store.directory)
        }
        if let reportPath, reportPath == receiptPath {
            throw ExhibitError.badInput("--report and --receipt name the same file")
        }
        let outPath = try options.out.map { out -> String in
            guard options.importItems else { throw ExhibitError.badInput("--out goes with --import") }
            return try OutputPath.folder(out, flag: "--out", storeDirectory: store.directory)
        }
        if let outPath, outPath == reportPath || outPath == receiptPath {
            throw ExhibitError.badInput("--out names the same path as --report or --receipt")
        }
        return try store.write(signer: signer) { writer in
            let staging = try writer.makeWorkFolder("receive")
            var verdict = BundleVerdict(bundleSHA256: "")
            verdict.observer = CheckObserver(options.onCheck)
            var checked: BundleChecker.Checked?
            do {
                checked = try BundleChecker.check(
                    bundle, staging: staging, store: store, key: signer, verdict: &verdict, listItems: options.listItems)
            } catch let error as ExhibitError where error.category != .environment {
                // Whatever the bundle's content makes fail (a malformed policy, certificate or file inside) is a
                // failed check, not bad usage; only the machine's own problems (disk, permissions) stop the command.
                verdict.fail(verdict.next, error.message)
            }
            if verdict.bundleSHA256.isEmpty { verdict.bundleSHA256 = try ObjectHasher.sha256(path: bundle).sha256 }

            guard let checked, verdict.passed else {
                if let reportPath {
                    let report = try writer.prepareOutput(reportPath, kind: .file, recorded: false)
                    try writer.write(Array(BundleReport.rejected(verdict).utf8), to: report)
                    verdict.report = reportPath
                }
                return verdict
            }
            var drafts: [LedgerEntry] = []
            var imported: Imported?
            if options.importItems {
                let staged = try stageImport(
                    checked, writer: writer, actor: actor, verdict: verdict, withSources: outPath != nil)
                imported = staged
                verdict.imported = staged.refs
                if let outPath {
                    // Copies under their names for the people who open them; recorded as taken out of the store.
                    // Content on a known-image hash list is never copied out (exhibit extract --override can).
                    try ExtractExhibits.requireNoneListed(staged.sources, lists: writer.read { try HashListMatches.load($0) })
                    let folder = try writer.prepareOutput(outPath, kind: .folder)
                    let files = try ExtractExhibits.write(staged.sources, into: folder.temporary, progress: options.progress)
                    drafts.append(
                        ExtractExhibits.entry(
                            caseID: store.info.id, refs: staged.refs, files: files, destination: outPath, command: "receive",
                            reason: checked.manifest.purpose, actor: actor))
                    verdict.extracted = outPath
                }
            }
            // Importing or answering with a receipt witnesses the sender's checkpoint (issue 14).
            if options.importItems || receiptPath != nil,
                let witness = try Witnessing.entry(root: checked.root, checked: checked, store: store, actor: actor)
            {
                drafts.append(witness)
            }
            // The report and receipt of an import appear only once the import is recorded.
            let recorded = !(imported?.registrations.isEmpty ?? true) || !drafts.isEmpty
            if let reportPath {
                let report = try writer.prepareOutput(reportPath, kind: .file, recorded: recorded)
                // The report lists every item, so it is made with them all.
                var listed = checked.manifest
                listed.items = try checked.items.all()
                let screened = try HashListScreen.forReport(listed, payload: checked.payloadFile, store: store)
                // Imported files were moved into the object store: previews are made from there.
                let imported = options.importItems
                let root = checked.root
                try writer.write(
                    Array(
                        BundleReport.html(
                            verdict, manifest: screened.manifest, custody: checked.custody, contentRoot: root,
                            hidden: screened.hidden,
                            content: { item in
                                guard imported, let sha256 = item.sha256 else { return Path.join(root, item.file ?? "") }
                                return store.objects.path(sha256)
                            }
                        ).utf8), to: report)
                verdict.report = reportPath
            }
            if let receiptPath {
                var receipt = Receipt(
                    bundleID: verdict.bundleID, bundleSHA256: verdict.bundleSHA256, receivedAt: Timestamp.now(),
                    receiver: .init(name: store.info.agency, fingerprint: store.certificate.fingerprint, id: nil),
                    sender: verdict.sender, accepted: true, checks: verdict.checks)
                receipt.cosignature = try Witnessing.cosign(checked.custody, signer: signer)
                // Independent time over the cosignature, when this store names a time-stamp authority.
                if let cosignature = receipt.cosignature, let signature = Data(base64Encoded: cosignature.signature),
                    let stamp = try Timestamping.prepare(writer, signature: Array(signature))
                {
                    receipt.cosignature?.timestamp = stamp.outcome.token.map { Data($0.der).base64EncodedString() }
                    receipt.cosignature?.timestampAuthority = stamp.outcome.token == nil ? nil : stamp.authorityPEM
                    verdict.receiptTimestampWarning = stamp.outcome.failure
                }
                let output = try writer.prepareOutput(receiptPath, kind: .file, recorded: recorded)
                try writer.write(try receipt.signed(by: signer), to: output)
                verdict.receipt = receiptPath
            }
            if recorded {
                // The registrations a part at a time, not held (their numbers are kept instead), each part's files
                // screened against the known-image lists as it is appended, as `add` screens them.
                var registrations: [Int] = []
                let appended = try writer.commit { ledger in
                    var screen = try HashListScan.IntakeScreen(ledger)
                    try imported?.forEachEntry { entry in
                        let stored = try ledger.append(entry, keep: false)
                        registrations.append(stored.sequence)
                        try screen.check(HashListScan.registeredFiles([stored]))
                    }
                    for draft in drafts { try ledger.append(draft) }
                    try screen.check(HashListScan.registeredFiles(ledger.appended))
                    try screen.record(ledger, actor: actor)
                }
                verdict.entries = registrations + appended.map(\.sequence)
            }
            return verdict
        }
    }

    /// Files adopted and moved into the object store at a time: what is held per file stays bounded by a part.
    static let admissionPart = 1000

    /// The exhibits an import admitted, whose `received` entries are made when they are committed.
    struct Imported {
        /// The new exhibits' refs (`PARTNER:REF`).
        var refs: [String]
        /// With `--out`: the imported files as sources for the copy out.
        var sources: [ExtractExhibits.Source]
        /// Each exhibit's `received` entry without its files, the number of its files and their records by range.
        fileprivate var registrations: [(entry: LedgerEntry, fileCount: Int, files: (Range<Int>) throws -> [FileRecord])]

        /// Makes each exhibit's entries a part at a time (`RegistrationEntries.forEachPart`), in order.
        func forEachEntry(_ body: (LedgerEntry) throws -> Void) throws {
            for registration in registrations {
                try RegistrationEntries.forEachPart(
                    of: registration.entry, fileCount: registration.fileCount, files: registration.files, body)
            }
        }
    }

    /// Stages and admits every item that travels, and prepares one `received` registration per exhibit (as
    /// `PARTNER:REF`).
    /// - Parameters:
    ///   - checked: what the checks established.
    ///   - writer: the receiving store's writer.
    ///   - actor: who receives.
    ///   - verdict: the checks' verdict (the bundle's hash).
    ///   - withSources: whether to return the imported files as sources for a copy out (`--out`).
    /// - Returns: the new exhibits, their registrations and the sources when asked for.
    /// - Throws: `.verificationFailed` when a file is not as it was checked, `.badInput` for an exhibit received
    ///   before, `.environment` when the store refuses.
    private static func stageImport(
        _ checked: BundleChecker.Checked, writer: StoreWriter, actor: Actor, verdict: BundleVerdict, withSources: Bool
    ) throws -> Imported {
        let store = writer.store
        let items = checked.items
        // The exhibits whose items travel, in the order their first item comes.
        let order = items.travellingRefs
        let existing = try writer.read { db in try Set(String.fetchAll(db, sql: "SELECT ref FROM exhibit")) }
        for ref in order where existing.contains("\(checked.partner.id):\(ref)") {
            throw ExhibitError.badInput(
                "\(checked.partner.id):\(ref) is already an exhibit of this case (bundle received before?)")
        }
        // The checked bag was extracted into this command's work folder, each payload file hashed as it was written:
        // the files are moved into the object store as they are, not read or copied again, a part at a time (read back
        // from the scratch database with the bag's digests), and flushed once at the end.
        var few: [String] = []
        var admitted = 0
        for ref in order {
            let count = items.travellingCount(ref)
            for start in stride(from: 0, to: count, by: admissionPart) {
                let part = try items.travelling(ref, start..<min(start + admissionPart, count))
                _ = try writer.admit(
                    extracted: part.map { file in
                        FileIntake.Extracted(
                            path: Path.join(checked.root, file.item.file ?? ""), digests: file.digests,
                            mediaType: file.mediaType ?? "application/octet-stream")
                    })
                admitted += part.count
                if admitted <= 8 { few += part.map(\.digests.sha256) }
            }
        }
        try writer.syncObjects(admitted > 8 ? nil : few)
        let manifest = checked.manifest
        let sender = manifest.sender
        let source = "bundle \(manifest.bundleID)"
        let registrations = try order.map { senderRef in
            let ref = "\(checked.partner.id):\(senderRef)"
            let first = try items.travelling(senderRef, 0..<1).first?.item
            let exhibit = ExhibitDetails(
                ref: ref, description: first?.description ?? "received from \(sender.name)", category: first?.category,
                seizedBy: sender.name, seizedFrom: "bundle \(manifest.bundleID) from \(sender.name)",
                seizedAt: manifest.createdAt, note: nil, files: [], refused: [])
            let origin = ReceivedFrom(
                bundleID: manifest.bundleID, bundleSHA256: verdict.bundleSHA256, sender: sender.name,
                senderFingerprint: sender.fingerprint, senderRef: senderRef,
                policy: PolicyReference(id: manifest.policy.id, version: manifest.policy.version, sha256: manifest.policy.sha256))
            let entry = LedgerEntry(
                caseID: store.info.id, action: .received, actor: actor, exhibits: [ref], objects: [],
                reason: manifest.purpose, details: EntryDetails(exhibit: exhibit, receivedFrom: origin))
            // The file records of a part, made from the scratch database as it is committed.
            let files = { (range: Range<Int>) throws -> [FileRecord] in
                try items.travelling(senderRef, range).map { file in
                    let path = file.item.file ?? ""
                    return FileRecord(
                        name: Path.name(path), path: String(path.dropFirst("data/".count)), source: source,
                        digests: file.digests, modified: manifest.createdAt,
                        mime: file.item.mediaType ?? file.mediaType ?? "application/octet-stream", alsoIn: nil)
                }
            }
            return (entry: entry, fileCount: items.travellingCount(senderRef), files: files)
        }
        var sources: [ExtractExhibits.Source] = []
        if withSources {
            for senderRef in order {
                let files = try items.travelling(senderRef, 0..<items.travellingCount(senderRef))
                sources += files.map { file in
                    ExtractExhibits.Source(
                        ref: "\(checked.partner.id):\(senderRef)",
                        recorded: String((file.item.file ?? "").dropFirst("data/".count)), digests: file.digests,
                        content: store.objects.path(file.digests.sha256))
                }
            }
        }
        return Imported(refs: order.map { "\(checked.partner.id):\($0)" }, sources: sources, registrations: registrations)
    }
}
