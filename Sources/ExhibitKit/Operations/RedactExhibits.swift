import Foundation
import GRDB

/// `exhibit redact`: previews, or produces, what a sharing policy lets travel from the chosen exhibits.
/// A produced run writes the derived files and `redactions.json` to a new folder, stores each redacted
/// file as an object linked to its source, and records a `redacted` ledger entry with the policy's id,
/// version and SHA-256 and the rules fired per file.
public enum RedactExhibits {
    /// What a run works on: the files of the chosen exhibits, their marks and the case's people.
    private struct Inputs {
        var sources: [FileRedactor.Source]
        var descriptions: [String: String]
        var marks: [MarkRow]
        var parties: [CaseParties.Party]
    }

    private static func inputs(_ store: CaseStore, refs: [String]) throws -> Inputs {
        try store.read { db in
            let all = try ExhibitRow.order(Column("registered_seq")).fetchAll(db)
            for ref in refs where !all.contains(where: { $0.ref == ref }) {
                throw ExhibitError.badInput("no exhibit \(ref) in case \(store.info.caseRef); exhibit list shows the references")
            }
            let chosen = refs.isEmpty ? all : all.filter { refs.contains($0.ref) }
            var sources: [FileRedactor.Source] = []
            for exhibit in chosen {
                let files = try ExhibitFileRow.filter(Column("exhibit_ref") == exhibit.ref).order(Column("position")).fetchAll(db)
                for file in files {
                    guard let object = try ObjectRow.fetchOne(db, key: file.sha256) else {
                        throw ExhibitError.verificationFailed(
                            "object \(file.sha256) of \(exhibit.ref) is missing; run exhibit verify")
                    }
                    sources.append(
                        FileRedactor.Source(
                            ref: exhibit.ref, file: file, object: object, category: exhibit.category,
                            path: store.objects.path(file.sha256)))
                }
            }
            return Inputs(
                sources: sources, descriptions: Dictionary(uniqueKeysWithValues: chosen.map { ($0.ref, $0.description) }),
                marks: try MarkRow.fetchAll(db), parties: CaseParties.parties(try PartyRow.order(Column("position")).fetchAll(db))
            )
        }
    }

    /// What the policy would do to each file, with counts, short masked snippets and, for pictures and pages,
    /// what was found with its confidence; nothing is written to the store.
    /// - Parameters:
    ///   - store: the case store.
    ///   - refs: the exhibits (empty: all).
    ///   - policy: the sharing policy.
    ///   - review: a new HTML file outside the store for the review page (pictures with the boxes to burn), or nil.
    /// - Returns: one item per file.
    /// - Throws: `.badInput` for an unknown exhibit, or a review page inside the store or already there.
    public static func preview(
        _ store: CaseStore, refs: [String], policy: SharingPolicy, review: String? = nil
    ) throws -> RedactionOutcome {
        let inputs = try inputs(store, refs: refs)
        let text = TextRedactor(rules: RedactionRules(policy: policy, parties: inputs.parties))
        var redactor = FileRedactor(policy: policy, text: text, marks: inputs.marks)
        if let review {
            let target = FileSystem.absolute(review)
            let storeFolder = FileSystem.absolute(store.directory)
            guard target != storeFolder, !target.hasPrefix(storeFolder + "/") else {
                throw ExhibitError.badInput("\(review) is inside the case store; write the review page elsewhere")
            }
            redactor.review = try ReviewPage(path: target, title: "\(store.info.caseRef) under \(policy.id) \(policy.version)")
        }
        let items = inputs.sources.map { redactor.process($0, destination: nil) }
        try redactor.review?.finish(items: items)
        return RedactionOutcome(policy: reference(policy), items: items, entry: nil)
    }

    /// Produces the redacted files in a new folder `output` and records them.
    /// - Parameters:
    ///   - store: the case store.
    ///   - refs: the exhibits (empty: all).
    ///   - policy: the sharing policy.
    ///   - output: a folder that does not exist yet (or is empty).
    ///   - signer: the agency key.
    ///   - actor: who redacts.
    /// - Returns: the items and the ledger entry.
    /// - Throws: `.badInput` when the folder is not empty or an exhibit is unknown; `.environment` when writing fails.
    public static func produce(
        _ store: CaseStore, refs: [String], policy: SharingPolicy, output: String, signer: LedgerSigner, actor: Actor
    ) throws -> RedactionOutcome {
        let destination = FileSystem.absolute(output)
        if FileSystem.exists(destination) {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: destination)) ?? ["?"]
            guard FileSystem.isDirectory(destination), contents.isEmpty else {
                throw ExhibitError.badInput("\(output) already exists and is not an empty folder; choose a new --out folder")
            }
        }
        let parent = (destination as NSString).deletingLastPathComponent
        try FileSystem.makeDirectoryTree(parent)
        let lock = try store.lockForWriting()
        defer { withExtendedLifetime(lock) {} }
        return try produceLocked(
            store, refs: refs, policy: policy, destination: destination, shareCopies: true, signer: signer, actor: actor)
    }

    /// `produce` for a caller that already holds the writer lock (export). With `shareCopies` false, files
    /// the policy shares as they are are not copied (their output path is still named): the caller reads
    /// them from the object store.
    static func produceLocked(
        _ store: CaseStore, refs: [String], policy: SharingPolicy, destination: String, shareCopies: Bool, signer: LedgerSigner,
        actor: Actor
    ) throws -> RedactionOutcome {
        let parent = (destination as NSString).deletingLastPathComponent
        let inputs = try inputs(store, refs: refs)
        let text = TextRedactor(rules: RedactionRules(policy: policy, parties: inputs.parties))
        let redactor = FileRedactor(policy: policy, text: text, marks: inputs.marks)

        let partial = "\(parent)/.\((destination as NSString).lastPathComponent).partial-\(UInt32.random(in: 0...UInt32.max))"
        try FileSystem.makeDirectory(partial, mode: 0o755)
        var completed = false
        defer { if !completed { try? FileManager.default.removeItem(atPath: partial) } }

        var items: [RedactedItem] = []
        var usedNames = Set<String>()
        for (index, source) in inputs.sources.enumerated() {
            let relative = outputName(source, index: index, policy: policy, text: text, used: &usedNames)
            let target = "\(partial)/\(relative)"
            try FileSystem.makeDirectory((target as NSString).deletingLastPathComponent, mode: 0o755)
            let writes = shareCopies || policy.treatment(for: source.category) != .share
            var item = redactor.process(source, destination: writes ? target : nil)
            item.samples = [:]
            item.findings = nil
            if item.treatment == .redact || item.treatment == .share { item.output = relative }
            items.append(item)
        }

        removeEmptyFolders(partial)

        // Each redacted file becomes an object of the store, linked to its source.
        let produced = items.indices.filter { items[$0].treatment == .redact }
        let scanned = try IntakeScanner.scan(
            produced.map { "\(partial)/\(items[$0].output ?? "")" }, storeDirectory: store.directory)
        let staged = try FileIntake.stage(scanned.files, objects: store.objects, progress: nil)
        defer { for file in staged { unlink(file.stagingPath) } }
        try FileSystem.syncFileSystem(containing: store.objects.staging)
        for (index, file) in zip(produced, staged) { items[index].derived = file.digests }
        _ = try store.admit(staged)

        let report = RedactionReport.make(
            policy: policy, outcome: items, descriptions: inputs.descriptions, caseRef: store.info.caseRef, redactor: text)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try FileSystem.writeAtomically(Array(try encoder.encode(report)), to: "\(partial)/redactions.json", mode: 0o644)

        let details = RedactionDetails(
            policy: reference(policy),
            items: items.map {
                RedactionItem(
                    ref: $0.ref, file: $0.file, source: $0.sha256, treatment: $0.treatment, derived: $0.derived, rules: $0.rules,
                    reason: $0.reason)
            })
        let refsInvolved = Array(Set(items.map(\.ref))).sorted()
        let entries = try store.commit(signer: signer) { db, ledger in
            try PendingObjectRow.deleteAll(db)
            try ledger.append(
                LedgerEntry(
                    caseID: store.info.id, action: .redacted, actor: actor, exhibits: refsInvolved,
                    objects: Array(Set(items.compactMap(\.derived?.sha256))).sorted(),
                    reason: "redacted under \(policy.id) \(policy.version)", details: EntryDetails(redaction: details)))
        }
        if FileSystem.isDirectory(destination) { rmdir(destination) }
        guard rename(partial, destination) == 0 else { throw FileSystem.error(destination, "cannot move the output into place") }
        completed = true
        try FileSystem.syncDirectory(parent)
        return RedactionOutcome(policy: reference(policy), items: items, entry: entries.first?.sequence)
    }

    /// Removes the folders made for files that were then withheld, deepest first.
    private static func removeEmptyFolders(_ root: String) {
        let folders = ((try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? [])
            .map { "\(root)/\($0)" }.filter(FileSystem.isDirectory).sorted { $0.count > $1.count }
        for folder in folders { rmdir(folder) }
    }

    static func reference(_ policy: SharingPolicy) -> PolicyReference {
        PolicyReference(id: policy.id, version: policy.version, sha256: policy.sha256)
    }

    /// The output path of a file: `REF/path`, with the reference made a folder name, the path cleaned of
    /// anything that could escape the folder, and the original name kept only when the policy lets names travel
    /// and its text rules find nothing in it (otherwise `file-N.ext`).
    private static func outputName(
        _ source: FileRedactor.Source, index: Int, policy: SharingPolicy, text: TextRedactor, used: inout Set<String>
    ) -> String {
        let folder = sanitise(source.ref.replacingOccurrences(of: "/", with: "-"))
        let converted = policy.treatment(for: source.category) == .redact ? SharedFormat.extension(for: source.file.mime) : nil
        let ext = converted ?? sanitise((source.file.name as NSString).pathExtension)
        let numbered = "file-\(index + 1)" + (ext.isEmpty || ext.count > 10 ? "" : ".\(ext)")
        var name = numbered
        if policy.allows(.fileNames) {
            // A name travels only if the policy's text rules find nothing in it, read as written or with its
            // separators and camelCase as spaces ("jade_wilson", "JadeWilson"); otherwise it is numbered.
            let components = source.file.path.split(separator: "/").map(String.init)
            if !components.contains(where: text.findsAnything) {
                name = components.map(sanitise).filter { !$0.isEmpty && $0 != "." && $0 != ".." }.joined(separator: "/")
                if let converted { name = SharedFormat.renamed(name, to: converted) }
            }
        }
        var candidate = "\(folder)/\(name.isEmpty ? numbered : name)"
        var counter = 2
        while !used.insert(candidate).inserted {
            candidate = "\(folder)/\(counter)-\(name)"
            counter += 1
        }
        return candidate
    }

    private static func sanitise(_ component: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.[] "))
        let cleaned = String(String.UnicodeScalarView(component.unicodeScalars.map { allowed.contains($0) ? $0 : "_" }))
        return cleaned.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
    }
}
