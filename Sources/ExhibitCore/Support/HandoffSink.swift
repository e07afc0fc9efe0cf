import Foundation

/// A sink that hands what is written, in 1 MiB pieces, to a thread of its own, which writes them to `target` in
/// order: the writer goes on (reading and encrypting the next files) while the other thread hashes and stores what
/// it was given, so a bundle is made on two cores. At most `depth` pieces wait. A failure of the target is raised
/// by the next write or by `finish`, which must always be called: it waits until the thread has stopped.
final class HandoffSink: ByteSink, @unchecked Sendable {
    /// Read and let go by the thread only: nothing of the target stays referenced once `finish` returns (a target
    /// may wrap a closure that must not outlive its caller's `withoutActuallyEscaping`).
    private var target: ByteSink?
    private let depth: Int
    private static let pieceBytes = 1 << 20
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [[UInt8]] = []
    private var closed = false
    private var failure: (any Error)?
    // The writer's own piece, filled before it is handed over.
    private var piece: [UInt8] = []
    private let stopped = DispatchSemaphore(value: 0)
    private var joined = false

    /// Starts the thread that writes to `target`.
    init(target: ByteSink, depth: Int = 4) {
        self.target = target
        self.depth = depth
        piece.reserveCapacity(Self.pieceBytes)
        let thread = Thread { [self] in drain() }
        thread.name = "exhibit-handoff"
        thread.start()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var rest = bytes
        while !rest.isEmpty {
            let count = min(rest.count, Self.pieceBytes - piece.count)
            piece.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[..<count]))
            rest = UnsafeRawBufferPointer(rebasing: rest[count...])
            if piece.count == Self.pieceBytes { try handOver() }
        }
    }

    /// Hands over what is left, waits until the thread has written everything and stopped, and raises the
    /// target's failure if it had one. Safe to call more than once (after a failure, say).
    func finish() throws {
        var handOverFailure: (any Error)?
        if !joined {
            do { try handOver() } catch { handOverFailure = error }
            condition.lock()
            closed = true
            condition.broadcast()
            condition.unlock()
            stopped.wait()
            joined = true
        }
        if let failure = condition.withLock({ failure }) ?? handOverFailure { throw failure }
    }

    private func handOver() throws {
        guard !piece.isEmpty else { return }
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && failure == nil { condition.wait() }
        if let failure { throw failure }
        queue.append(piece)
        piece = []
        piece.reserveCapacity(Self.pieceBytes)
        condition.broadcast()
    }

    /// The thread: writes each piece in order until closed and empty, lets go of the target, and says it stopped.
    private func drain() {
        if let target { writePieces(to: target) }
        target = nil
        stopped.signal()
    }

    /// Writes each piece in order until closed and empty; after a failure it only empties the queue.
    private func writePieces(to target: ByteSink) {
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            guard !queue.isEmpty else {
                condition.unlock()
                break
            }
            let next = queue.removeFirst()
            let failed = failure != nil
            condition.broadcast()
            condition.unlock()
            guard !failed else { continue }
            do {
                try next.withUnsafeBytes { try target.write($0) }
            } catch {
                condition.lock()
                failure = error
                condition.broadcast()
                condition.unlock()
            }
        }
    }
}
