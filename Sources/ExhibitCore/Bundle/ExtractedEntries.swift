/// The record of what a safe extraction wrote (`SafeTarExtractor.extract`), as the bag checks that follow read it:
/// in memory for an archive of a few files (`ExtractedEntryList`), or in a scratch database for a bundle's payload,
/// which may hold millions.
///
/// Paths are compared by their bytes: an NFC and an NFD spelling of one name are two entries, as they are two files
/// on disk.
package protocol ExtractedEntries: AnyObject {
    /// Claims a path (as the archive names it) before its entry is written.
    /// - Returns: false when the path was claimed before (the archive holds it twice).
    func claim(_ path: String) throws -> Bool
    /// Records a claimed path's entry once it is written.
    func record(_ entry: SafeTarExtractor.Entry) throws
    /// Finds the one folder every entry is in and makes the entries relative to it, its own entry removed.
    /// - Returns: the folder's name.
    /// - Throws: `.verificationFailed` naming `name` when the entries are not all in exactly one top folder.
    func enterBag(name: String) throws -> String
    /// How many entries were recorded (with the bag's folder until `enterBag`).
    var count: Int { get }
    /// The file (not a folder) at `path`, relative to the bag.
    func file(_ path: String) throws -> SafeTarExtractor.Entry?
    /// Marks the file at `path` listed in the payload manifest.
    func markListed(_ path: String) throws -> ListedFile
    /// Calls `body` with every file (not folder) in archive order, and whether it was marked listed.
    func forEachFile(_ body: (SafeTarExtractor.Entry, _ listed: Bool) throws -> Void) throws
}

/// What `ExtractedEntries.markListed` found.
package enum ListedFile {
    /// No file has that path.
    case missing
    /// The file was marked listed before.
    case listedBefore
    /// The file, now marked listed.
    case file(SafeTarExtractor.Entry)
}

/// Extracted entries held in memory, in archive order: the outer bag, an archive under test.
package final class ExtractedEntryList: ExtractedEntries {
    /// The entries in archive order (relative to the bag after `enterBag`).
    package private(set) var entries: [SafeTarExtractor.Entry] = []
    private var claimed = Set<[UInt8]>()
    /// Each file's position by its path's bytes, as the protocol compares paths.
    private var index: [[UInt8]: Int]?
    private var listed: [Bool] = []

    /// An empty list.
    package init() {}

    package func claim(_ path: String) throws -> Bool { claimed.insert(Array(path.utf8)).inserted }

    package func record(_ entry: SafeTarExtractor.Entry) throws {
        entries.append(entry)
        index = nil
    }

    package func enterBag(name: String) throws -> String {
        index = nil
        return try SafeTarExtractor.bag(&entries, name: name)
    }

    package var count: Int { entries.count }

    package func file(_ path: String) throws -> SafeTarExtractor.Entry? { position(path).map { entries[$0] } }

    package func markListed(_ path: String) throws -> ListedFile {
        guard let position = position(path) else { return .missing }
        if listed.count != entries.count { listed = [Bool](repeating: false, count: entries.count) }
        guard !listed[position] else { return .listedBefore }
        listed[position] = true
        return .file(entries[position])
    }

    package func forEachFile(_ body: (SafeTarExtractor.Entry, _ listed: Bool) throws -> Void) throws {
        for (position, entry) in entries.enumerated() where !entry.isDirectory {
            try body(entry, listed.count == entries.count && listed[position])
        }
    }

    /// The position of the file at `path`, through an index made on first use.
    private func position(_ path: String) -> Int? {
        if index == nil {
            var made: [[UInt8]: Int] = [:]
            made.reserveCapacity(entries.count)
            for (position, entry) in entries.enumerated() where !entry.isDirectory { made[Array(entry.path.utf8)] = position }
            index = made
            listed = []
        }
        return index?[Array(path.utf8)]
    }
}
