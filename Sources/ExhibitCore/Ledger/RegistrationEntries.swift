/// A registration as ledger entries of bounded size: the `registered` (or `received`) entry lists the first
/// `filesPerEntry` files and says how many the exhibit holds (`fileCount`); `registered-files` entries list the
/// rest in order, in the same commit. A registration of up to `filesPerEntry` files is one entry, as before.
package enum RegistrationEntries {
    /// Files listed per entry: an entry stays around half a megabyte whatever the exhibit's size.
    package static let filesPerEntry = 1000

    /// The entries of one registration made a part at a time, in the order they are appended, so that a registration
    /// of any size is held one part at a time: `files` gives the records of the files in a range as each part is made.
    /// A registration of up to `filesPerEntry` files is `first` itself with every file, its `objects` theirs, sorted.
    /// - Parameters:
    ///   - first: the registration entry with the exhibit's details (its files and objects are replaced).
    ///   - fileCount: how many files the exhibit holds.
    ///   - files: the records of files `range` of the exhibit, in order.
    ///   - body: takes each entry.
    package static func forEachPart(
        of first: LedgerEntry, fileCount: Int, files: (Range<Int>) throws -> [FileRecord], _ body: (LedgerEntry) throws -> Void
    ) rethrows {
        guard fileCount > filesPerEntry else {
            var whole = first
            let records = try files(0..<fileCount)
            whole.details?.exhibit?.files = records
            whole.objects = records.map(\.sha256).sorted()
            try body(whole)
            return
        }
        for start in stride(from: 0, to: fileCount, by: filesPerEntry) {
            let records = try files(start..<min(start + filesPerEntry, fileCount))
            try body(
                start == 0 ? head(first, files: records, fileCount: fileCount) : part(of: first, from: start, files: records))
        }
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
