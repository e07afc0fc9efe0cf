import Foundation

/// RFC 8493 BagIt: the declaration, bag-info, manifests and their checks.
package enum BagIt {
    /// `bagit.txt`.
    static let declaration = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"

    /// A manifest: `hash  path` lines sorted by path, with CR, LF and % percent-encoded as RFC 8493 asks.
    /// - Throws: `.environment` when a path is listed twice.
    static func manifest(_ entries: [(path: String, sha256: String)]) throws -> [UInt8] {
        let order = entries.indices.sorted { entries[$0].path < entries[$1].path }
        var text: [UInt8] = []
        try writeManifest(sorted: order.lazy.map { entries[$0] }) { text += $0 }
        return text
    }

    /// Writes a manifest whose entries are given in its order (sorted by path, as `manifest` sorts them) through
    /// `write`, some 64 KiB of lines at a time: a phone extraction's payload manifest lists a hundred thousand files,
    /// and neither its lines nor its text are held.
    /// - Throws: `.environment` when an entry's path does not come after the one before it (out of order, or listed
    ///   twice); what `write` throws.
    static func writeManifest(
        sorted entries: some Sequence<(path: String, sha256: String)>, to write: ([UInt8]) throws -> Void
    ) throws {
        let piece = 1 << 16
        var buffer: [UInt8] = []
        buffer.reserveCapacity(piece + 4096)
        var previous: String?
        for entry in entries {
            if let previous, !(previous < entry.path) {
                throw ExhibitError.environment("a bag manifest lists \(entry.path) twice or out of order")
            }
            previous = entry.path
            buffer += entry.sha256.utf8
            buffer += [0x20, 0x20]
            buffer += encode(entry.path).utf8
            buffer.append(0x0A)
            if buffer.count >= piece {
                try write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try write(buffer) }
    }

    /// The payload manifest written to `file` (a new file in a work folder) from entries given in path order
    /// (`writeManifest(sorted:to:)`), for a bag of many files.
    /// - Throws: `.environment` when the file cannot be written or the entries are out of order.
    package static func payloadManifest(
        sorted entries: some Sequence<(path: String, sha256: String)>, to file: String
    ) throws -> BagTagFile {
        try BagTagFile.written("manifest-sha256.txt", to: file) { write in try writeManifest(sorted: entries, to: write) }
    }

    /// `Payload-Oxum`: total payload bytes and file count.
    package static func oxum(bytes: Int64, files: Int) -> String { "\(bytes).\(files)" }

    private static func encode(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func decode(_ path: String) -> String {
        path.replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0D", with: "\r")
            .replacingOccurrences(of: "%25", with: "%")
    }

    /// Parses a manifest into path → hash.
    /// - Throws: `ExhibitError.verificationFailed` for a malformed line or a path listed twice.
    static func parseManifest(_ text: String, name: String) throws -> [String: String] {
        var entries: [String: String] = [:]
        for line in Array(text.utf8).split(separator: 0x0A) {
            guard let (hash, path) = try manifestLine(line, name: name) else { continue }
            guard entries.updateValue(hash, forKey: path) == nil else {
                throw ExhibitError.verificationFailed("\(name) lists \(path) twice")
            }
        }
        return entries
    }

    /// One manifest line (without its line feed; a carriage return before it is dropped): the hash, lowercased, and
    /// the path, percent-decoded; nil for an empty line.
    /// - Throws: `ExhibitError.verificationFailed` for a line that is not UTF-8, `HASH  PATH` or a SHA-256.
    static func manifestLine(_ line: ArraySlice<UInt8>, name: String) throws -> (hash: String, path: String)? {
        let trimmed = line.last == 0x0D ? line.dropLast() : line
        guard !trimmed.isEmpty else { return nil }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let space = trimmed.firstIndex(where: blank), let text = String(validating: trimmed, as: UTF8.self) else {
            throw ExhibitError.verificationFailed("\(name): malformed line")
        }
        let hash = String(decoding: trimmed[..<space], as: UTF8.self).lowercased()
        var rest = trimmed[space...]
        while let first = rest.first, blank(first) { rest = rest.dropFirst() }
        while let last = rest.last, blank(last) { rest = rest.dropLast() }
        let path = decode(String(decoding: rest, as: UTF8.self))
        guard Hex.isLowerHex(hash, byteCount: 32), !path.isEmpty else {
            throw ExhibitError.verificationFailed("\(name): malformed line for \(path.isEmpty ? text : path)")
        }
        return (hash, path)
    }

    /// The tag files of a bag, in the order they are written: bagit.txt, bag-info.txt, the payload manifest,
    /// `extra`, the tag manifest over all of those, and its detached CMS signature made by `sign`.
    /// - Parameters:
    ///   - info: bag-info.
    ///   - payload: each payload file's path in the bag (`data/…`) and SHA-256.
    ///   - extra: further tag files, listed in the tag manifest.
    ///   - sign: makes the detached signature over the tag manifest.
    /// - Returns: the tag files in order.
    /// - Throws: what `sign` throws; `.environment` when a path is listed twice.
    package static func tagFiles(
        info: BagInfo, payload: [(path: String, sha256: String)], extra: [BagTagFile], sign: ([UInt8]) throws -> [UInt8]
    ) throws -> [BagTagFile] {
        try tagFiles(
            info: info, payloadManifest: BagTagFile("manifest-sha256.txt", bytes: try manifest(payload)), extra: extra, sign: sign
        )
    }

    /// The tag files of a bag whose payload manifest is already written (`payloadManifest(sorted:to:)`), in the order
    /// `tagFiles(info:payload:extra:sign:)` gives them.
    /// - Throws: what `sign` throws.
    package static func tagFiles(
        info: BagInfo, payloadManifest: BagTagFile, extra: [BagTagFile], sign: ([UInt8]) throws -> [UInt8]
    ) throws -> [BagTagFile] {
        var files = [
            BagTagFile("bagit.txt", bytes: Array(declaration.utf8)),
            BagTagFile("bag-info.txt", bytes: Array(info.marshal().utf8)),
            payloadManifest,
        ]
        files += extra
        let tagManifest = try manifest(files.map { (path: $0.path, sha256: $0.sha256) })
        files.append(BagTagFile("tagmanifest-sha256.txt", bytes: tagManifest))
        files.append(BagTagFile("tagmanifest-sha256.txt.p7s", bytes: try sign(tagManifest)))
        return files
    }

    /// Checks an extracted bag: the declaration, that the payload manifest lists exactly the files under
    /// `data/` with their hashes, that every tag file is listed in the tag manifest with its hash (except
    /// `allowedUnlisted`), the Payload-Oxum, and that there is no `fetch.txt`.
    /// - Parameters:
    ///   - root: the bag's folder.
    ///   - entries: the extracted files, relative to the bag (with the hashes computed while extracting).
    ///   - name: the bag's name, for messages.
    ///   - allowedUnlisted: tag files that may be missing from the tag manifest (its own signature).
    ///   - inner: true for the inner bag, whose bag-info must carry the inner statements.
    /// - Returns: the parsed bag-info.
    /// - Throws: `ExhibitError.verificationFailed` naming the file at fault.
    package static func validate(
        root: String, entries: some ExtractedEntries, name: String, allowedUnlisted: Set<String>, inner: Bool
    ) throws -> BagInfo {
        func text(_ path: String) throws -> String {
            guard try entries.file(path) != nil, let data = FileManager.default.contents(atPath: "\(root)/\(path)"),
                let text = String(data: data, encoding: .utf8)
            else { throw ExhibitError.verificationFailed("\(name)/\(path) is missing or not UTF-8") }
            return text
        }
        guard try entries.file("fetch.txt") == nil else {
            throw ExhibitError.verificationFailed("\(name) has a fetch.txt, which is refused")
        }
        let declaration = try text("bagit.txt")
        guard declaration.contains("BagIt-Version: 1.0") || declaration.contains("BagIt-Version: 0.97") else {
            throw ExhibitError.verificationFailed("\(name)/bagit.txt does not declare BagIt 1.0")
        }
        // The payload manifest, a line at a time (a line per file: it may list a million): each line names a payload
        // file with its hash, no file twice; then every payload file must have been named.
        let manifestName = "\(name)/manifest-sha256.txt"
        guard try entries.file("manifest-sha256.txt") != nil else {
            throw ExhibitError.verificationFailed("\(manifestName) is missing or not UTF-8")
        }
        let lines = LineReader(
            try FileSource("\(root)/manifest-sha256.txt", sequential: true), name: manifestName, maxLineBytes: 1 << 16)
        while let line = try lines.next() {
            guard let (hash, path) = try manifestLine(line[...], name: manifestName) else { continue }
            let missing = ExhibitError.verificationFailed("\(name)/\(path) is listed in manifest-sha256.txt but missing")
            guard path.hasPrefix("data/") else { throw missing }
            switch try entries.markListed(path) {
            case .missing: throw missing
            case .listedBefore: throw ExhibitError.verificationFailed("\(manifestName) lists \(path) twice")
            case .file(let entry):
                guard entry.sha256 == hash else {
                    throw ExhibitError.verificationFailed("\(name)/\(path) does not match its manifest hash")
                }
            }
        }
        let tags = try parseManifest(try text("tagmanifest-sha256.txt"), name: "\(name)/tagmanifest-sha256.txt")
        // One pass over the files: every payload file listed (and counted), every tag file in the tag manifest.
        var bytes: Int64 = 0
        var dataFiles = 0
        try entries.forEachFile { entry, listed in
            if entry.path.hasPrefix("data/") {
                guard listed else {
                    throw ExhibitError.verificationFailed("\(name)/\(entry.path) is not listed in manifest-sha256.txt")
                }
                bytes += entry.size
                dataFiles += 1
            } else if tags[entry.path] == nil, entry.path != "tagmanifest-sha256.txt", !allowedUnlisted.contains(entry.path) {
                throw ExhibitError.verificationFailed("\(name)/\(entry.path) is not listed in tagmanifest-sha256.txt")
            }
        }
        for (path, hash) in tags {
            guard !path.hasPrefix("data/"), let entry = try entries.file(path) else {
                throw ExhibitError.verificationFailed("\(name)/\(path) is listed in tagmanifest-sha256.txt but missing")
            }
            guard entry.sha256 == hash else {
                throw ExhibitError.verificationFailed("\(name)/\(path) does not match its tag manifest hash")
            }
        }
        for required in ["bagit.txt", "bag-info.txt", "manifest-sha256.txt"] where tags[required] == nil {
            throw ExhibitError.verificationFailed("\(name)/tagmanifest-sha256.txt does not cover \(required)")
        }
        let info = try BagInfo.parse(try text("bag-info.txt"), name: "\(name)/bag-info.txt", inner: inner)
        guard info.payloadOxum == oxum(bytes: bytes, files: dataFiles) else {
            throw ExhibitError.verificationFailed(
                "\(name)/bag-info.txt: Payload-Oxum \(info.payloadOxum) does not match the payload (\(oxum(bytes: bytes, files: dataFiles)))"
            )
        }
        return info
    }
}
