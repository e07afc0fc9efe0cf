import Foundation
import Testing

@testable import ExhibitCore

/// The sink that lets a bundle be encrypted on one core while it is hashed and written on another.
@Suite struct HandoffSinkTests {
    /// A target that takes bytes until it has `limit` of them, then fails (a full disk).
    final class Target: ByteSink, @unchecked Sendable {
        var bytes: [UInt8] = []
        let limit: Int
        init(limit: Int = .max) { self.limit = limit }
        func write(_ chunk: UnsafeRawBufferPointer) throws {
            guard bytes.count + chunk.count <= limit else { throw ExhibitError.environment("the disk is full") }
            bytes += chunk
        }
    }

    /// Writes of every size, across many 1 MiB pieces, arrive whole and in order.
    @Test func everyByteArrivesInOrder() throws {
        let target = Target()
        let sink = HandoffSink(target: target, depth: 2)
        var expected: [UInt8] = []
        let source = try SecureRandom.bytes((2 << 20) + 7)
        for round in 0..<70 {
            let count = [0, 1, 511, 4096, 65_537, 1 << 20, (1 << 20) + 3][round % 7]
            let chunk = Array(source[round..<(round + count)])
            try chunk.withUnsafeBytes { try sink.write($0) }
            expected += chunk
        }
        try sink.finish()
        try sink.finish()
        #expect(target.bytes.count == expected.count)
        #expect(target.bytes == expected)
    }

    /// The target's failure reaches the writer (at a later write or at the end), and ending again neither hangs nor
    /// hides it.
    @Test func aFailingTargetStopsTheWriter() throws {
        let target = Target(limit: 3 << 20)
        let sink = HandoffSink(target: target, depth: 1)
        let chunk = [UInt8](repeating: 7, count: 1 << 19)
        var failedAt: Int?
        for round in 0..<64 {
            do {
                try chunk.withUnsafeBytes { try sink.write($0) }
            } catch {
                failedAt = round
                break
            }
        }
        #expect(throws: ExhibitError.self) { try sink.finish() }
        #expect(throws: ExhibitError.self) { try sink.finish() }
        // At most one piece waits and one is being written: the failure of the fourth stops the writer by the seventh.
        #expect(failedAt.map { $0 < 14 } == true)
        #expect(target.bytes.count == 3 << 20)
    }

    /// Once `finish` returns nothing of the target is referenced: an export's target wraps a closure that must not
    /// outlive `withoutActuallyEscaping` (before: the thread still held it, and under load the runtime stopped the
    /// process).
    @Test func theTargetIsLetGoOnceFinished() throws {
        weak var released: Target?
        let sink: HandoffSink
        do {
            let target = Target()
            released = target
            sink = HandoffSink(target: target)
            try [UInt8](repeating: 1, count: 3 << 20).withUnsafeBytes { try sink.write($0) }
        }
        try sink.finish()
        #expect(released == nil)
    }
}
