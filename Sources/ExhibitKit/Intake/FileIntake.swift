import ExhibitCore
import Foundation

/// A file read once into a staging copy, with its hashes.
struct StagedFile: Sendable {
    let candidate: IntakeCandidate
    let stagingPath: String
    let digests: FileDigests
    let modified: String
    let mime: String
}

/// One part of an intake staged: the copies, in order, and the files the content screen refused (nothing of them
/// is kept).
struct StagedPart: Sendable {
    var files: [StagedFile]
    var refused: [RefusedPath]
}

/// Takes files into the object store's staging area, reading each once. Large files stream through the
/// `HashingPipeline` (three hashes spread over both cores while the copy is written); small files are
/// shared out whole between two workers, each reading, hashing and copying one file at a time, so many
/// small files keep both cores busy too.
enum FileIntake {
    /// Files at least this large use the pipeline.
    static let largeFileThreshold: Int64 = 8 << 20
    /// Copies of files at least this large are written with O_DIRECT.
    static let directCopyThreshold: Int64 = 1 << 20

    /// Stages every candidate, in order.
    /// - Parameters:
    ///   - candidates: the files to take in.
    ///   - staging: the folder that receives the copies (the object store's staging folder).
    ///   - adopt: the candidates are the program's own private files on the store's file system (a received bag
    ///     extracted into a work folder): each is hashed where it is and linked into staging instead of copied, so
    ///     no second file is created for it.
    ///   - screen: looks at each file's first chunk as it is read, before any of it is copied; a file it refuses is
    ///     not staged but listed as refused (by the path the user gave).
    ///   - progress: called (serialised) with bytes done and bytes in all.
    /// - Returns: one staged file per candidate not refused, in the same order, and the refusals.
    /// - Throws: the first error met; staging files already written are removed.
    static func stage(
        _ candidates: [IntakeCandidate], staging: String, adopt: Bool = false, screen: ContentScreen? = nil,
        progress: ((Int64, Int64) -> Void)?
    ) throws -> StagedPart {
        let work = WorkList(candidates, progress: progress)
        let large = candidates.indices.filter { candidates[$0].size >= largeFileThreshold }
        if !large.isEmpty {
            let pipeline = try HashingPipeline()
            for index in large {
                let candidate = candidates[index]
                let staged = Result {
                    try ingest(candidate, staging: staging, adopt: adopt) { source, staging in
                        var mime = "application/octet-stream"
                        var refusal: String?
                        let job = try pipeline.stream(source: source, sourcePath: candidate.source, into: &staging) { head in
                            mime = MediaType.guess(name: candidate.name, head: head)
                            refusal = screen?(head)
                            return refusal == nil
                        }
                        pipeline.finish()
                        if let refusal { throw ContentRefused(reason: refusal) }
                        return (job.digests, mime)
                    }
                }
                work.finish(index, with: staged)
                if case .failure(let error) = staged, !(error is ContentRefused) { break }
            }
        }
        let small = candidates.indices.filter { candidates[$0].size < largeFileThreshold }
        work.queue(small)
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            guard let hasher = try? SmallFileHasher(screen: screen) else {
                work.fail(ExhibitError.environment("cannot allocate a read buffer"))
                return
            }
            while let index = work.next() {
                let candidate = candidates[index]
                work.finish(
                    index,
                    with: Result {
                        try ingest(candidate, staging: staging, adopt: adopt) { source, writer in
                            try hasher.copy(source: source, candidate: candidate, into: &writer)
                        }
                    })
            }
        }
        return try work.results()
    }

    /// A file this program extracted itself into one of its private work folders (a checked bag), with the digests
    /// and media type computed as it was written.
    struct Extracted: Sendable {
        let path: String
        let digests: FileDigests
        let mediaType: String
    }

    /// Takes files this program extracted itself as their own staging copies, without reading them again: each must
    /// still be the regular file of the size that was hashed, and is made read-only. `StoreWriter.admit` then moves
    /// them into the object store from where they are (the work folder is on the store's file system).
    /// - Returns: one staged file per extracted file, in order, staged where it is.
    /// - Throws: `.verificationFailed` when a file is not what was extracted, `.environment` when it cannot be examined.
    static func adopt(extracted files: [Extracted]) throws -> [StagedFile] {
        try files.map { file in
            let source = open(file.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard source >= 0 else { throw FileSystem.error(file.path, "cannot open") }
            defer { close(source) }
            var info = stat()
            guard fstat(source, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int64(info.st_size) == file.digests.size
            else { throw ExhibitError.verificationFailed("\(file.path) changed after it was extracted and checked") }
            guard fchmod(source, 0o444) == 0 else { throw FileSystem.error(file.path, "cannot make read-only") }
            let candidate = IntakeCandidate(
                source: file.path, given: file.path, relativePath: Path.name(file.path), name: Path.name(file.path),
                device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: file.digests.size)
            return StagedFile(
                candidate: candidate, stagingPath: file.path, digests: file.digests, modified: modified(info),
                mime: file.mediaType)
        }
    }

    /// Makes staging copies durable: one fsync each for a few files, one syncfs for many.
    /// - Throws: `.environment` when the disk refuses.
    static func flush(_ staged: [StagedFile], staging: String) throws {
        if staged.count > 8 {
            try FileSystem.syncFileSystem(containing: staging)
            return
        }
        for item in staged { try FileSystem.syncFile(item.stagingPath, what: "the copy") }
    }

    /// A file the content screen refused, thrown from a copy and caught by `stage`.
    struct ContentRefused: Error {
        let reason: String
    }

    /// Opens one file, checks it is the file scanned, copies it into a new staging file with `copy` (or, to adopt
    /// it, hashes it with `copy` writing nothing and links it into staging), and checks the file did not change
    /// while it was read.
    private static func ingest(
        _ candidate: IntakeCandidate, staging folder: String, adopt: Bool,
        copy: (Int32, inout StagingWriter?) throws -> (FileDigests, String)
    ) throws -> StagedFile {
        let source = open(candidate.location, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard source >= 0 else { throw FileSystem.error(candidate.source, "cannot open") }
        defer { close(source) }
        var before = stat()
        guard fstat(source, &before) == 0, (before.st_mode & S_IFMT) == S_IFREG,
            UInt64(before.st_dev) == candidate.device, UInt64(before.st_ino) == candidate.inode
        else {
            throw ExhibitError.badInput("\(candidate.source) changed while exhibit add was scanning it; run the command again")
        }
        if Int64(before.st_size) >= largeFileThreshold { posix_fadvise(source, 0, 0, POSIX_FADV_SEQUENTIAL) }
        if adopt {
            if let adopted = try adoptInPlace(candidate, source: source, before: before, staging: folder, hash: copy) {
                return adopted
            }
            // The store's file system keeps no hard links: the file is copied like any other.
            guard lseek(source, 0, SEEK_SET) == 0 else { throw FileSystem.error(candidate.source, "cannot read") }
        }
        let staging = try StagingWriter.create(in: folder, direct: Int64(before.st_size) >= directCopyThreshold)
        let result: (digests: FileDigests, mime: String)
        do {
            defer { close(staging.descriptor) }
            var writer: StagingWriter? = StagingWriter(descriptor: staging.descriptor, path: staging.path, direct: staging.direct)
            result = try copy(source, &writer)
            guard fchmod(staging.descriptor, 0o444) == 0 else { throw FileSystem.error(staging.path, "cannot make read-only") }
        } catch {
            unlink(staging.path)
            throw error
        }
        guard unchanged(source, since: before, read: result.digests.size) else {
            unlink(staging.path)
            throw changedWhileRead(candidate)
        }
        return StagedFile(
            candidate: candidate, stagingPath: staging.path, digests: result.digests, modified: modified(before),
            mime: result.mime)
    }

    /// Adopts one of the program's own files as its staging copy: hashes it, makes it read-only and links it into
    /// staging (a new name for the same file: nothing is copied, no file is created).
    /// - Returns: the staged file, or nil when the file system does not make hard links (then it must be copied).
    private static func adoptInPlace(
        _ candidate: IntakeCandidate, source: Int32, before: stat, staging folder: String,
        hash: (Int32, inout StagingWriter?) throws -> (FileDigests, String)
    ) throws -> StagedFile? {
        var nothing: StagingWriter?
        let result: (digests: FileDigests, mime: String) = try hash(source, &nothing)
        guard unchanged(source, since: before, read: result.digests.size) else { throw changedWhileRead(candidate) }
        guard fchmod(source, 0o444) == 0 else { throw FileSystem.error(candidate.source, "cannot make read-only") }
        let name = try StagingWriter.newName(in: folder)
        guard try Interruption.creating({ link(candidate.location, name) }) == 0 else {
            if [EPERM, EOPNOTSUPP, ENOTSUP, EXDEV, EMLINK].contains(errno) { return nil }
            throw FileSystem.error(name, "cannot link into staging")
        }
        return StagedFile(
            candidate: candidate, stagingPath: name, digests: result.digests, modified: modified(before), mime: result.mime)
    }

    /// True when the open file still has the size and modification time it had before it was read, and `read`
    /// bytes were read from it.
    private static func unchanged(_ source: Int32, since before: stat, read: Int64) -> Bool {
        var after = stat()
        return fstat(source, &after) == 0 && after.st_size == before.st_size && read == Int64(before.st_size)
            && after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec
    }

    private static func changedWhileRead(_ candidate: IntakeCandidate) -> ExhibitError {
        .badInput("\(candidate.source) changed while it was being read; nothing was registered")
    }

    private static func modified(_ info: stat) -> String {
        Timestamp.format(seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec))
    }
}

/// Reads, hashes (SHA-256, SHA-1, MD5) and copies one small file at a time with its own buffer and digests.
private final class SmallFileHasher {
    private let buffer: UnsafeMutableRawBufferPointer
    private let digester: FileDigester
    private let screen: ContentScreen?

    init(screen: ContentScreen?) throws {
        digester = try FileDigester()
        self.screen = screen
        var pointer: UnsafeMutableRawPointer?
        let size = 1 << 20
        guard posix_memalign(&pointer, StagingWriter.alignment, size) == 0, let pointer else {
            throw ExhibitError.environment("cannot allocate a read buffer")
        }
        buffer = UnsafeMutableRawBufferPointer(start: pointer, count: size)
    }

    deinit { free(buffer.baseAddress) }

    func copy(source: Int32, candidate: IntakeCandidate, into writer: inout StagingWriter?) throws -> (FileDigests, String) {
        try digester.restart()
        guard let base = buffer.baseAddress else { throw ExhibitError.environment("no read buffer") }
        var first = true
        while true {
            let count = read(source, base, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystem.error(candidate.source, "cannot read")
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(start: base, count: count)
            if first, let refusal = screen?(chunk) { throw FileIntake.ContentRefused(reason: refusal) }
            first = false
            digester.update(chunk)
            try writer?.write(chunk)
        }
        return (digester.finish(), digester.mediaType(name: candidate.name))
    }
}

/// The shared state of the two small-file workers: which file is next, the results, the first error.
private final class WorkList: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [Int] = []
    private var cursor = 0
    private var staged: [Int: Result<StagedFile, any Error>] = [:]
    private var failed = false
    private let candidates: [IntakeCandidate]
    private let total: Int64
    private var done: Int64 = 0
    private let progress: ((Int64, Int64) -> Void)?

    init(_ candidates: [IntakeCandidate], progress: ((Int64, Int64) -> Void)?) {
        self.candidates = candidates
        total = candidates.reduce(0) { $0 + $1.size }
        self.progress = progress
    }

    func queue(_ indices: [Int]) {
        lock.withLock { pending = indices }
    }

    /// The next file to take, or nil when there is none or a worker failed.
    func next() -> Int? {
        lock.withLock {
            guard !failed, cursor < pending.count else { return nil }
            defer { cursor += 1 }
            return pending[cursor]
        }
    }

    func finish(_ index: Int, with result: Result<StagedFile, any Error>) {
        lock.withLock {
            staged[index] = result
            switch result {
            case .success(let file):
                done += file.digests.size
                progress?(done, total)
            case .failure(let error) where error is FileIntake.ContentRefused:
                break
            case .failure:
                failed = true
            }
        }
    }

    func fail(_ error: any Error) {
        lock.withLock {
            failed = true
            staged[-1] = .failure(error)
        }
    }

    /// Every staged file in order and the files the screen refused; on any other failure, removes the staging files
    /// and throws the first error.
    func results() throws -> StagedPart {
        try lock.withLock {
            var part = StagedPart(files: [], refused: [])
            var firstError: (any Error)?
            if case .failure(let error)? = staged[-1] { firstError = error }
            for index in candidates.indices {
                switch staged[index] {
                case .success(let file)?: part.files.append(file)
                case .failure(let refusal as FileIntake.ContentRefused)?:
                    part.refused.append(RefusedPath(path: candidates[index].given, reason: refusal.reason))
                case .failure(let error)?: if firstError == nil { firstError = error }
                case nil: if firstError == nil { firstError = ExhibitError.environment("a file was not read") }
                }
            }
            if let firstError {
                for file in part.files { unlink(file.stagingPath) }
                throw firstError
            }
            return part
        }
    }
}
