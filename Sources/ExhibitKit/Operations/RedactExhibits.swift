import ExhibitCore
import Foundation
import GRDB

/// `exhibit redact`: previews, or produces, what a sharing policy lets travel from the chosen exhibits.
/// A produced run writes the derived files and `redactions.json` to a new folder, stores each redacted
/// file as an object linked to its source, and records a `redacted` ledger entry with the policy's id,
/// version and SHA-256 and the rules fired per file.
public enum RedactExhibits {
    /// What a run works on: the chosen exhibits (their files are read a part at a time: `forEachPart`) and the
    /// case's people.
    struct Inputs {
        /// The chosen exhibits, in registration order.
        var exhibits: [(ref: String, category: String?)]
        var descriptions: [String: String]
        var parties: [Party]
        /// How many bytes the chosen exhibits' files hold.
        var totalBytes: Int64
        /// The regions marked on each content (by SHA-256) and the known-image hash lists.
        fileprivate var marks: [String: [PixelRegion]]
        fileprivate var lists: HashListMatches

        /// Reads the chosen exhibits' files in order, `partSize` at a time, each part in a read of its own, each file
        /// with the regions marked on its content: a phone extraction's hundred thousand files are never all held.
        /// (A writer reads this way between its own writes; no other writer can change the store meanwhile.)
        /// - Parameters:
        ///   - store: the case store.
        ///   - partSize: files per part, at most.
        ///   - read: runs a read of the store (`CaseStore.read`, `StoreWriter.read`).
        ///   - body: takes each part.
        /// - Throws: `.verificationFailed` when a registered object is missing; what `body` throws.
        func forEachPart(
            store: CaseStore, partSize: Int = RegistrationEntries.filesPerEntry, read: (Reading) throws -> Part,
            _ body: ([RedactionSource]) throws -> Void
        ) throws {
            for exhibit in exhibits {
                var after = Int.min
                while true {
                    let part = try read { db in try sources(db, store: store, exhibit: exhibit, after: after, limit: partSize) }
                    if !part.sources.isEmpty { try body(part.sources) }
                    guard let last = part.last, part.sources.count == partSize else { break }
                    after = last
                }
            }
        }

        /// One part of the files, and the position of its last file.
        typealias Part = (sources: [RedactionSource], last: Int?)
        /// A read of one part.
        typealias Reading = (Database) throws -> Part

        /// Up to `limit` files of `exhibit` after position `after`, in order, and the position of the last.
        private func sources(
            _ db: Database, store: CaseStore, exhibit: (ref: String, category: String?), after: Int, limit: Int
        ) throws -> Part {
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT f.position, f.path, f.name, f.mime, f.sha256, o.sha256 AS held, o.size, o.sha1, o.md5
                        FROM exhibit_file f LEFT JOIN object o ON o.sha256 = f.sha256
                        WHERE f.exhibit_ref = ? AND f.position > ? ORDER BY f.position LIMIT ?
                        """), arguments: [exhibit.ref, after, limit])
            var sources: [RedactionSource] = []
            var last: Int?
            while let row = try rows.next() {
                let sha256: String = row["sha256"]
                guard let held: String = row["held"], let size: Int64 = row["size"], let sha1: String = row["sha1"],
                    let md5: String = row["md5"]
                else {
                    throw ExhibitError.verificationFailed("object \(sha256) of \(exhibit.ref) is missing; run exhibit verify")
                }
                let digests = FileDigests(size: size, sha256: held, sha1: sha1, md5: md5)
                sources.append(
                    RedactionSource(
                        ref: exhibit.ref, file: row["path"], name: row["name"], mediaType: row["mime"],
                        category: lists.blocks(digests) == nil ? exhibit.category : HashListMatches.category,
                        digests: digests, contentPath: store.objects.path(sha256), marks: marks[sha256] ?? []))
                last = row["position"]
            }
            return (sources, last)
        }
    }

    /// Reads the chosen exhibits, their files' size, the regions marked on their content and the case's
    /// people (the files themselves: `Inputs.forEachPart`).
    /// - Throws: `.badInput` for an unknown exhibit.
    static func inputs(_ db: Database, store: CaseStore, refs: [String]) throws -> Inputs {
        let all = try ExhibitRow.order(Column("registered_seq")).fetchAll(db)
        let known = Set(all.map(\.ref))
        for ref in refs where !known.contains(ref) {
            throw ExhibitError.badInput("no exhibit \(ref) in case \(store.info.caseRef); exhibit list shows the references")
        }
        // Destroyed exhibits have nothing left to redact or share: skipped, and refused when named.
        let destroyed = Set(try DestroyedExhibitRow.fetchAll(db).map(\.ref))
        if let ref = refs.first(where: { destroyed.contains($0) }) {
            throw ExhibitError.badInput("\(ref) was destroyed; its files are no longer held")
        }
        let wanted = Set(refs)
        let chosen = (refs.isEmpty ? all : all.filter { wanted.contains($0.ref) }).filter { !destroyed.contains($0.ref) }
        // A mark belongs to the picture, not to one registration of it: every copy of the same content gets
        // the region burned, whichever exhibit it was registered under.
        var marks: [String: [PixelRegion]] = [:]
        for mark in try MarkRow.order(Column("seq")).fetchAll(db) {
            marks[mark.sha256, default: []].append(
                PixelRegion(x: mark.x, y: mark.y, width: mark.width, height: mark.height))
        }
        let totals = try Row.fetchOne(
            db,
            sql: """
                SELECT coalesce(sum(o.size), 0) AS bytes
                FROM exhibit_file f LEFT JOIN object o ON o.sha256 = f.sha256
                WHERE f.exhibit_ref IN (SELECT value FROM json_each(?))
                """, arguments: [try SQLList.json(chosen.map(\.ref))])
        return Inputs(
            exhibits: chosen.map { ($0.ref, $0.category) },
            descriptions: Dictionary(uniqueKeysWithValues: chosen.map { ($0.ref, $0.description) }),
            parties: try CaseParties.parties(db), totalBytes: totals?["bytes"] ?? 0,
            // Content on a known-image hash list is treated as an indecent image whatever its exhibit's category: every
            // loaded policy sends those as hashes only or withholds them (`PolicyLoader`), so it never travels.
            marks: marks, lists: try HashListMatches.load(db))
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
        let inputs = try store.read { db in try Self.inputs(db, store: store, refs: refs) }
        let text = TextRedactor(rules: RedactionRules(policy: policy, parties: inputs.parties))
        var redactor = FileRedactor(policy: policy, text: text)
        if let review {
            let target = try OutputPath.file(review, flag: "--review", storeDirectory: store.directory)
            redactor.review = try ReviewPage(path: target, title: "\(store.info.caseRef) under \(policy.id) \(policy.version)")
        }
        var items: [RedactedItem] = []
        try inputs.forEachPart(store: store, read: store.read) { part in
            items += part.map { redactor.process($0, destination: nil) }
        }
        try redactor.review?.finish(items: items)
        return RedactionOutcome(policy: reference(policy), items: items, entry: nil)
    }

    /// Produces the redacted files in a new folder `output` and records them: the folder appears, whole, only
    /// once the `redacted` entry is committed.
    /// - Parameters:
    ///   - store: the case store.
    ///   - refs: the exhibits (empty: all).
    ///   - policy: the sharing policy.
    ///   - output: a folder that does not exist yet (or is empty).
    ///   - signer: the agency key.
    ///   - actor: who redacts.
    ///   - progress: called with bytes of source files done and in all, after each file.
    /// - Returns: the items and the ledger entry.
    /// - Throws: `.badInput` when the folder is not empty or an exhibit is unknown; `.environment` when writing fails.
    public static func produce(
        _ store: CaseStore, refs: [String], policy: SharingPolicy, output: String, signer: LedgerSigner, actor: Actor,
        progress: (@Sendable (Int64, Int64) -> Void)? = nil
    ) throws -> RedactionOutcome {
        let destination = try OutputPath.folder(output, flag: "--out", storeDirectory: store.directory)
        return try store.write(signer: signer) { writer in
            let folder = try writer.prepareOutput(destination, kind: .folder)
            let run = try RedactionRun.perform(
                writer, refs: refs, policy: policy, into: folder.temporary, shareCopies: true, time: Timestamp.now(),
                progress: progress)
            try FileSystem.writeAtomically(
                try JSONOutput.pretty(try run.report()), to: Path.join(folder.temporary, "redactions.json"), mode: 0o644)
            let entries = try writer.commit { ledger in
                for entry in run.entries(caseID: store.info.id, actor: actor) { try ledger.append(entry) }
                try run.items.requireIntact()
            }
            guard let first = entries.first else { throw ExhibitError.environment("the redaction was not recorded") }
            let items = Array(run.items.all)
            try run.items.requireIntact()
            return RedactionOutcome(policy: reference(policy), items: items, entry: first.sequence)
        }
    }

    /// The policy as recorded wherever it is applied.
    static func reference(_ policy: SharingPolicy) -> PolicyReference {
        PolicyReference(id: policy.id, version: policy.version, sha256: policy.sha256)
    }
}
