/// A registration as ledger entries of bounded size: the `registered` (or `received`) entry lists the first
/// `filesPerEntry` files and says how many the exhibit holds (`fileCount`); `registered-files` entries list the
/// rest in order, in the same commit. A registration of up to `filesPerEntry` files is one entry, as before.
package enum RegistrationEntries {
    /// Files listed per entry: an entry stays around half a megabyte whatever the exhibit's size.
    package static let filesPerEntry = 1000

    /// The entries of one registration.
    /// - Parameter first: the registration entry with the exhibit's full details (every file); its `files` are cut to
    ///   the first part and its `objects` to theirs.
    /// - Returns: the entries, in the order they are appended.
    package static func split(_ first: LedgerEntry) -> [LedgerEntry] {
        guard let exhibit = first.details?.exhibit, exhibit.files.count > filesPerEntry else { return [first] }
        var entries = [head(first, files: Array(exhibit.files.prefix(filesPerEntry)), fileCount: exhibit.files.count)]
        for start in stride(from: filesPerEntry, to: exhibit.files.count, by: filesPerEntry) {
            entries.append(
                part(of: first, from: start, files: Array(exhibit.files[start..<min(start + filesPerEntry, exhibit.files.count)]))
            )
        }
        return entries
    }

    /// The registration entry listing the first files of an exhibit (built part by part, as a large exhibit is).
    /// - Parameters:
    ///   - first: the registration entry with the exhibit's details (its files are replaced).
    ///   - files: the first part, at most `filesPerEntry` files.
    ///   - fileCount: how many files the exhibit holds in all.
    /// - Returns: the entry, its `objects` those of `files`.
    package static func head(_ first: LedgerEntry, files: [FileRecord], fileCount: Int) -> LedgerEntry {
        var head = first
        head.details?.exhibit?.files = files
        head.details?.exhibit?.fileCount = fileCount > files.count ? fileCount : nil
        head.objects = objects(files)
        return head
    }

    /// The `registered-files` entry that lists files `start…` of the exhibit `first` registers.
    package static func part(of first: LedgerEntry, from start: Int, files: [FileRecord]) -> LedgerEntry {
        let ref = first.details?.exhibit?.ref ?? first.exhibits.first ?? ""
        return LedgerEntry(
            caseID: first.caseID, time: first.time, action: .registeredFiles, actor: first.actor, exhibits: [ref],
            objects: objects(files), location: first.location,
            details: EntryDetails(exhibitFiles: ExhibitFilesDetails(ref: ref, first: start, files: files, refused: [])))
    }

    private static func objects(_ files: [FileRecord]) -> [String] {
        Array(Set(files.map(\.sha256))).sorted()
    }
}
