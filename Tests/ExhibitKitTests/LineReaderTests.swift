import Foundation
import Testing

@testable import ExhibitCore

/// `LineReader`: lines as `split` would give them, whatever the reads' sizes, one line held at a time.
struct LineReaderTests {
    /// Gives at most `step` bytes per read, so lines cross read boundaries.
    final class SteppedSource: ByteSource {
        private let bytes: [UInt8]
        private let step: Int
        private var offset = 0

        init(_ bytes: [UInt8], step: Int) {
            self.bytes = bytes
            self.step = step
        }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let count = min(step, buffer.count, bytes.count - offset)
            guard count > 0 else { return 0 }
            bytes.withUnsafeBytes { all in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[offset..<offset + count]))
            }
            offset += count
            return count
        }
    }

    static func lines(_ text: [UInt8], step: Int, max: Int = .max) throws -> [[UInt8]] {
        let reader = LineReader(SteppedSource(text, step: step), name: "test.jsonl", maxLineBytes: max)
        var lines: [[UInt8]] = []
        while let line = try reader.next() { lines.append(line) }
        return lines
    }

    @Test func linesAreReturnedWholeWhateverTheReadSizes() throws {
        // A line longer than the reader's 64 KiB buffer, a blank line, and a last line without a line feed.
        let long = [UInt8](repeating: 0x61, count: 200_000)
        let text = Array("first\n".utf8) + long + [0x0A, 0x0A] + Array("é last".utf8)
        let expected: [[UInt8]] = [Array("first".utf8), long, [], Array("é last".utf8)]
        for step in [1, 7, 4096, 1 << 16, 1 << 20] {
            #expect(try Self.lines(text, step: step) == expected, "reads of \(step) bytes")
        }
        #expect(try Self.lines(Array("one\ntwo\n".utf8), step: 3) == [Array("one".utf8), Array("two".utf8)])
        #expect(try Self.lines([], step: 5).isEmpty)
    }

    @Test func aLineLongerThanTheLimitIsRefusedNamingTheStream() throws {
        let text = Array("short\n".utf8) + [UInt8](repeating: 0x62, count: 100) + [0x0A]
        #expect(try Self.lines(text, step: 9, max: 100).count == 2)
        let error = #expect(throws: ExhibitError.self) { try Self.lines(text, step: 9, max: 99) }
        #expect(error?.message.contains("test.jsonl has a line longer than 99 bytes") == true)
    }
}
