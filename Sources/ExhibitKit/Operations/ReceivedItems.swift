import ExhibitCore
import Foundation
import GRDB

/// A received manifest's items, kept beside the bag's entries in the receiver's scratch database (`ReceivedFiles`)
/// as the manifest is decoded, instead of memory: the checks that follow and the import read them back a part at a
/// time, the files that travel joined with the bag entries that hold them.
final class ReceivedItems {
    /// An item that travels, with the bag's file that holds it (its three digests and media type).
    struct Travelling {
        var item: BundleManifest.Item
        var digests: FileDigests
        var mediaType: String?
    }

    private let files: ReceivedFiles
    /// How many items there are.
    private(set) var count = 0
    /// The exhibits whose items travel, in the order their first such item comes, with how many travel.
    private(set) var travellingRefs: [String] = []
    private var travellingCounts: [String: Int] = [:]

    /// Makes the items' table in the database of `files`.
    /// - Throws: `.environment` when it cannot be made.
    init(files: ReceivedFiles) throws {
        self.files = files
        try files.access("make the items' table") { db in
            try db.execute(
                sql: """
                    CREATE TABLE item (
                        seq INTEGER PRIMARY KEY, ref TEXT NOT NULL, category TEXT, description TEXT, treatment TEXT NOT NULL,
                        source_sha256 TEXT NOT NULL, file TEXT, sha256 TEXT, size INTEGER, media_type TEXT, reason TEXT,
                        ref_key TEXT NOT NULL, travelling INTEGER);
                    CREATE INDEX item_travelling ON item (ref_key, travelling) WHERE travelling IS NOT NULL;
                    CREATE TABLE registered (sha256 TEXT PRIMARY KEY) WITHOUT ROWID;
                    """)
        }
    }

    /// How many of the exhibit's items travel.
    func travellingCount(_ ref: String) -> Int { travellingCounts[ref] ?? 0 }

    /// Appends items, in order, in one transaction.
    func append(_ items: [BundleManifest.Item]) throws {
        try files.access("record the manifest's items") { db in
            try db.inTransaction {
                let insert = try db.cachedStatement(
                    sql: """
                        INSERT INTO item (seq, ref, category, description, treatment, source_sha256, file, sha256, size,
                        media_type, reason, ref_key, travelling) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                for item in items {
                    var travelling: Int?
                    if item.file != nil {
                        let position = travellingCounts[item.ref] ?? 0
                        if position == 0 { travellingRefs.append(item.ref) }
                        travellingCounts[item.ref] = position + 1
                        travelling = position
                    }
                    try insert.execute(arguments: [
                        count, item.ref, item.category, item.description, item.treatment.rawValue, item.sourceSHA256,
                        item.file, item.sha256, item.size, item.mediaType, item.reason, Self.key(item.ref), travelling,
                    ])
                    count += 1
                }
                return .commit
            }
        }
    }

    /// Calls `body` with every item, a part at a time, in order.
    func forEach(_ body: (BundleManifest.Item) throws -> Void) throws {
        var after = -1
        while true {
            let part = try files.access("read the manifest's items") { db in
                try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT \(Self.columns), seq FROM item WHERE seq > ? ORDER BY seq LIMIT ?"),
                    arguments: [after, ReceivedFiles.partSize]
                ).map { row in (try Self.item(row), row[Self.columnCount] as Int) }
            }
            for (item, _) in part { try body(item) }
            guard part.count == ReceivedFiles.partSize, let last = part.last else { return }
            after = last.1
        }
    }

    /// Every item, in order (what a report or a JSON verdict lists).
    func all() throws -> [BundleManifest.Item] {
        var items: [BundleManifest.Item] = []
        items.reserveCapacity(count)
        try forEach { items.append($0) }
        return items
    }

    /// The exhibit's items that travel, those numbered `range` among them, with the bag's files that hold them.
    /// - Throws: `.verificationFailed` when an item's file is not a payload file of the bag with its digests.
    func travelling(_ ref: String, _ range: Range<Int>) throws -> [Travelling] {
        let rows = try files.access("read the manifest's items") { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(Self.columns), \(Self.entryColumns) FROM item
                        LEFT JOIN entry ON entry.path = ? || item.file AND NOT entry.is_dir
                        WHERE ref_key = ? AND travelling >= ? AND travelling < ? ORDER BY travelling
                        """), arguments: [files.bagPrefix, Self.key(ref), range.lowerBound, range.upperBound])
        }
        // Each number in the range is one travelling item: fewer rows would register fewer files than were counted.
        guard rows.count == range.clamped(to: 0..<travellingCount(ref)).count else {
            throw ExhibitError.environment("the received items of \(ref) cannot all be read back from the work folder")
        }
        return try rows.map { row in
            let item = try Self.item(row)
            let entry: SafeTarExtractor.Entry? =
                row[Self.columnCount] as String? == nil ? nil : files.entry(row, from: Self.columnCount)
            guard let entry, let digests = entry.digests, digests.sha256 == item.sha256 else {
                throw ExhibitError.verificationFailed("\(item.file ?? item.ref) is not in the bag as it was checked")
            }
            return Travelling(item: item, digests: digests, mediaType: entry.mediaType)
        }
    }

    /// The first item that names a file the bag does not hold with the item's hash (a folder or a tag file counts
    /// as not held when it is not under `data/`).
    func firstUnmatched() throws -> BundleManifest.Item? {
        try files.access("read the manifest's items") { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT \(Self.columns) FROM item LEFT JOIN entry ON entry.path = ? || item.file AND NOT entry.is_dir
                    WHERE item.file IS NOT NULL
                    AND (substr(item.file, 1, 5) != 'data/' OR entry.sha256 IS NULL OR entry.sha256 != item.sha256
                    OR item.sha256 IS NULL)
                    ORDER BY item.seq LIMIT 1
                    """, arguments: [files.bagPrefix]
            ).map(Self.item)
        }
    }

    /// Records objects the custody extract's registrations and redactions account for.
    func register(_ hashes: [String]) throws {
        guard !hashes.isEmpty else { return }
        try files.access("record the custody extract's objects") { db in
            try db.inTransaction {
                let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO registered (sha256) VALUES (?)")
                for hash in hashes { try insert.execute(arguments: [hash]) }
                return .commit
            }
        }
    }

    /// The first item whose source, or whose content when it travels, is not among the registered objects.
    func firstUnaccounted() throws -> BundleManifest.Item? {
        try files.access("read the manifest's items") { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT \(Self.columns) FROM item
                    WHERE source_sha256 NOT IN (SELECT sha256 FROM registered)
                    OR (sha256 IS NOT NULL AND sha256 NOT IN (SELECT sha256 FROM registered))
                    ORDER BY seq LIMIT 1
                    """
            ).map(Self.item)
        }
    }

    /// An exhibit's key: its reference in NFC. Canonically equivalent references are one exhibit, as Swift compares
    /// them (the counts and the store's references are kept that way).
    private static func key(_ ref: String) -> String { ref.precomposedStringWithCanonicalMapping }

    private static let columns = [
        "ref", "category", "description", "treatment", "source_sha256", "file", "sha256", "size", "media_type", "reason",
    ].map { "item.\($0)" }.joined(separator: ", ")
    private static let columnCount = 10
    /// The bag entry's columns (`ReceivedFiles.columns`, in its order) as a join with `item` names them.
    private static let entryColumns = ReceivedFiles.columns.split(separator: ",")
        .map { "entry.\($0.trimmingCharacters(in: .whitespaces))" }.joined(separator: ", ")

    private static func item(_ row: Row) throws -> BundleManifest.Item {
        let treatment: String = row[3]
        guard let treatment = Treatment(rawValue: treatment) else {
            throw ExhibitError.environment("a received item has no treatment in the scratch database")
        }
        return BundleManifest.Item(
            ref: row[0], category: row[1], description: row[2], treatment: treatment, sourceSHA256: row[4], file: row[5],
            sha256: row[6], size: row[7], mediaType: row[8], reason: row[9])
    }
}
