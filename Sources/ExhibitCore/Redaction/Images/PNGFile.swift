/// PNG at the chunk level: every chunk's length and CRC checked, metadata chunks removed, the image data
/// (IHDR, PLTE, IDAT…) copied byte for byte, so the pixels are unchanged.
package enum PNGFile {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Chunks that carry the image and how to show it; everything else is dropped.
    static let kept: Set<String> = ["IHDR", "PLTE", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "IDAT", "IEND"]

    struct Chunk {
        let type: String
        /// The whole chunk: length, type, data, CRC.
        let range: Range<Int>
    }

    /// The chunks of a PNG, checked.
    /// - Throws: `ExhibitError.badInput` when the signature, a length, a CRC or the chunk order is wrong, or
    ///   the file does not end with IEND.
    static func chunks(_ bytes: [UInt8]) throws -> [Chunk] {
        guard bytes.starts(with: signature) else { throw ExhibitError.badInput("not a PNG file") }
        var chunks: [Chunk] = []
        var offset = signature.count
        while offset < bytes.count {
            guard offset + 12 <= bytes.count else { throw ExhibitError.badInput("the PNG is truncated") }
            let length =
                Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length <= 0x7FFF_FFFF, offset + 12 + length <= bytes.count else {
                throw ExhibitError.badInput("the PNG is truncated")
            }
            let typeBytes = bytes[(offset + 4)..<(offset + 8)]
            guard typeBytes.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }) else {
                throw ExhibitError.badInput("the PNG has a malformed chunk")
            }
            let type = String(decoding: typeBytes, as: UTF8.self)
            let crcStored = bytes[(offset + 8 + length)..<(offset + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard CRC32.checksum(bytes[(offset + 4)..<(offset + 8 + length)]) == crcStored else {
                throw ExhibitError.badInput("the PNG chunk \(type) is damaged (CRC mismatch)")
            }
            chunks.append(Chunk(type: type, range: offset..<(offset + 12 + length)))
            offset += 12 + length
            if type == "IEND" { break }
        }
        guard chunks.first?.type == "IHDR", chunks.last?.type == "IEND", chunks.contains(where: { $0.type == "IDAT" }) else {
            throw ExhibitError.badInput("the PNG is incomplete (IHDR, IDAT or IEND missing)")
        }
        return chunks
    }

    /// The PNG without metadata chunks (text, time, EXIF, colour profile, anything not needed to show it),
    /// and anything after IEND.
    /// - Returns: the new file and a count of what was removed, by chunk type.
    /// - Throws: `ExhibitError.badInput` when the PNG is malformed.
    static func stripped(_ bytes: [UInt8]) throws -> (output: [UInt8], removed: [String: Int]) {
        let chunks = try chunks(bytes)
        var output = signature
        output.reserveCapacity(bytes.count)
        var removed: [String: Int] = [:]
        for chunk in chunks {
            if kept.contains(chunk.type) {
                output += bytes[chunk.range]
            } else {
                removed["png-\(chunk.type)", default: 0] += 1
            }
        }
        if let end = chunks.last?.range.upperBound, end < bytes.count { removed["trailing-data", default: 0] += 1 }
        return (output, removed)
    }
}

/// CRC-32 (ISO 3309, as PNG uses it).
package enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
