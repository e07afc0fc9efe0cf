import ExhibitCore
import Foundation
import GRDB

/// `exhibit add`: registers files and folders as one exhibit. Each file is read once: its copy is written
/// to the object store while SHA-256, SHA-1 and MD5 are computed from the same buffers. The exhibit, its
/// files, the new objects, the `registered` ledger entry and a signed checkpoint commit together.
public enum AddExhibit {
    /// What to register.
    public struct Request: Sendable {
        public var paths: [String]
        public var ref: String
        public var description: String
        public var seizedBy: String
        public var seizedFrom: String
        public var seizedAt: String?
        public var category: String?
        public var note: String?
        public var location: String?
        /// The folder relative paths are read from (default: the process's current folder); they are recorded
        /// as given.
        public var workingDirectory: String?
        /// Register each member of every ZIP as well, as extracted from it (`--expand`).
        public var expand = false
        /// Take in PEM private keys and the passphrase file as evidence (`--include-keys`); otherwise they are refused.
        public var includeKeys = false
        /// The agency key and passphrase file, refused unless `includeKeys` (PEM private keys are refused anyway).
        public var secretPaths: [String] = []

        /// Creates a request.
        public init(
            paths: [String], ref: String, description: String, seizedBy: String, seizedFrom: String,
            seizedAt: String? = nil, category: String? = nil, note: String? = nil, location: String? = nil,
            workingDirectory: String? = nil, expand: Bool = false
        ) {
            self.paths = paths
            self.ref = ref
            self.description = description
            self.seizedBy = seizedBy
            self.seizedFrom = seizedFrom
            self.seizedAt = seizedAt
            self.category = category
            self.note = note
            self.location = location
            self.workingDirectory = workingDirectory
            self.expand = expand
        }
    }

    /// What was registered.
    public struct Result: Sendable {
        /// The ledger entry.
        public var entry: LedgerEntry
        /// The exhibit as recorded.
        public var exhibit: ExhibitDetails
        /// Objects newly stored (content not held before).
        public var storedObjects: Int
        /// Bytes read.
        public var bytes: Int64
    }

    /// Registers an exhibit.
    /// - Parameters:
    ///   - request: the paths and exhibit details.
    ///   - store: the case store.
    ///   - signer: the agency key, for the checkpoint.
    ///   - actor: who registers it.
    ///   - progress: called after each file with bytes done and bytes in all.
    /// - Returns: the ledger entry and the exhibit as recorded.
    /// - Throws: `.badInput` for bad details, missing paths or an existing reference; `.environment` for
    ///   unreadable files or a full disk. Nothing is registered unless everything is.
    public static func run(
        _ request: Request, store: CaseStore, signer: LedgerSigner, actor: Actor,
        progress: ((Int64, Int64) -> Void)? = nil
    ) throws -> Result {
        try ExhibitFields.checkReference(request.ref)
        let description = try ExhibitFields.required(request.description, flag: "--description")
        let seizedBy = try ExhibitFields.required(request.seizedBy, flag: "--seized-by")
        let seizedFrom = try ExhibitFields.required(request.seizedFrom, flag: "--seized-from")
        let seizedAt = try ExhibitFields.time(request.seizedAt, flag: "--seized-at")
        if let category = request.category { try ExhibitFields.checkCategory(category) }
        let note = try ExhibitFields.optional(request.note, flag: "--note")
        let location = try ExhibitFields.optional(request.location, flag: "--location")
        guard !request.paths.isEmpty else { throw ExhibitError.badInput("name at least one file or folder to register") }

        let plan = try IntakeScanner.scan(
            request.paths, storeDirectory: store.directory, base: request.workingDirectory,
            guarding: IntakeGuard(
                storeDirectory: store.directory, secretPaths: request.secretPaths, includeKeys: request.includeKeys))
        guard !plan.files.isEmpty else {
            let reasons = plan.refused.map { "\($0.path): \($0.reason)" }.joined(separator: "; ")
            throw ExhibitError.badInput(
                "nothing to register: no regular files among the paths given\(reasons.isEmpty ? "" : " (\(reasons))")")
        }

        return try store.write(signer: signer) { writer in
            if try writer.read({ db in try ExhibitRow.exists(db, key: request.ref) }) {
                throw ExhibitError.badInput("exhibit \(request.ref) already exists; choose another reference")
            }
            // ZIP members are extracted to a private work folder and registered beside their archive.
            var candidates = plan.files
            var refused = plan.refused
            let expansion = try request.expand ? ArchiveExpansion.expand(plan.files, into: writer.makeWorkFolder("expand")) : nil
            let archives = candidates.count
            candidates += expansion?.members.map(\.candidate) ?? []
            refused += expansion?.refused ?? []

            let staged = try writer.stage(candidates, progress: progress)
            let digests = staged.map(\.digests)
            let holders = try writer.read { db in try exhibitsHolding(Set(digests.map(\.sha256)), db) }
            let stored = try writer.admit(staged)
            let files = zip(staged, digests).enumerated().map { index, pair in
                let (item, digest) = pair
                let member = index >= archives ? expansion?.members[index - archives] : nil
                let origin = member.map {
                    ArchiveOrigin(
                        archive: candidates[$0.archive].relativePath, archiveSHA256: digests[$0.archive].sha256,
                        member: $0.member)
                }
                return FileRecord(
                    name: item.candidate.name, path: item.candidate.relativePath,
                    source: member.map { "\(candidates[$0.archive].given)#\($0.member)" } ?? item.candidate.given,
                    digests: digest, modified: item.modified, mime: item.mime, alsoIn: holders[digest.sha256],
                    extractedFrom: origin)
            }
            let exhibit = ExhibitDetails(
                ref: request.ref, description: description, category: request.category, seizedBy: seizedBy,
                seizedFrom: seizedFrom, seizedAt: seizedAt, note: note, files: files, refused: refused)
            let registration = LedgerEntry(
                caseID: store.info.id, action: .registered, actor: actor, exhibits: [request.ref],
                objects: Array(Set(digests.map(\.sha256))).sorted(), reason: nil, location: location, text: note,
                details: EntryDetails(exhibit: exhibit))
            let entries = try writer.commit { ledger in
                for entry in RegistrationEntries.split(registration) { try ledger.append(entry) }
                try HashListScan.recordIntake(ledger, actor: actor)
            }
            guard let entry = entries.first else { throw ExhibitError.environment("the registration was not recorded") }
            return Result(entry: entry, exhibit: exhibit, storedObjects: stored, bytes: digests.reduce(0) { $0 + $1.size })
        }
    }

    /// The exhibits already holding each of `hashes` (a second registration names them).
    private static func exhibitsHolding(_ hashes: Set<String>, _ db: Database) throws -> [String: [String]] {
        var holders: [String: [String]] = [:]
        let sorted = hashes.sorted()
        for start in stride(from: 0, to: sorted.count, by: 500) {
            let batch = Array(sorted[start..<min(start + 500, sorted.count)])
            let rows = try Row.fetchAll(
                db,
                ExhibitFileRow.select(Column("sha256"), Column("exhibit_ref")).distinct()
                    .filter(batch.contains(Column("sha256"))).order(Column("exhibit_ref")))
            for row in rows {
                let hash: String = row["sha256"]
                holders[hash, default: []].append(row["exhibit_ref"])
            }
        }
        return holders
    }
}
