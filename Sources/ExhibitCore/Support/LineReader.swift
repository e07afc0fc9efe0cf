/// Reads a stream line by line (lines end with a line feed, which is not returned; a last line without one is
/// returned too), holding one line and one read buffer at a time, so a file of any length is read in bounded memory.
package final class LineReader {
    private let source: ByteSource
    private let name: String
    private let maxLineBytes: Int
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var finished = false

    /// - Parameters:
    ///   - source: the stream.
    ///   - name: the stream's name, for messages.
    ///   - maxLineBytes: the longest line accepted.
    package init(_ source: ByteSource, name: String, maxLineBytes: Int) {
        self.source = source
        self.name = name
        self.maxLineBytes = maxLineBytes
        buffer = [UInt8](repeating: 0, count: 1 << 16)
    }

    /// The next line, or nil at the end of the stream.
    /// - Throws: `.verificationFailed` when a line is longer than `maxLineBytes`; what the source throws.
    package func next() throws -> [UInt8]? {
        var line: [UInt8] = []
        while true {
            if let newline = buffer[start..<end].firstIndex(of: 0x0A) {
                try append(buffer[start..<newline], to: &line)
                start = newline + 1
                return line
            }
            try append(buffer[start..<end], to: &line)
            start = 0
            end = 0
            if finished { return line.isEmpty ? nil : line }
            let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { finished = true } else { end = count }
        }
    }

    private func append(_ bytes: ArraySlice<UInt8>, to line: inout [UInt8]) throws {
        guard line.count + bytes.count <= maxLineBytes else {
            throw ExhibitError.verificationFailed("\(name) has a line longer than \(maxLineBytes) bytes")
        }
        line.append(contentsOf: bytes)
    }
}
