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

        /// Creates a request.
        public init(
            paths: [String], ref: String, description: String, seizedBy: String, seizedFrom: String,
            seizedAt: String? = nil, category: String? = nil, note: String? = nil, location: String? = nil
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

    /// A file being taken in: its staging copy and hashing job.
    private struct Staged {
        let candidate: IntakeCandidate
        let job: HashingPipeline.HashJob
        let stagingPath: String
        let modified: String
        let mime: String
    }

    /// Registers an exhibit.
    /// - Parameters:
    ///   - request: the paths and exhibit details.
    ///   - store: the case store.
    ///   - signer: the agency key, for the checkpoint.
    ///   - actor: who registers it.
    ///   - progress: called after each file with bytes done and bytes in all.
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

        let plan = try IntakeScanner.scan(request.paths, storeDirectory: store.directory)
        guard !plan.files.isEmpty else {
            let reasons = plan.refused.map { "\($0.path): \($0.reason)" }.joined(separator: "; ")
            throw ExhibitError.badInput("nothing to register: no regular files among the paths given\(reasons.isEmpty ? "" : " (\(reasons))")")
        }

        let lock = try store.lockForWriting()
        defer { withExtendedLifetime(lock) {} }
        if try store.read({ db in try ExhibitRow.exists(db, key: request.ref) }) {
            throw ExhibitError.badInput("exhibit \(request.ref) already exists; choose another reference")
        }

        var staged: [Staged] = []
        defer {
            for item in staged { unlink(item.stagingPath) }
        }
        let pipeline = try HashingPipeline()
        var totalBytes: Int64 = 0
        let expectedBytes = plan.files.reduce(Int64(0)) { sum, file in
            var info = stat()
            return sum + (lstat(file.source, &info) == 0 ? Int64(info.st_size) : 0)
        }
        for candidate in plan.files {
            let item = try stage(candidate, store: store, pipeline: pipeline)
            staged.append(item)
            totalBytes += item.job.size
            progress?(totalBytes, expectedBytes)
        }
        pipeline.finish()
        try flush(staged, store: store)

        let digests = staged.map(\.job.digests)
        let known = try store.read { db -> (objects: Set<String>, holders: [String: [String]]) in
            var objects = Set<String>()
            var holders: [String: [String]] = [:]
            for hash in Set(digests.map(\.sha256)) {
                if try ObjectRow.exists(db, key: hash) { objects.insert(hash) }
                let refs = try String.fetchAll(
                    db, sql: "SELECT DISTINCT exhibit_ref FROM exhibit_file WHERE sha256 = ? ORDER BY exhibit_ref", arguments: [hash])
                if !refs.isEmpty { holders[hash] = refs }
            }
            return (objects, holders)
        }
        var newObjects: [String: String] = [:]
        for (item, digest) in zip(staged, digests) where !known.objects.contains(digest.sha256) && newObjects[digest.sha256] == nil {
            newObjects[digest.sha256] = item.stagingPath
        }
        try store.claimPending(Array(newObjects.keys).sorted())
        var touched = Set<String>()
        for (hash, stagingPath) in newObjects.sorted(by: { $0.key < $1.key }) {
            touched.insert(try store.objects.place(staged: stagingPath, as: hash))
        }
        for folder in touched.sorted() { try FileSystem.syncDirectory(folder) }
        if !touched.isEmpty { try FileSystem.syncDirectory(store.objects.root) }

        let files = zip(staged, digests).map { item, digest in
            FileRecord(
                name: item.candidate.name, path: item.candidate.relativePath, source: item.candidate.source,
                digests: digest, modified: item.modified, mime: item.mime, alsoIn: known.holders[digest.sha256])
        }
        let exhibit = ExhibitDetails(
            ref: request.ref, description: description, category: request.category, seizedBy: seizedBy,
            seizedFrom: seizedFrom, seizedAt: seizedAt, note: note, files: files, refused: plan.refused)
        let entries = try store.commit(signer: signer) { db, ledger in
            try PendingObjectRow.deleteAll(db)
            try ledger.append(
                LedgerEntry(
                    caseID: store.info.id, action: .registered, actor: actor, exhibits: [request.ref],
                    objects: Array(Set(digests.map(\.sha256))).sorted(), reason: nil, location: location, text: note,
                    details: EntryDetails(exhibit: exhibit)))
        }
        guard let entry = entries.first else { throw ExhibitError.environment("the registration was not recorded") }
        return Result(entry: entry, exhibit: exhibit, storedObjects: newObjects.count, bytes: totalBytes)
    }

    /// Opens one file, checks it is the file scanned, and streams it into a staging copy.
    private static func stage(_ candidate: IntakeCandidate, store: CaseStore, pipeline: HashingPipeline) throws -> Staged {
        let source = open(candidate.source, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard source >= 0 else { throw FileSystem.error(candidate.source, "cannot open") }
        defer { close(source) }
        var before = stat()
        guard fstat(source, &before) == 0, (before.st_mode & S_IFMT) == S_IFREG,
            UInt64(before.st_dev) == candidate.device, UInt64(before.st_ino) == candidate.inode
        else {
            throw ExhibitError.badInput("\(candidate.source) changed while exhibit add was scanning it; run the command again")
        }
        posix_fadvise(source, 0, 0, POSIX_FADV_SEQUENTIAL)
        let direct = Int64(before.st_size) >= ObjectStore.directCopyThreshold
        let staging = try store.objects.createStagingFile(direct: direct)
        var mime = "application/octet-stream"
        let job: HashingPipeline.HashJob
        do {
            defer { close(staging.descriptor) }
            job = try pipeline.stream(
                source: source, sourcePath: candidate.source, copy: staging.descriptor, copyPath: staging.path,
                directCopy: staging.direct
            ) { head in mime = MediaType.guess(name: candidate.name, head: head) }
        } catch {
            unlink(staging.path)
            throw error
        }
        var after = stat()
        guard fstat(source, &after) == 0, after.st_size == before.st_size, job.size == Int64(before.st_size),
            after.st_mtim.tv_sec == before.st_mtim.tv_sec, after.st_mtim.tv_nsec == before.st_mtim.tv_nsec
        else {
            unlink(staging.path)
            throw ExhibitError.badInput("\(candidate.source) changed while it was being read; nothing was registered")
        }
        if job.size == 0 { mime = MediaType.guess(name: candidate.name, head: UnsafeRawBufferPointer(start: nil, count: 0)) }
        let modified = Timestamp.format(seconds: Int(before.st_mtim.tv_sec), nanoseconds: Int(before.st_mtim.tv_nsec))
        return Staged(candidate: candidate, job: job, stagingPath: staging.path, modified: modified, mime: mime)
    }

    /// Makes every staging copy durable: one fsync each for a few files, one syncfs for many.
    private static func flush(_ staged: [Staged], store: CaseStore) throws {
        if staged.count > 8 {
            try FileSystem.syncFileSystem(containing: store.objects.staging)
        } else {
            for item in staged {
                let descriptor = open(item.stagingPath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
                guard descriptor >= 0 else { throw FileSystem.error(item.stagingPath, "cannot reopen the copy") }
                defer { close(descriptor) }
                guard fsync(descriptor) == 0 else { throw FileSystem.error(item.stagingPath, "cannot flush the copy to disk") }
            }
        }
    }
}
