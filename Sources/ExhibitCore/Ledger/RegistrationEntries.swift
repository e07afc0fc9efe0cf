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
        var head = first
        var listed = exhibit
        listed.files = Array(exhibit.files.prefix(filesPerEntry))
        listed.fileCount = exhibit.files.count
        head.details?.exhibit = listed
        head.objects = Self.objects(listed.files)
        var entries = [head]
        for start in stride(from: filesPerEntry, to: exhibit.files.count, by: filesPerEntry) {
            let files = Array(exhibit.files[start..<min(start + filesPerEntry, exhibit.files.count)])
            entries.append(
                LedgerEntry(
                    caseID: first.caseID, time: first.time, action: .registeredFiles, actor: first.actor,
                    exhibits: [exhibit.ref], objects: Self.objects(files), location: first.location,
                    details: EntryDetails(
                        exhibitFiles: ExhibitFilesDetails(ref: exhibit.ref, first: start, files: files, refused: []))))
        }
        return entries
    }

    private static func objects(_ files: [FileRecord]) -> [String] {
        Array(Set(files.map(\.sha256))).sorted()
    }
}
