import ExhibitCore

/// Keeps content on a known-image hash list out of the HTML report of a received bundle: such an item is shown
/// by its hashes only (no file name, no thumbnail), with the reason.
enum HashListScreen {
    /// `manifest` with the file of every item whose content (in the checked bag at `root`) is on a list of `store`
    /// removed, and the list named in its reason; and those items' positions, whose names the report must not show
    /// either.
    /// - Throws: the store's errors, or `ExhibitError` when a checked file cannot be read.
    static func forReport(_ manifest: BundleManifest, root: String, store: CaseStore) throws -> (
        manifest: BundleManifest, hidden: Set<Int>
    ) {
        let lists = try HashListMatches.load(store)
        guard !lists.isEmpty else { return (manifest, []) }
        var screened = manifest
        var hidden = Set<Int>()
        for index in screened.items.indices {
            guard let file = screened.items[index].file, let match = lists.blocks(try digests(Path.join(root, file)))
            else { continue }
            screened.items[index].file = nil
            screened.items[index].reason = "on known-image hash list \(match.list): not shown"
            hidden.insert(index)
        }
        return (screened, hidden)
    }

    /// The three digests of a file.
    static func digests(_ path: String) throws -> FileDigests {
        let sha256 = try MessageDigest(.sha256)
        let sha1 = try MessageDigest(.sha1)
        let md5 = try MessageDigest(.md5)
        let size = try FileSource(path, sequential: true).forEachChunk { chunk in
            sha256.update(chunk)
            sha1.update(chunk)
            md5.update(chunk)
        }
        return FileDigests(
            size: size, sha256: Hex.encode(sha256.finalize()), sha1: Hex.encode(sha1.finalize()), md5: Hex.encode(md5.finalize()))
    }
}
