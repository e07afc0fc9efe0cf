import ExhibitCore

/// Keeps content on a known-image hash list out of the HTML report of a received bundle: such an item is shown
/// by its hashes only (no file name, no thumbnail), with the reason.
enum HashListScreen {
    /// `manifest` with the file of every item whose content is on a list of `store` removed, and the list named in its
    /// reason; and those items' positions, whose names the report must not show either.
    /// - Parameters:
    ///   - manifest: the checked item manifest.
    ///   - payload: the checked bag's payload file at a path in the bag, with its digests (`BundleChecker.Checked`).
    ///   - store: the receiving store, whose hash lists are screened against.
    /// - Returns: the manifest as the report shows it, and the positions of the items it hides.
    /// - Throws: the store's errors, or `.verificationFailed` for an item whose file was not checked.
    static func forReport(_ manifest: BundleManifest, payload: (String) throws -> SafeTarExtractor.Entry?, store: CaseStore)
        throws -> (
            manifest: BundleManifest, hidden: Set<Int>
        )
    {
        let lists = try HashListMatches.load(store)
        guard !lists.isEmpty else { return (manifest, []) }
        var screened = manifest
        var hidden = Set<Int>()
        for index in screened.items.indices {
            guard let file = screened.items[index].file else { continue }
            guard let digests = try payload(file)?.digests else {
                throw ExhibitError.verificationFailed("\(file) is not in the bag as it was checked")
            }
            guard let match = lists.blocks(digests) else { continue }
            screened.items[index].file = nil
            screened.items[index].reason = "on known-image hash list \(match.list): not shown"
            hidden.insert(index)
        }
        return (screened, hidden)
    }
}
