import Foundation

/// RFC 8493 BagIt: the declaration, bag-info, manifests and their checks.
package enum BagIt {
    /// `bagit.txt`.
    static let declaration = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"

    /// A manifest: `hash  path` lines sorted by path, with CR, LF and % percent-encoded as RFC 8493 asks.
    static func manifest(_ entries: [(path: String, sha256: String)]) -> String {
        entries.sorted { $0.path < $1.path }.map { "\($0.sha256)  \(encode($0.path))\n" }.joined()
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
        for line in text.split(separator: "\n") where !line.isEmpty {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                throw ExhibitError.verificationFailed("\(name): malformed line")
            }
            let hash = String(trimmed[..<space]).lowercased()
            let path = decode(trimmed[space...].trimmingCharacters(in: CharacterSet(charactersIn: " \t")))
            guard Hex.isLowerHex(hash, byteCount: 32), !path.isEmpty else {
                throw ExhibitError.verificationFailed("\(name): malformed line for \(path)")
            }
            guard entries.updateValue(hash, forKey: path) == nil else {
                throw ExhibitError.verificationFailed("\(name) lists \(path) twice")
            }
        }
        return entries
    }

    /// The tag files of a bag, in the order they are written: bagit.txt, bag-info.txt, the payload manifest,
    /// `extra`, the tag manifest over all of those, and its detached CMS signature made by `sign`.
    /// - Parameters:
    ///   - info: bag-info.
    ///   - payload: each payload file's path in the bag (`data/…`) and SHA-256.
    ///   - extra: further tag files, listed in the tag manifest.
    ///   - sign: makes the detached signature over the tag manifest.
    /// - Returns: the tag files in order.
    /// - Throws: what `sign` throws.
    package static func tagFiles(
        info: BagInfo, payload: [(path: String, sha256: String)], extra: [BagTagFile],
        sign: ([UInt8]) throws -> [UInt8]
    ) throws -> [BagTagFile] {
        var files = [
            BagTagFile("bagit.txt", bytes: Array(declaration.utf8)),
            BagTagFile("bag-info.txt", bytes: Array(info.marshal().utf8)),
            BagTagFile("manifest-sha256.txt", bytes: Array(manifest(payload).utf8)),
        ]
        files += extra
        let tagManifest = Array(manifest(files.map { (path: $0.path, sha256: $0.sha256) }).utf8)
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
        root: String, entries: [SafeTarExtractor.Entry], name: String, allowedUnlisted: Set<String>, inner: Bool
    ) throws -> BagInfo {
        var files: [String: SafeTarExtractor.Entry] = [:]
        for entry in entries where !entry.isDirectory { files[entry.path] = entry }
        func text(_ path: String) throws -> String {
            guard files[path] != nil, let data = FileManager.default.contents(atPath: "\(root)/\(path)"),
                let text = String(data: data, encoding: .utf8)
            else { throw ExhibitError.verificationFailed("\(name)/\(path) is missing or not UTF-8") }
            return text
        }
        guard files["fetch.txt"] == nil else {
            throw ExhibitError.verificationFailed("\(name) has a fetch.txt, which is refused")
        }
        let declaration = try text("bagit.txt")
        guard declaration.contains("BagIt-Version: 1.0") || declaration.contains("BagIt-Version: 0.97") else {
            throw ExhibitError.verificationFailed("\(name)/bagit.txt does not declare BagIt 1.0")
        }
        let payload = try parseManifest(try text("manifest-sha256.txt"), name: "\(name)/manifest-sha256.txt")
        let dataFiles = files.filter { $0.key.hasPrefix("data/") }
        for (path, hash) in payload {
            guard let entry = dataFiles[path] else {
                throw ExhibitError.verificationFailed("\(name)/\(path) is listed in manifest-sha256.txt but missing")
            }
            guard entry.sha256 == hash else {
                throw ExhibitError.verificationFailed("\(name)/\(path) does not match its manifest hash")
            }
        }
        for path in dataFiles.keys where payload[path] == nil {
            throw ExhibitError.verificationFailed("\(name)/\(path) is not listed in manifest-sha256.txt")
        }
        let tags = try parseManifest(try text("tagmanifest-sha256.txt"), name: "\(name)/tagmanifest-sha256.txt")
        for (path, hash) in tags {
            guard let entry = files[path], !path.hasPrefix("data/") else {
                throw ExhibitError.verificationFailed("\(name)/\(path) is listed in tagmanifest-sha256.txt but missing")
            }
            guard entry.sha256 == hash else {
                throw ExhibitError.verificationFailed("\(name)/\(path) does not match its tag manifest hash")
            }
        }
        for path in files.keys
        where !path.hasPrefix("data/") && tags[path] == nil && path != "tagmanifest-sha256.txt"
            && !allowedUnlisted.contains(path)
        {
            throw ExhibitError.verificationFailed("\(name)/\(path) is not listed in tagmanifest-sha256.txt")
        }
        for required in ["bagit.txt", "bag-info.txt", "manifest-sha256.txt"] where tags[required] == nil {
            throw ExhibitError.verificationFailed("\(name)/tagmanifest-sha256.txt does not cover \(required)")
        }
        let info = try BagInfo.parse(try text("bag-info.txt"), name: "\(name)/bag-info.txt", inner: inner)
        let bytes = dataFiles.values.reduce(Int64(0)) { $0 + $1.size }
        guard info.payloadOxum == oxum(bytes: bytes, files: dataFiles.count) else {
            throw ExhibitError.verificationFailed(
                "\(name)/bag-info.txt: Payload-Oxum \(info.payloadOxum) does not match the payload (\(oxum(bytes: bytes, files: dataFiles.count)))"
            )
        }
        return info
    }
}
