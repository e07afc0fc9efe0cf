import ExhibitCore
import Foundation
import GRDB
import Synchronization

/// The items of a redaction run, one per source file, kept in a scratch database in one of the command's work
/// folders instead of memory: a phone extraction's hundreds of thousands of items are written a part at a time as
/// they are made (`RunItems.Writer`) and read back a part at a time, in order or, for those that travel, in the order
/// of their output paths. The output names the run gives out are claimed there too, so no two files share one.
///
/// Names are compared as Swift compares strings, by canonical equivalence: `café` written precomposed and
/// decomposed is one name (a receiver on macOS could not hold both), and paths are ordered as the bag's manifest
/// orders them. Both use a key column, the name in NFC, whose bytes sort in that order.
///
/// Reading is a `Sequence`, which cannot throw: a read that fails ends the sequence early and is kept, and
/// `requireIntact()` throws it. A caller checks it after each pass, before anything read is relied on.
struct RunItems: Sendable {
    /// What travels of an item: where it goes and what is sent.
    struct Travelling: Sendable {
        /// The output path, relative to the run's folder (the bag path is `data/` + this).
        let output: String
        /// SHA-256 and size of what is sent.
        let sha256: String
        let size: Int64
        /// True for a redacted copy (in the run's folder); false for an original shared as it is (in the object store).
        let derived: Bool
    }

    /// How many items are read at a time.
    static let partSize = RegistrationEntries.filesPerEntry

    /// The scratch database (its one connection holds the file's lock: tests damage rows through it).
    let queue: DatabaseQueue
    private let failure: Failure
    /// How many items the run has, how many of them travel, and the bytes of what travels.
    let count: Int
    let travellingCount: Int
    let travellingBytes: Int64
    /// The exhibits of the run's items, and of those that travel.
    let refs: Set<String>
    let travellingRefs: Set<String>

    /// The first read that failed, if any.
    fileprivate final class Failure: Sendable {
        let error = Mutex<ExhibitError?>(nil)
    }

    /// Every item, in order.
    var all: Rows<RedactedItem> {
        Rows(failure: failure) { [queue] after in
            try queue.read { db in
                let decoder = JSONDecoder()
                let rows = try Row.fetchCursor(
                    db.cachedStatement(
                        sql: """
                            SELECT seq, ref, file, media_type, category, sha256, size, treatment, reason, output,
                            derived_size, derived_sha256, derived_sha1, derived_md5, shared_as, extras
                            FROM item WHERE seq > ? ORDER BY seq LIMIT ?
                            """), arguments: [after ?? -1, Self.partSize])
                var part: [(DatabaseValue, RedactedItem)] = []
                while let row = try rows.next() {
                    part.append((row[0] as DatabaseValue, try Stored.item(row, decoder: decoder)))
                }
                return part
            }
        }
    }

    /// The items in parts of `partSize`, in order.
    var parts: some Sequence<[RedactedItem]> {
        AnySequence { [all] in
            var items = all.makeIterator()
            return AnyIterator { () -> [RedactedItem]? in
                var part: [RedactedItem] = []
                while part.count < Self.partSize, let item = items.next() { part.append(item) }
                return part.isEmpty ? nil : part
            }
        }
    }

    /// The items that travel, in order (`byPath` false) or in the order of their output paths.
    func travelling(byPath: Bool) -> Rows<Travelling> {
        let key = byPath ? "output_key" : "seq"
        return Rows(failure: failure) { [queue] after in
            try queue.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(key), output, COALESCE(derived_sha256, sha256), COALESCE(derived_size, size),
                        derived_sha256 IS NOT NULL FROM item
                        WHERE output IS NOT NULL AND \(key) > ? ORDER BY \(key) LIMIT ?
                        """, arguments: [after ?? (byPath ? "".databaseValue : (-1).databaseValue), Self.partSize]
                ).map { row in
                    (row[0] as DatabaseValue, Travelling(output: row[1], sha256: row[2], size: row[3], derived: row[4]))
                }
            }
        }
    }

    /// - Throws: the first read of these items that failed (`.environment`).
    func requireIntact() throws {
        if let error = failure.error.withLock({ $0 }) { throw error }
    }

    /// An item as a row: its fields in columns, and what most items leave empty (rules fired, samples, findings,
    /// the read-back check, conversion notes, people seen) as JSON in `extras`, NULL when all are empty. (Decoding
    /// every item as JSON made a phone extraction's export a third slower.)
    private enum Stored {
        /// What `extras` holds.
        struct Extras: Codable {
            var rules: [String: Int]
            var samples: [String: [String]]
            var findings: [PageFinding]?
            var check: ReadbackCheck?
            var notes: [String]?
            var people: [PersonSighting]?
        }

        static func extras(_ item: RedactedItem, encoder: JSONEncoder) throws -> Data? {
            guard
                !item.rules.isEmpty || !item.samples.isEmpty || item.findings != nil || item.check != nil
                    || item.notes != nil || item.people != nil
            else { return nil }
            return try encoder.encode(
                Extras(
                    rules: item.rules, samples: item.samples, findings: item.findings, check: item.check,
                    notes: item.notes, people: item.people))
        }

        /// The item of a row read with the columns `all` selects, in that order.
        static func item(_ row: Row, decoder: JSONDecoder) throws -> RedactedItem {
            let treatment: String = row[7]
            guard let treatment = Treatment(rawValue: treatment) else {
                throw ExhibitError.environment("item \(row[0] as Int) has no treatment")
            }
            let extras = try (row[15] as Data?).map { try decoder.decode(Extras.self, from: $0) }
            let derivedSHA256: String? = row[11]
            return RedactedItem(
                ref: row[1], file: row[2], mediaType: row[3], category: row[4], sha256: row[5], size: row[6],
                treatment: treatment, reason: row[8], output: row[9],
                derived: derivedSHA256.map { FileDigests(size: row[10], sha256: $0, sha1: row[12], md5: row[13]) },
                sharedAs: row[14], rules: extras?.rules ?? [:], samples: extras?.samples ?? [:], check: extras?.check,
                findings: extras?.findings, notes: extras?.notes, people: extras?.people)
        }
    }

    /// Rows read a part at a time by key (keyset paging), each part in a read of its own.
    struct Rows<Element>: Sequence {
        fileprivate let failure: Failure
        /// The part after a key (nil: from the start), with each element's key.
        fileprivate let fetch: (DatabaseValue?) throws -> [(DatabaseValue, Element)]

        func makeIterator() -> Iterator { Iterator(rows: self) }

        struct Iterator: IteratorProtocol {
            fileprivate let rows: Rows
            private var part: [(DatabaseValue, Element)] = []
            private var position = 0
            private var after: DatabaseValue?
            private var finished = false

            fileprivate init(rows: Rows) { self.rows = rows }

            mutating func next() -> Element? {
                if position == part.count {
                    guard !finished else { return nil }
                    do {
                        part = try rows.fetch(after)
                    } catch {
                        let failure = ExhibitError.environment(
                            "the run's items cannot be read back from its work folder: \(error)")
                        rows.failure.error.withLock { if $0 == nil { $0 = failure } }
                        part = []
                    }
                    position = 0
                    finished = part.count < RunItems.partSize
                    guard let last = part.last else { return nil }
                    after = last.0
                }
                position += 1
                return part[position - 1].1
            }
        }
    }

    /// Fills a run's scratch database: the output names as they are given out, the items a part at a time.
    final class Writer {
        private let queue: DatabaseQueue
        private let encoder = JSONEncoder()
        private var count = 0
        private var travellingCount = 0
        private var travellingBytes: Int64 = 0
        private var refs = Set<String>()
        private var travellingRefs = Set<String>()

        /// Creates the scratch database `items.sqlite` in `folder` (one of the command's work folders).
        /// - Throws: `.environment` when it cannot be created.
        init(folder: String) throws {
            let path = Path.join(folder, "items.sqlite")
            queue = try ScratchDatabase.make(path, cacheKiB: 4000)
            do {
                try queue.writeWithoutTransaction { db in
                    try db.execute(
                        sql: """
                            CREATE TABLE claimed (name TEXT PRIMARY KEY) WITHOUT ROWID;
                            CREATE TABLE item (
                                seq INTEGER PRIMARY KEY, ref TEXT NOT NULL, file TEXT NOT NULL, media_type TEXT NOT NULL,
                                category TEXT, sha256 TEXT NOT NULL, size INTEGER NOT NULL, treatment TEXT NOT NULL,
                                reason TEXT, output TEXT, output_key TEXT, derived_size INTEGER, derived_sha256 TEXT,
                                derived_sha1 TEXT, derived_md5 TEXT, shared_as TEXT, extras BLOB);
                            """)
                }
            } catch {
                throw ExhibitError.environment("\(path): cannot make the run's scratch database: \(error)")
            }
        }

        /// Makes one part of the items in a transaction of its own: `make` is given a way to claim an output name
        /// (true when no other file has it) and returns the part's items, which are then stored.
        /// - Throws: what `make` throws; `.environment` when the scratch database fails.
        func writePart(_ make: (_ claim: (String) throws -> Bool) throws -> [RedactedItem]) throws {
            try queue.inTransaction { db in
                let claim = try db.cachedStatement(sql: "INSERT OR IGNORE INTO claimed (name) VALUES (?)")
                let items = try make { name in
                    try claim.execute(arguments: [Self.key(name)])
                    return db.changesCount == 1
                }
                let insert = try db.cachedStatement(
                    sql: """
                        INSERT INTO item (seq, ref, file, media_type, category, sha256, size, treatment, reason, output,
                        output_key, derived_size, derived_sha256, derived_sha1, derived_md5, shared_as, extras)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                for item in items {
                    try insert.execute(arguments: [
                        count, item.ref, item.file, item.mediaType, item.category, item.sha256, item.size,
                        item.treatment.rawValue, item.reason, item.output, item.output.map(Self.key), item.derived?.size,
                        item.derived?.sha256, item.derived?.sha1, item.derived?.md5, item.sharedAs,
                        try Stored.extras(item, encoder: encoder),
                    ])
                    count += 1
                    refs.insert(item.ref)
                    if item.output != nil {
                        travellingCount += 1
                        travellingBytes += item.derived?.size ?? item.size
                        travellingRefs.insert(item.ref)
                    }
                }
                return .commit
            }
        }

        /// A name's key: its NFC form, equal for canonically equivalent names and, compared as bytes, ordered as
        /// Swift orders the names.
        static func key(_ name: String) -> String { name.precomposedStringWithCanonicalMapping }

        /// How many items are stored so far (the next item's index).
        var stored: Int { count }

        /// The items stored, to read back. Nothing more is written after.
        /// - Throws: `.environment` when the scratch database fails.
        func finish() throws -> RunItems {
            try queue.write { db in
                try db.execute(sql: "CREATE UNIQUE INDEX item_output ON item (output_key) WHERE output IS NOT NULL")
            }
            return RunItems(
                queue: queue, failure: Failure(), count: count, travellingCount: travellingCount,
                travellingBytes: travellingBytes, refs: refs,
                travellingRefs: travellingRefs)
        }
    }
}
