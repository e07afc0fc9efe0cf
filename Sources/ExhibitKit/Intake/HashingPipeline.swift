import ExhibitCore
import Foundation

/// Reads files once and, from the same buffers, writes a copy and computes SHA-256, SHA-1 and MD5 on two
/// threads: MD5 (the slowest) on one, SHA-256 then SHA-1 on the other, while the calling thread reads the
/// next chunk and writes the copy. Memory is fixed: `slotCount` buffers of `slotSize` bytes, whatever
/// the file sizes.
///
/// Files are streamed one after another without waiting for the hashes of the previous one; call
/// `finish()` before reading any `HashJob.digests`.
final class HashingPipeline: @unchecked Sendable {
    /// One file's hash state; `digests` is set once the pipeline has finished it.
    final class HashJob: @unchecked Sendable {
        fileprivate let md5: MessageDigest
        fileprivate let sha256: MessageDigest
        fileprivate let sha1: MessageDigest
        fileprivate var md5Hex = ""
        fileprivate var shaHex = ("", "")
        /// Bytes read.
        fileprivate(set) var size: Int64 = 0

        fileprivate init() throws {
            md5 = try MessageDigest(.md5)
            sha256 = try MessageDigest(.sha256)
            sha1 = try MessageDigest(.sha1)
        }

        /// The result, valid after `HashingPipeline.finish()`.
        var digests: FileDigests { FileDigests(size: size, sha256: shaHex.0, sha1: shaHex.1, md5: md5Hex) }
    }

    /// A chunk buffer shared read-only between the two hashing threads.
    private struct Chunk: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer
        let slot: Int
    }

    let slotSize: Int
    private let slots: [UnsafeMutableRawPointer]
    private var nextSlot = 0
    private let freeSlots: DispatchSemaphore
    private let md5Queue = DispatchQueue(label: "exhibit.hash.md5", qos: .userInitiated)
    private let shaQueue = DispatchQueue(label: "exhibit.hash.sha", qos: .userInitiated)
    private let releaseLock = NSLock()
    private var pendingHashers: [Int]

    /// Allocates the buffers (aligned for O_DIRECT).
    init(slotCount: Int = 6, slotSize: Int = 2 << 20) throws {
        self.slotSize = slotSize
        var allocated: [UnsafeMutableRawPointer] = []
        for _ in 0..<slotCount {
            var pointer: UnsafeMutableRawPointer?
            guard posix_memalign(&pointer, StagingWriter.alignment, slotSize) == 0, let pointer else {
                for pointer in allocated { free(pointer) }
                throw ExhibitError.environment("cannot allocate \(slotCount * slotSize) bytes of read buffers")
            }
            allocated.append(pointer)
        }
        slots = allocated
        pendingHashers = Array(repeating: 0, count: slotCount)
        freeSlots = DispatchSemaphore(value: slotCount)
    }

    deinit {
        finish()
        for slot in slots { free(slot) }
    }

    /// Waits until every chunk handed out so far is hashed and every job finalised.
    func finish() {
        md5Queue.sync {}
        shaQueue.sync {}
    }

    /// Streams one open file through the pipeline.
    /// - Parameters:
    ///   - source: a descriptor open for reading, positioned at the start.
    ///   - sourcePath: for messages.
    ///   - copy: where to write the copy (nil: hash only).
    ///   - firstChunk: called on this thread with the first bytes read (for type sniffing and screening), before they
    ///     are copied; false stops the stream there (nothing is copied and the job's digests are not to be used).
    /// - Returns: the job whose digests are ready after `finish()`.
    /// - Throws: `ExhibitError` when reading or writing fails.
    func stream(
        source: Int32, sourcePath: String, into copy: inout StagingWriter?,
        firstChunk: (UnsafeRawBufferPointer) -> Bool
    ) throws -> HashJob {
        let job = try HashJob()
        var total: Int64 = 0
        var first = true
        while true {
            freeSlots.wait()
            let slot = nextSlot
            nextSlot = (nextSlot + 1) % slots.count
            let base = slots[slot]
            var filled = 0
            do {
                while filled < slotSize {
                    let count = read(source, base + filled, slotSize - filled)
                    if count < 0 {
                        if errno == EINTR { continue }
                        throw FileSystem.error(sourcePath, "cannot read")
                    }
                    if count == 0 { break }
                    filled += count
                }
            } catch {
                freeSlots.signal()
                throw error
            }
            if filled == 0 {
                freeSlots.signal()
                break
            }
            let chunk = Chunk(bytes: UnsafeRawBufferPointer(start: base, count: filled), slot: slot)
            if first {
                first = false
                guard firstChunk(chunk.bytes) else {
                    freeSlots.signal()
                    return job
                }
            }
            // The hashers and the copy read the same buffer; it is released when both hashers are done
            // (the copy is written before this thread asks for the next buffer).
            hash(chunk, job)
            try copy?.write(chunk.bytes)
            total += Int64(filled)
            if filled < slotSize { break }
        }
        job.size = total
        md5Queue.async { job.md5Hex = Hex.encode(job.md5.finalize()) }
        shaQueue.async { job.shaHex = (Hex.encode(job.sha256.finalize()), Hex.encode(job.sha1.finalize())) }
        return job
    }

    private func hash(_ chunk: Chunk, _ job: HashJob) {
        releaseLock.lock()
        pendingHashers[chunk.slot] = 2
        releaseLock.unlock()
        md5Queue.async {
            job.md5.update(chunk.bytes)
            self.release(chunk.slot)
        }
        shaQueue.async {
            job.sha256.update(chunk.bytes)
            job.sha1.update(chunk.bytes)
            self.release(chunk.slot)
        }
    }

    private func release(_ slot: Int) {
        releaseLock.lock()
        pendingHashers[slot] -= 1
        let done = pendingHashers[slot] == 0
        releaseLock.unlock()
        if done { freeSlots.signal() }
    }
}
