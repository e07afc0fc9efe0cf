import ExhibitCore
import Foundation
import GRDB

/// The entries of a received bundle's inner archive, recorded as they are extracted in a scratch database in the
/// command's work folder instead of memory: a phone extraction's hundreds of thousands of files cost the receiver a
/// few pages of SQLite cache, not a kilobyte each. The bag checks (`BagIt.validate`) and the import read them back
/// by path or a part at a time.
///
/// Paths are kept and compared as bytes (SQLite's binary collation): an NFC and an NFD spelling of one name are two
/// entries, as the extractor writes two files.
final class ReceivedFiles: ExtractedEntries {
    /// Entries written between commits, and read a part at a time.
    static let partSize = 1000

    private let queue: DatabaseQueue
    private let path: String
    /// The bag folder's path and a slash, once `enterBag` found it: every path asked for is relative to it.
    private var prefix = ""
    /// Entries recorded since the last commit (the open transaction's).
    private var uncommitted = 0
    /// The row of the path claimed last, which its entry is recorded in.
    private var claimed: Int64?
    private(set) var count = 0

    /// Makes the scratch database `files.sqlite` in `folder` (a private work folder).
    /// - Throws: `.environment` when it cannot be made.
    init(folder: String) throws {
        path = Path.join(folder, "files.sqlite")
        // Recording keeps a transaction open from one entry to the next, committed every `partSize` entries.
        queue = try ScratchDatabase.make(path, cacheKiB: 2000, openTransactions: true)
        try access("make the entries' table") { db in
            try db.execute(
                sql: """
                    CREATE TABLE entry (
                        seq INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, is_dir INTEGER NOT NULL DEFAULT 0,
                        size INTEGER NOT NULL DEFAULT 0, sha256 TEXT, modified INTEGER NOT NULL DEFAULT 0,
                        sha1 TEXT, md5 TEXT, media_type TEXT, listed INTEGER NOT NULL DEFAULT 0);
                    """)
        }
    }

    func claim(_ path: String) throws -> Bool {
        try access("record the archive's entries") { db in
            if !db.isInsideTransaction { try db.execute(sql: "BEGIN") }
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO entry (path) VALUES (?)").execute(arguments: [path])
            guard db.changesCount == 1 else { return false }
            claimed = db.lastInsertedRowID
            return true
        }
    }

    func record(_ entry: SafeTarExtractor.Entry) throws {
        try access("record the archive's entries") { db in
            guard let seq = claimed else { throw ExhibitError.environment("\(entry.path) was recorded without a claim") }
            claimed = nil
            try db.cachedStatement(
                sql: """
                    UPDATE entry SET is_dir = ?, size = ?, sha256 = ?, modified = ?, sha1 = ?, md5 = ?, media_type = ?
                    WHERE seq = ?
                    """
            ).execute(arguments: [
                entry.isDirectory, entry.size, entry.sha256, entry.modified, entry.digests?.sha1, entry.digests?.md5,
                entry.mediaType, seq,
            ])
            count += 1
            uncommitted += 1
            if uncommitted == Self.partSize { try commit(db) }
        }
    }

    func enterBag(name: String) throws -> String {
        let refused = ExhibitError.verificationFailed("\(name) must hold exactly one bag folder")
        let found = try access("read the archive's entries") { db -> String? in
            try commit(db)
            guard
                let top = try Row.fetchOne(
                    db, sql: "SELECT seq, path FROM entry WHERE is_dir AND instr(path, '/') = 0 ORDER BY seq LIMIT 1")
            else { return nil }
            let bag: String = top[1]
            let inside = Array(bag.utf8) + [UInt8(ascii: "/")]
            // Every other entry must be inside it, by bytes.
            let outside = try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM entry WHERE seq != ? AND NOT (length(CAST(path AS BLOB)) > ?
                    AND substr(CAST(path AS BLOB), 1, ?) = ?)
                    """, arguments: [top[0] as Int64, inside.count, inside.count, Data(inside)])
            guard outside == 0 else { return nil }
            try db.execute(sql: "DELETE FROM entry WHERE seq = ?", arguments: [top[0] as Int64])
            return bag
        }
        guard let found else { throw refused }
        prefix = found + "/"
        count -= 1
        return found
    }

    func file(_ path: String) throws -> SafeTarExtractor.Entry? {
        try access("read the archive's entries") { db in
            try commit(db)
            return try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(Self.columns) FROM entry WHERE path = ? AND NOT is_dir"),
                arguments: [prefix + path]
            ).map { entry($0) }
        }
    }

    func markListed(_ path: String) throws -> ListedFile {
        try access("read the archive's entries") { db in
            try commit(db)
            let full = prefix + path
            if let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "UPDATE entry SET listed = 1 WHERE path = ? AND NOT is_dir AND NOT listed RETURNING \(Self.columns)"),
                arguments: [full])
            {
                return .file(entry(row))
            }
            let listed = try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT listed FROM entry WHERE path = ? AND NOT is_dir"), arguments: [full])
            return listed == nil ? .missing : .listedBefore
        }
    }

    func forEachFile(_ body: (SafeTarExtractor.Entry, _ listed: Bool) throws -> Void) throws {
        var after: Int64 = 0
        while true {
            // A part at a time, each read finished before `body` sees it (the queue is not reentrant).
            let part = try access("read the archive's entries") { db in
                try commit(db)
                return try Row.fetchAll(
                    db.cachedStatement(
                        sql: "SELECT \(Self.columns), listed, seq FROM entry WHERE seq > ? AND NOT is_dir ORDER BY seq LIMIT ?"),
                    arguments: [after, Self.partSize]
                ).map { row in (entry(row), row[Self.columnCount] as Bool, row[Self.columnCount + 1] as Int64) }
            }
            for (entry, listed, _) in part { try body(entry, listed) }
            guard part.count == Self.partSize, let last = part.last else { return }
            after = last.2
        }
    }

    /// The bag folder's path and a slash (empty before `enterBag`): an entry's path is this and its path in the bag.
    var bagPrefix: String { prefix }

    /// The columns an entry is made from (`entry(_:)`), in order.
    static let columns = "path, is_dir, size, sha256, modified, sha1, md5, media_type"
    static let columnCount = 8

    /// An entry from a row of `columns` (from `offset` on), its path relative to the bag.
    func entry(_ row: Row, from offset: Int = 0) -> SafeTarExtractor.Entry {
        let path: String = row[offset]
        let relative =
            path.utf8.starts(with: prefix.utf8) ? String(decoding: path.utf8.dropFirst(prefix.utf8.count), as: UTF8.self) : path
        let sha256: String? = row[offset + 3]
        let sha1: String? = row[offset + 5]
        let md5: String? = row[offset + 6]
        let size: Int64 = row[offset + 2]
        var digests: FileDigests?
        if let sha256, let sha1, let md5 { digests = FileDigests(size: size, sha256: sha256, sha1: sha1, md5: md5) }
        return SafeTarExtractor.Entry(
            path: relative, size: size, isDirectory: row[offset + 1], sha256: sha256, modified: row[offset + 4],
            digests: digests, mediaType: row[offset + 7])
    }

    /// Commits what was recorded since the last commit.
    private func commit(_ db: Database) throws {
        guard db.isInsideTransaction else { return }
        try db.execute(sql: "COMMIT")
        uncommitted = 0
    }

    /// Runs `body` on the database, a failure reported as the environment's.
    func access<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.inDatabase(body)
        } catch let error as ExhibitError {
            throw error
        } catch {
            throw Self.failure(path, "cannot \(what)", error)
        }
    }

    private static func failure(_ path: String, _ what: String, _ error: any Error) -> ExhibitError {
        ExhibitError.environment("\(path): \(what): \(error)")
    }
}
