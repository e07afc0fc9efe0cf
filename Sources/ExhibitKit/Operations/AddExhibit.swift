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
        /// The bytes of the `paths` whose names are not UTF-8 (a Latin-1 `caf\xE9.jpg` from an old memory card), as
        /// the system passed them, each keyed by its entry in `paths` (decoded with U+FFFD for every byte that is not
        /// UTF-8, as `CommandLine.arguments` has it). Such a path is opened by its bytes and recorded as `FileName`
        /// shows it, as when a folder holding it is walked.
        public var pathBytes: [String: [UInt8]] = [:]

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
        /// The registration entry (for a large exhibit, the first of its entries: it lists the first files).
        public var entry: LedgerEntry
        /// The exhibit as that entry records it: its details, its first files (`RegistrationEntries.filesPerEntry` at
        /// most) and every path refused; `CaseQueries.registeredFiles` reads back the rest.
        public var exhibit: ExhibitDetails
        /// How many files the exhibit holds.
        public var fileCount: Int
        /// Objects newly stored (content not held before).
        public var storedObjects: Int
        /// Bytes read.
        public var bytes: Int64
    }

    /// Files staged, admitted and spooled at a time: memory stays bounded whatever the exhibit's size.
    static let filesPerPart = RegistrationEntries.filesPerEntry

    /// Registers an exhibit. The paths are walked, and their files staged and moved into the object store, a part
    /// at a time; their records wait in a work file, and the ledger entries are built from it inside the commit.
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

        let guarding = IntakeGuard(
            storeDirectory: store.directory, secretPaths: request.secretPaths, includeKeys: request.includeKeys)
        let scanner = try IntakeScanner(
            request.paths, storeDirectory: store.directory, base: request.workingDirectory, guarding: guarding,
            pathBytes: request.pathBytes)
        let total = try progress.map { _ in try totalSize(request, store: store) } ?? 0

        return try store.write(signer: signer) { writer in
            if try writer.read({ db in try ExhibitRow.exists(db, key: request.ref) }) {
                throw ExhibitError.badInput("exhibit \(request.ref) already exists; choose another reference")
            }
            let (intake, refused) = try takeIn(
                request, scanner: scanner, screen: guarding.contentScreen, writer: writer, progress: progress, total: total)

            let exhibit = ExhibitDetails(
                ref: request.ref, description: description, category: request.category, seizedBy: seizedBy,
                seizedFrom: seizedFrom, seizedAt: seizedAt, note: note, files: [], refused: refused)
            let registration = LedgerEntry(
                caseID: store.info.id, action: .registered, actor: actor, exhibits: [request.ref], objects: [], reason: nil,
                location: location, text: note, details: EntryDetails(exhibit: exhibit))
            let spool = intake.spool
            let entries = try writer.commit { ledger in
                var screen = try HashListScan.IntakeScreen(ledger)
                var start = 0
                while case var files = try spool.next(RegistrationEntries.filesPerEntry), !files.isEmpty {
                    let holders = try exhibitsHolding(Set(files.map(\.sha256)), other: request.ref, ledger.db)
                    for index in files.indices { files[index].alsoIn = holders[files[index].sha256] }
                    let entry =
                        start == 0
                        ? RegistrationEntries.head(registration, files: files, fileCount: spool.count)
                        : RegistrationEntries.part(of: registration, from: start, files: files)
                    try ledger.append(entry, keep: start == 0)
                    try screen.check(files.map { HashListScan.HeldFile(ref: request.ref, path: $0.path, digests: $0.digests) })
                    start += files.count
                }
                try screen.record(ledger, actor: actor)
            }
            guard let entry = entries.first, let recorded = entry.details?.exhibit else {
                throw ExhibitError.environment("the registration was not recorded")
            }
            return Result(
                entry: entry, exhibit: recorded, fileCount: spool.count, storedObjects: intake.stored, bytes: intake.bytes)
        }
    }

    /// Walks the paths and takes their files in, a part at a time (each file's first bytes screened as it is read),
    /// then the members of every ZIP among them when asked (extracted to a private work folder one archive at a time,
    /// registered after the files given, each recorded as extracted from its archive); every part is durable when this
    /// returns.
    /// - Returns: the intake (its spool holds every file's record) and the paths refused.
    /// - Throws: `.badInput` when there is nothing to register; what the walk, staging or expansion throw.
    private static func takeIn(
        _ request: Request, scanner: IntakeScanner, screen: ContentScreen?, writer: StoreWriter,
        progress: ((Int64, Int64) -> Void)?, total: Int64
    ) throws -> (PartIntake, [RefusedPath]) {
        var intake = try PartIntake(writer: writer, progress: progress, total: total)
        do {
            var archives: [(candidate: IntakeCandidate, sha256: String)] = []
            while case let part = try scanner.next(upTo: filesPerPart), !part.isEmpty {
                for file in try intake.take(part, screen: screen)
                where request.expand && ArchiveExpansion.isZIP(file.candidate) {
                    archives.append((file.candidate, file.digests.sha256))
                }
            }
            // What the walk refused, then what the screen refused, each in the order met.
            var refused = scanner.refused + intake.refused
            for archive in archives {
                let folder = try writer.makeWorkFolder("expand")
                let expansion = try ArchiveExpansion.expand([archive.candidate], into: folder)
                refused += expansion.refused
                for start in stride(from: 0, to: expansion.members.count, by: filesPerPart) {
                    let members = expansion.members[start..<min(start + filesPerPart, expansion.members.count)]
                    let origins = members.map {
                        ArchiveOrigin(archive: archive.candidate.relativePath, archiveSHA256: archive.sha256, member: $0.member)
                    }
                    _ = try intake.take(members.map(\.candidate), origins: origins)
                }
                FileSystem.removeTree(folder)
            }
            guard intake.spool.count > 0 else {
                let reasons = refused.map { "\($0.path): \($0.reason)" }.joined(separator: "; ")
                throw ExhibitError.badInput(
                    "nothing to register: no regular files among the paths given\(reasons.isEmpty ? "" : " (\(reasons))")")
            }
            try intake.makeDurable()
            // The total walked ahead counted files refused since (keys) and not ZIP members: the last line says all.
            progress?(intake.bytes, intake.bytes)
            return (intake, refused)
        } catch {
            intake.settle()
            throw error
        }
    }

    /// The bytes the paths hold, walked once ahead for the progress line.
    private static func totalSize(_ request: Request, store: CaseStore) throws -> Int64 {
        let scanner = try IntakeScanner(
            request.paths, storeDirectory: store.directory, base: request.workingDirectory, pathBytes: request.pathBytes)
        var total: Int64 = 0
        while let file = try scanner.next() { total += file.size }
        return total
    }

    /// One registration's intake, a part at a time: each part is staged, moved into the object store and its file
    /// records spooled; one flush at the end makes every part durable, before the commit. A part is moved into the
    /// object store on a thread of its own while the next is walked and staged (moving is serial work: claims, renames).
    private struct PartIntake {
        let writer: StoreWriter
        let spool: FileRecordSpool
        let progress: ((Int64, Int64) -> Void)?
        let total: Int64
        private(set) var stored = 0
        private(set) var bytes: Int64 = 0
        /// The files refused by their content so far.
        private(set) var refused: [RefusedPath] = []
        /// The objects of a small registration, flushed one by one (nil once there are too many).
        private var few: [String]? = []
        /// The part being moved into the object store.
        private var admitting: Admission?

        init(writer: StoreWriter, progress: ((Int64, Int64) -> Void)?, total: Int64) throws {
            self.writer = writer
            spool = try FileRecordSpool(in: try writer.makeWorkFolder("add"))
            self.progress = progress
            self.total = total
        }

        /// Takes one part in; `origins` are the archives its files were extracted from, if they were; `screen` refuses
        /// the files given by their first bytes (not the members of an archive, which keep one origin each).
        /// - Returns: the part's files as staged.
        mutating func take(
            _ part: [IntakeCandidate], origins: [ArchiveOrigin]? = nil, screen: ContentScreen? = nil
        ) throws -> [StagedFile] {
            let done = bytes
            let result = try writer.stage(
                part, durable: false, screen: origins == nil ? screen : nil,
                progress: progress.map { report in
                    { [total] partDone, _ in report(done + partDone, max(total, done + partDone)) }
                })
            refused += result.refused
            let staged = result.files
            stored += try admitting?.wait() ?? 0
            admitting = Admission(staged, writer: writer)
            for (index, file) in staged.enumerated() {
                bytes += file.digests.size
                try spool.append(
                    FileRecord(
                        name: file.candidate.name, path: file.candidate.relativePath, source: file.candidate.given,
                        digests: file.digests, modified: file.modified, mime: file.mime, alsoIn: nil,
                        extractedFrom: origins?[index]))
                few = few.flatMap { $0.count < 8 ? $0 + [file.digests.sha256] : nil }
            }
            return staged
        }

        /// Waits for the last part to be in the object store, then flushes every part taken in (the copies and their
        /// names in the object store).
        mutating func makeDurable() throws {
            stored += try admitting?.wait() ?? 0
            admitting = nil
            try writer.syncObjects(few)
        }

        /// Finishes the part being moved, if any, so nothing is left running when the intake fails.
        mutating func settle() {
            _ = try? admitting?.wait()
            admitting = nil
        }
    }

    /// One part moved into the object store (`StoreWriter.admit`) on its own thread.
    private final class Admission: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        // Written once by the thread before `done` is signalled, read only after waiting for it.
        private var result: Swift.Result<Int, any Error> = .success(0)
        private var waited = false

        init(_ staged: [StagedFile], writer: StoreWriter) {
            Thread.detachNewThread { [self] in
                result = Swift.Result { try writer.admit(staged, durable: false) }
                done.signal()
            }
        }

        /// How many objects the part added; its error, if moving it failed.
        func wait() throws -> Int {
            if !waited {
                done.wait()
                waited = true
            }
            return try result.get()
        }
    }

    /// The exhibits other than `ref` holding each of `hashes` (a second registration names them).
    private static func exhibitsHolding(_ hashes: Set<String>, other ref: String, _ db: Database) throws -> [String: [String]] {
        var holders: [String: [String]] = [:]
        let sorted = hashes.sorted()
        for start in stride(from: 0, to: sorted.count, by: 500) {
            let batch = Array(sorted[start..<min(start + 500, sorted.count)])
            let rows = try Row.fetchAll(
                db,
                ExhibitFileRow.select(Column("sha256"), Column("exhibit_ref")).distinct()
                    .filter(batch.contains(Column("sha256")) && Column("exhibit_ref") != ref).order(Column("exhibit_ref")))
            for row in rows {
                let hash: String = row["sha256"]
                holders[hash, default: []].append(row["exhibit_ref"])
            }
        }
        return holders
    }
}
