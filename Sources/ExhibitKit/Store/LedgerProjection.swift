import ExhibitCore
import Foundation
import GRDB

/// The case's tables as a projection of its ledger: each entry, in order, is checked against what the tables
/// already say and applied to them with a few targeted statements. The same code runs when an entry is appended
/// (on the store's tables, inside the commit) and when `verify` replays the whole ledger (on a scratch database
/// whose tables are then compared with the store's), so the two can never disagree about what an entry means.
/// Work and memory per entry do not grow with the size of the case. The projection also keeps the ledger's Merkle
/// tree (every perfect subtree's root, `merkle_node`) and which entries name each exhibit (`ledger_exhibit`).
struct LedgerProjection {
    private let db: Database
    /// An exhibit whose registration goes on in `registered-files` entries: the next entries must complete it.
    private var open: (ref: String, expected: Int, held: Int)?

    init(db: Database) { self.db = db }

    /// Checks `entry` (whose hash is `hash`, hex) against the tables and applies it.
    /// - Throws: `ExhibitError.verificationFailed` when the entry contradicts the case (an exhibit registered twice, a
    ///   transfer of an unknown exhibit, a case opened twice, an interrupted registration, …).
    mutating func apply(_ entry: LedgerEntry, hash: String) throws {
        let label = "ledger entry \(entry.sequence) (\(entry.action.rawValue))"
        if let open, entry.action != .registeredFiles {
            throw ExhibitError.verificationFailed(
                "\(label) interrupts the registration of \(open.ref) (\(open.held) of its \(open.expected) files recorded)")
        }
        switch entry.action {
        case .opened:
            guard entry.sequence == 1, entry.details?.caseRecord != nil else {
                throw ExhibitError.verificationFailed("\(label) opens a case that is already open, or has no case details")
            }
        case .registered, .received:
            try register(entry, label)
        case .registeredFiles:
            try continueRegistration(entry, label)
        case .transferred, .returned:
            guard let transfer = entry.details?.transfer else {
                throw ExhibitError.verificationFailed(
                    entry.action == .returned
                        ? "\(label) does not say to whom the exhibit was returned" : "\(label) has no transfer details")
            }
            if entry.action == .returned { try requireExhibits(entry, label, alive: true) }
            for ref in entry.exhibits {
                try db.execute(
                    sql: "UPDATE exhibit SET custodian = ?, location = COALESCE(?, location) WHERE ref = ?",
                    arguments: [transfer.to, entry.location, ref])
                guard db.changesCount == 1 else {
                    throw ExhibitError.verificationFailed("\(label) transfers \(ref), which was never registered")
                }
            }
        case .partyAdded:
            guard let party = entry.details?.party else { throw ExhibitError.verificationFailed("\(label) has no party details") }
            let position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM party") ?? 0) + 1
            try PartyRow(
                position: position, name: party.name, role: party.role.rawValue, aliases: party.aliases.joined(separator: "\n"),
                dob: party.dob, address: party.address, phone: party.phone, email: party.email, addedSeq: entry.sequence
            ).insert(db)
        case .marked:
            guard let mark = entry.details?.mark else { throw ExhibitError.verificationFailed("\(label) has no mark details") }
            try requireFile(mark.ref, mark.file, mark.sha256, label)
            try MarkRow(
                seq: entry.sequence, exhibitRef: mark.ref, file: mark.file, sha256: mark.sha256, x: mark.region.x,
                y: mark.region.y, width: mark.region.width, height: mark.region.height, reason: mark.reason
            ).insert(db)
        case .redacted:
            guard let redaction = entry.details?.redaction else {
                throw ExhibitError.verificationFailed("\(label) has no redaction details")
            }
            for item in redaction.items {
                try requireFile(item.ref, item.file, item.source, label)
                guard let derived = item.derived else { continue }
                try store(derived, seq: entry.sequence)
                try DerivationRow(
                    derived: derived.sha256, source: item.source, exhibitRef: item.ref, file: item.file,
                    policyID: redaction.policy.id, policyVersion: redaction.policy.version, policySHA256: redaction.policy.sha256,
                    rules: RedactionItem.encodeRules(item.rules), seq: entry.sequence
                ).insert(db)
            }
        case .partnerAdded:
            guard let partner = entry.details?.partner else {
                throw ExhibitError.verificationFailed("\(label) has no partner details")
            }
            guard try !PartnerRow.exists(db, key: partner.id) else {
                throw ExhibitError.verificationFailed("\(label) adds partner \(partner.id) twice")
            }
            try PartnerRow(
                id: partner.id, name: partner.name, certificatePEM: partner.certificate, fingerprint: partner.fingerprint,
                caPEM: partner.ca, crlPEM: partner.crl, addedSeq: entry.sequence
            ).insert(db)
        case .partnerRemoved:
            guard let id = entry.details?.fields?["id"], try PartnerRow.deleteOne(db, key: id) else {
                throw ExhibitError.verificationFailed("\(label) removes a partner that was never added")
            }
        case .partnerUpdated:
            guard let partner = entry.details?.partner else {
                throw ExhibitError.verificationFailed("\(label) has no partner details")
            }
            try db.execute(
                sql: "UPDATE partner SET name = ?, certificate_pem = ?, fingerprint = ?, ca_pem = ?, crl_pem = ? WHERE id = ?",
                arguments: [partner.name, partner.certificate, partner.fingerprint, partner.ca, partner.crl, partner.id])
            guard db.changesCount == 1 else {
                throw ExhibitError.verificationFailed("\(label) updates partner \(partner.id), which was never added")
            }
        case .accessed, .note, .exported, .extracted, .hashMatched:
            try requireExhibits(entry, label, alive: false, allowNone: true)
        case .verified, .receipt, .hashListImported, .witnessed:
            break
        case .classified:
            try classify(entry, label)
        case .sealed, .unsealed:
            guard entry.details?.seal != nil else { throw ExhibitError.verificationFailed("\(label) has no seal number") }
            try requireExhibits(entry, label, alive: true)
        case .destroyed:
            try destroy(entry, label)
        case .milestone:
            guard entry.details?.milestone != nil else {
                throw ExhibitError.verificationFailed("\(label) has no milestone details")
            }
        case .setting:
            guard let setting = entry.details?.setting else {
                throw ExhibitError.verificationFailed("\(label) has no setting details")
            }
            try SettingRow(name: setting.name, value: setting.value, seq: entry.sequence).save(db)
        case .consulted:
            try requireExhibits(entry, label, alive: false, allowNone: true)
        case .keyRotated:
            // The handover's signatures are checked by verify, which follows the chain of certificates.
            guard entry.details?.keyRotation != nil else {
                throw ExhibitError.verificationFailed("\(label) has no handover")
            }
        case .timestampAuthority:
            guard let authority = entry.details?.timestampAuthority else {
                throw ExhibitError.verificationFailed("\(label) has no time-stamp authority details")
            }
            try TimestampAuthorityRow(
                seq: entry.sequence, url: authority.url, certificatePEM: authority.certificate,
                fingerprint: authority.fingerprint
            ).insert(db)
        }
        try Self.index(entry, in: db)
        // Which entries are of each action (witnessed checkpoints, receipts, exports), for the lookups of partners.
        try db.cachedStatement(sql: "INSERT INTO ledger_action (action, seq) VALUES (?, ?)").execute(arguments: [
            entry.action.rawValue, entry.sequence,
        ])
        try Self.addLeaf(hash, at: entry.sequence - 1, in: db)
    }

    /// Fills the index and the Merkle nodes of a store whose ledger was written before they were kept (a migration).
    /// - Throws: `.verificationFailed` for an entry or hash that cannot be read.
    static func indexExistingLedger(_ db: Database) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, entry_hash, body FROM ledger ORDER BY seq")
        var position = 0
        while let row = try rows.next() {
            let seq: Int = row["seq"]
            let body: String = row["body"]
            try index(try LedgerEntry.decodeCanonical(Array(body.utf8), sequence: seq), in: db)
            try addLeaf(row["entry_hash"], at: position, in: db)
            position += 1
        }
    }

    /// Keeps the Merkle nodes the leaf of entry hash `hash` at `index` completes.
    /// - Throws: `.verificationFailed` for a malformed hash or a missing left sibling.
    static func addLeaf(_ hash: String, at index: Int, in db: Database) throws {
        guard let bytes = Hex.decode(hash), bytes.count == 32 else {
            throw ExhibitError.verificationFailed("ledger entry \(index + 1) has a malformed hash")
        }
        let insert = try db.cachedStatement(sql: "INSERT INTO merkle_node (level, idx, hash) VALUES (?, ?, ?)")
        for node in try StoredMerkleTree.nodes(adding: MerkleTree.leafHash(bytes), at: index, node: { try Self.node(db, $0, $1) })
        {
            try insert.execute(arguments: [node.level, node.index, Data(node.hash)])
        }
    }

    /// The kept root of the perfect subtree of 2^`level` leaves starting at leaf `index << level`, in the tables of
    /// `schema` (`main`, or the store attached to a replay as `store`).
    /// - Throws: `.verificationFailed` when it is not kept (the tree is damaged: run verify).
    static func node(_ db: Database, _ level: Int, _ index: Int, schema: String = "main") throws -> MerkleTree.Hash {
        let statement = try db.cachedStatement(sql: "SELECT hash FROM \(schema).merkle_node WHERE level = ? AND idx = ?")
        guard let data = try Data.fetchOne(statement, arguments: [level, index]), data.count == 32 else {
            throw ExhibitError.verificationFailed(
                "the stored Merkle tree lacks node \(level)/\(index); run exhibit verify")
        }
        return Array(data)
    }

    /// The stored tree of the first `size` entries, in the tables of `schema`.
    static func tree(_ db: Database, size: Int, schema: String = "main") -> StoredMerkleTree {
        StoredMerkleTree(size: size, node: { try node(db, $0, $1, schema: schema) })
    }

    /// Requires every registration to be complete (at the end of a commit, or of a replay).
    /// - Throws: `.verificationFailed` naming the exhibit whose files stop short.
    func finish() throws {
        if let open {
            throw ExhibitError.verificationFailed(
                "the registration of \(open.ref) stops at \(open.held) of its \(open.expected) files: its last entries are missing"
            )
        }
    }

    // MARK: - Registration

    private mutating func register(_ entry: LedgerEntry, _ label: String) throws {
        if entry.action == .received, entry.details?.receivedFrom == nil {
            throw ExhibitError.verificationFailed("\(label) does not say where the exhibit came from")
        }
        guard let exhibit = entry.details?.exhibit else {
            throw ExhibitError.verificationFailed("\(label) has no exhibit details")
        }
        guard try !ExhibitRow.exists(db, key: exhibit.ref) else {
            throw ExhibitError.verificationFailed("\(label) registers \(exhibit.ref) a second time")
        }
        try ExhibitRow(
            ref: exhibit.ref, description: exhibit.description, category: exhibit.category, seizedBy: exhibit.seizedBy,
            seizedFrom: exhibit.seizedFrom, seizedAt: exhibit.seizedAt, registeredSeq: entry.sequence,
            registeredAt: entry.time, custodian: entry.actor.name, location: entry.location
        ).insert(db)
        try addFiles(exhibit.files, of: exhibit.ref, from: 0, seq: entry.sequence)
        if let total = exhibit.fileCount {
            guard total > exhibit.files.count else {
                throw ExhibitError.verificationFailed(
                    "\(label) says \(exhibit.ref) goes on to \(total) files but lists \(exhibit.files.count)")
            }
            open = (exhibit.ref, total, exhibit.files.count)
        }
    }

    private mutating func continueRegistration(_ entry: LedgerEntry, _ label: String) throws {
        guard let more = entry.details?.exhibitFiles else {
            throw ExhibitError.verificationFailed("\(label) has no files")
        }
        guard let current = open, current.ref == more.ref, more.first == current.held,
            more.files.count <= current.expected - current.held, !more.files.isEmpty
        else {
            throw ExhibitError.verificationFailed("\(label) adds files to \(more.ref) out of its registration")
        }
        try addFiles(more.files, of: more.ref, from: more.first, seq: entry.sequence)
        let held = current.held + more.files.count
        open = held == current.expected ? nil : (current.ref, current.expected, held)
    }

    private func addFiles(_ files: [FileRecord], of ref: String, from first: Int, seq: Int) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO exhibit_file (exhibit_ref, position, name, path, sha256, modified_at, mime)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        // Content registered again is held again: any erasure of it is cleared (one statement for the entry's files).
        try db.cachedStatement(sql: "DELETE FROM destroyed_object WHERE sha256 IN (SELECT value FROM json_each(?))")
            .execute(arguments: [try SQLList.json(files.map(\.sha256))])
        for (offset, file) in files.enumerated() {
            try store(file.digests, seq: seq)
            try insert.execute(arguments: [ref, first + offset, file.name, file.path, file.sha256, file.modified, file.mime])
        }
    }

    /// Records an object (the first registration of its content is kept).
    private func store(_ digests: FileDigests, seq: Int) throws {
        try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO object (sha256, size, sha1, md5, stored_seq) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: [digests.sha256, digests.size, digests.sha1, digests.md5, seq])
    }

    // MARK: - The exhibit lifecycle

    private func classify(_ entry: LedgerEntry, _ label: String) throws {
        guard let classification = entry.details?.classification, entry.exhibits == [classification.ref] else {
            throw ExhibitError.verificationFailed("\(label) has no classification details for the material it names")
        }
        let known = try ExhibitRow.exists(db, key: classification.ref) || MaterialRow.exists(db, key: classification.ref)
        guard !known else { return }
        guard let description = classification.description else {
            throw ExhibitError.verificationFailed(
                "\(label) classifies \(classification.ref), which is neither an exhibit nor described")
        }
        try MaterialRow(ref: classification.ref, description: description, seq: entry.sequence).insert(db)
    }

    private func destroy(_ entry: LedgerEntry, _ label: String) throws {
        guard let destruction = entry.details?.destruction, entry.exhibits.count == 1, let ref = entry.exhibits.first else {
            throw ExhibitError.verificationFailed("\(label) has no destruction details for one exhibit")
        }
        try requireExhibits(entry, label, alive: true)
        for hash in destruction.erased {
            guard try ObjectRow.exists(db, key: hash) else {
                throw ExhibitError.verificationFailed("\(label) erases object \(hash), which was never stored")
            }
            try DestroyedObjectRow(sha256: hash, seq: entry.sequence).save(db)
        }
        try DestroyedExhibitRow(ref: ref, seq: entry.sequence).insert(db)
    }

    // MARK: - Checks

    /// Requires every exhibit the entry names to be registered (and, when `alive`, not destroyed).
    private func requireExhibits(_ entry: LedgerEntry, _ label: String, alive: Bool, allowNone: Bool = false) throws {
        guard !entry.exhibits.isEmpty || allowNone else {
            throw ExhibitError.verificationFailed("\(label) names no exhibit")
        }
        for ref in entry.exhibits {
            guard try ExhibitRow.exists(db, key: ref) else {
                throw ExhibitError.verificationFailed("\(label) names \(ref), which was never registered")
            }
            if alive, let destroyed = try DestroyedExhibitRow.fetchOne(db, key: ref) {
                throw ExhibitError.verificationFailed("\(label) names \(ref), which was destroyed by entry \(destroyed.seq)")
            }
        }
    }

    /// Requires `file` of exhibit `ref` to exist with content `sha256`.
    private func requireFile(_ ref: String, _ file: String, _ sha256: String, _ label: String) throws {
        // A redaction names thousands of files of one exhibit: one cached statement, not a query built per file.
        let registered = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM exhibit WHERE ref = ?)"), arguments: [ref])
        guard registered == true else {
            throw ExhibitError.verificationFailed("\(label) names \(ref), which was never registered")
        }
        let held = try Bool.fetchOne(
            db.cachedStatement(
                sql: "SELECT EXISTS (SELECT 1 FROM exhibit_file WHERE exhibit_ref = ? AND path = ? AND sha256 = ?)"),
            arguments: [ref, file, sha256])
        guard held == true else {
            throw ExhibitError.verificationFailed(
                "\(label) names file \(file) of \(ref) with content \(sha256), which \(ref) does not hold")
        }
    }

    /// Records which exhibits the entry concerns, for `history REF` without reading the whole ledger.
    private static func index(_ entry: LedgerEntry, in db: Database) throws {
        var refs = Set(entry.exhibits)
        if let ref = entry.details?.exhibit?.ref { refs.insert(ref) }
        if let ref = entry.details?.exhibitFiles?.ref { refs.insert(ref) }
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO ledger_exhibit (ref, seq) VALUES (?, ?)")
        for ref in refs.sorted() { try insert.execute(arguments: [ref, entry.sequence]) }
    }
}
