import Foundation

/// Creates an extraction's folders and files, and writes the files' bytes, on a thread of its own, in the order they
/// are handed over, while the extracting thread decrypts, parses and hashes what follows: an archive of many small
/// files is extracted on two cores. Everything is checked before it is handed over; this only writes.
///
/// At most about `queuedBytes` wait. A failure (a full disk, a refused create) is raised by the next hand-over or by
/// `finish`, which must always be called, after a failure too: it waits until the thread has stopped, so nothing is
/// written into the folder once the caller goes on (and deletes it, say).
final class ExtractedFileWriter: @unchecked Sendable {
    private enum Step {
        case folder(String)
        case open(String)
        case bytes([UInt8])
        case close
    }

    private let queuedBytes: Int
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var steps: [Step] = []
    private var bytesWaiting = 0
    private var closed = false
    private var failure: (any Error)?
    private let stopped = DispatchSemaphore(value: 0)
    private var joined = false
    // The thread's own.
    private var descriptor: Int32 = -1
    private var openPath = ""
    private var madeFolder = ""

    /// Starts the thread.
    init(queuedBytes: Int = 8 << 20) {
        self.queuedBytes = queuedBytes
        let thread = Thread { [self] in drain() }
        thread.name = "exhibit-extract"
        thread.start()
    }

    /// Creates a folder (and its parents).
    func makeFolder(_ path: String) throws { try hand(.folder(path), bytes: 0) }

    /// Creates a new file (mode 0600, its folder first if need be); the bytes that follow are written to it.
    func open(_ path: String) throws { try hand(.open(path), bytes: 0) }

    /// Appends bytes to the file opened last.
    func write(_ chunk: UnsafeRawBufferPointer) throws { try hand(.bytes(Array(chunk)), bytes: chunk.count) }

    /// Closes the file opened last.
    func close() throws { try hand(.close, bytes: 0) }

    /// Waits until everything handed over is written and the thread has stopped; raises the first failure. Safe to
    /// call more than once.
    func finish() throws {
        if !joined {
            condition.withLock {
                closed = true
                condition.broadcast()
            }
            stopped.wait()
            joined = true
        }
        if let failure = condition.withLock({ failure }) { throw failure }
    }

    private func hand(_ step: Step, bytes: Int) throws {
        condition.lock()
        defer { condition.unlock() }
        while bytesWaiting >= queuedBytes && failure == nil { condition.wait() }
        if let failure { throw failure }
        steps.append(step)
        bytesWaiting += bytes
        condition.broadcast()
    }

    /// The thread: takes what waits, all at once, and does it, until closed and empty; after a failure it only
    /// empties the queue. A file left open is closed.
    private func drain() {
        while true {
            condition.lock()
            while steps.isEmpty && !closed { condition.wait() }
            let batch = steps
            let failed = failure != nil
            steps = []
            condition.unlock()
            if batch.isEmpty { break }
            var done = 0
            if !failed {
                do {
                    for step in batch {
                        try perform(step)
                        if case .bytes(let bytes) = step { done += bytes.count }
                    }
                } catch {
                    condition.withLock { failure = error }
                }
            }
            condition.withLock {
                bytesWaiting = failure == nil ? bytesWaiting - done : 0
                condition.broadcast()
            }
        }
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
        stopped.signal()
    }

    private func perform(_ step: Step) throws {
        switch step {
        case .folder(let path):
            try FileSystem.makeDirectory(path)
        case .open(let path):
            let folder = Path.parent(path)
            if folder != madeFolder {
                try FileSystem.makeDirectory(folder)
                madeFolder = folder
            }
            descriptor = try FileSystem.createFile(path, mode: 0o600)
            openPath = path
        case .bytes(let bytes):
            try FileSystem.writeAll(descriptor, bytes, path: openPath)
        case .close:
            Glibc.close(descriptor)
            descriptor = -1
        }
    }
}
