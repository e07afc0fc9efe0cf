/// JPEG at the marker level: application segments (EXIF and its thumbnail, XMP, IPTC/Photoshop, ICC
/// profiles, maker data), comments and anything after the end-of-image marker are removed; the tables and
/// the entropy-coded image data are copied byte for byte, so the picture is not re-compressed.
enum JPEGFile {
    /// A minimal JFIF APP0 (version 1.01, square pixels, no thumbnail), written when no Adobe segment says
    /// how to read the colour.
    static let minimalJFIF: [UInt8] = [
        0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
    ]

    /// The JPEG without metadata.
    /// - Returns: the new file and a count of what was removed (`exif`, `xmp`, `iptc`, `icc-profile`,
    ///   `comment`, `jfif`, `app-other`, `trailing-data`).
    /// - Throws: `ExhibitError.badInput` when the JPEG is malformed or truncated.
    static func stripped(_ bytes: [UInt8]) throws -> (output: [UInt8], removed: [String: Int]) {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw ExhibitError.badInput("not a JPEG file") }
        var segments: [ArraySlice<UInt8>] = []
        var removed: [String: Int] = [:]
        var hasAdobe = false
        var sawFrame = false
        var offset = 2
        var finished = false
        while offset < bytes.count {
            guard bytes[offset] == 0xFF else {
                throw ExhibitError.badInput("the JPEG is malformed (no marker at byte \(offset))")
            }
            var markerOffset = offset + 1
            while markerOffset < bytes.count, bytes[markerOffset] == 0xFF { markerOffset += 1 }
            guard markerOffset < bytes.count else { throw ExhibitError.badInput("the JPEG is truncated") }
            let marker = bytes[markerOffset]
            let start = markerOffset - 1
            if marker == 0xD9 {
                segments.append(bytes[start...markerOffset])
                if markerOffset + 1 < bytes.count { removed["trailing-data", default: 0] += 1 }
                finished = true
                break
            }
            if (0xD0...0xD7).contains(marker) || marker == 0x01 {
                segments.append(bytes[start...markerOffset])
                offset = markerOffset + 1
                continue
            }
            guard markerOffset + 2 < bytes.count else { throw ExhibitError.badInput("the JPEG is truncated") }
            let length = Int(bytes[markerOffset + 1]) << 8 | Int(bytes[markerOffset + 2])
            let end = markerOffset + 1 + length
            guard length >= 2, end <= bytes.count else { throw ExhibitError.badInput("the JPEG is truncated") }
            let payload = bytes[(markerOffset + 3)..<end]
            switch marker {
            case 0xDA:
                guard sawFrame else { throw ExhibitError.badInput("the JPEG has image data before its frame header") }
                // Scan header, then entropy-coded data up to the next marker that is not a restart or stuffing.
                var scanEnd = end
                while scanEnd + 1 < bytes.count {
                    if bytes[scanEnd] == 0xFF, bytes[scanEnd + 1] != 0x00, !(0xD0...0xD7).contains(bytes[scanEnd + 1]) { break }
                    scanEnd += 1
                }
                guard scanEnd + 1 < bytes.count else {
                    throw ExhibitError.badInput("the JPEG is truncated (no end-of-image marker)")
                }
                segments.append(bytes[start..<scanEnd])
                offset = scanEnd
                continue
            case 0xC0...0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
                sawFrame = true
                segments.append(bytes[start..<end])
            case 0xC4, 0xDB, 0xDD, 0xCC, 0xDC:
                segments.append(bytes[start..<end])
            case 0xEE where payload.starts(with: Array("Adobe".utf8)):
                hasAdobe = true
                segments.append(bytes[start..<end])
            case 0xE0...0xEF, 0xFE:
                removed[label(marker: marker, payload: payload), default: 0] += 1
            default:
                removed["app-other", default: 0] += 1
            }
            offset = end
        }
        guard finished, sawFrame else { throw ExhibitError.badInput("the JPEG is truncated (no end-of-image marker)") }
        var output: [UInt8] = [0xFF, 0xD8]
        output.reserveCapacity(bytes.count)
        if !hasAdobe { output += minimalJFIF }
        for segment in segments { output += segment }
        return (output, removed)
    }

    private static func label(marker: UInt8, payload: ArraySlice<UInt8>) -> String {
        switch marker {
        case 0xFE: return "comment"
        case 0xE0: return "jfif"
        case 0xE1 where payload.starts(with: Array("Exif\0".utf8)): return "exif"
        case 0xE1: return "xmp"
        case 0xE2 where payload.starts(with: Array("ICC_PROFILE".utf8)): return "icc-profile"
        case 0xED: return "iptc"
        default: return "app-other"
        }
    }
}
