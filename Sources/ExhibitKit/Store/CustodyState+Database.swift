import ExhibitCore
import GRDB

extension CustodyState {
    /// The exhibit references and object hashes an entry can change.
    private static func scope(of entry: LedgerEntry) -> (refs: Set<String>, objects: Set<String>) {
        var refs = Set(entry.exhibits)
        var objects = Set(entry.objects)
        if let exhibit = entry.details?.exhibit {
            refs.insert(exhibit.ref)
            objects.formUnion(exhibit.files.map(\.sha256))
        }
        if let mark = entry.details?.mark { refs.insert(mark.ref) }
        for item in entry.details?.redaction?.items ?? [] {
            refs.insert(item.ref)
            if let derived = item.derived { objects.insert(derived.sha256) }
        }
        return (refs, objects)
    }

    /// Applies `entry` to the rows it concerns, exactly as a replay of the ledger would.
    static func persist(_ entry: LedgerEntry, in db: Database) throws {
        let (refs, hashes) = scope(of: entry)
        var state = CustodyState()
        if entry.action != .opened, let record = try CaseInfoRecord.fetchOne(db) {
            state.caseDetails = CaseDetails(
                caseRef: record.caseRef, incident: record.incident, operation: record.operation, agency: record.agency,
                oic: record.oic, certificate: record.certificateFingerprint)
        }
        for ref in refs {
            if let row = try ExhibitRow.fetchOne(db, key: ref) {
                state.exhibits[ref] = row
                state.files[ref] = try ExhibitFileRow.filter(Column("exhibit_ref") == ref).order(Column("position")).fetchAll(db)
            }
        }
        let sortedHashes = hashes.sorted()
        for start in stride(from: 0, to: sortedHashes.count, by: 500) {
            let batch = Array(sortedHashes[start..<min(start + 500, sortedHashes.count)])
            for row in try ObjectRow.filter(keys: batch).fetchAll(db) { state.objects[row.sha256] = row }
            for row in try DestroyedObjectRow.filter(keys: batch).fetchAll(db) { state.destroyedObjects[row.sha256] = row }
        }
        for ref in refs {
            state.materials[ref] = try MaterialRow.fetchOne(db, key: ref)
            state.destroyedExhibits[ref] = try DestroyedExhibitRow.fetchOne(db, key: ref)
        }
        for row in try SettingRow.fetchAll(db) { state.settings[row.name] = row }
        state.parties = try PartyRow.order(Column("position")).fetchAll(db)
        for partner in try PartnerRow.fetchAll(db) { state.partners[partner.id] = partner }
        let before = state
        try state.apply(entry)
        for party in state.parties.dropFirst(before.parties.count) { try party.insert(db) }
        for mark in state.marks.values { try mark.insert(db) }
        for hash in hashes where before.objects[hash] == nil {
            if let row = state.objects[hash] { try row.insert(db) }
        }
        for ref in refs {
            guard let row = state.exhibits[ref] else { continue }
            if before.exhibits[ref] == nil {
                try row.insert(db)
                for file in state.files[ref] ?? [] { try file.insert(db) }
            } else if before.exhibits[ref] != row {
                try row.update(db)
            }
        }
        for derivation in state.derivations { try derivation.insert(db) }
        for id in Set(before.partners.keys).subtracting(state.partners.keys) { _ = try PartnerRow.deleteOne(db, key: id) }
        for (id, partner) in state.partners where before.partners[id] == nil { try partner.insert(db) }
        for (id, partner) in state.partners where before.partners[id].map({ $0 != partner }) ?? false { try partner.update(db) }
        try persistLifecycle(before: before, after: state, hashes: hashes, in: db)
    }

    /// Writes what a lifecycle entry changed: settings, other material, destroyed exhibits and objects.
    private static func persistLifecycle(before: CustodyState, after state: CustodyState, hashes: Set<String>, in db: Database)
        throws
    {
        for (name, row) in state.settings where before.settings[name] != row { try row.save(db) }
        for (ref, row) in state.materials where before.materials[ref] == nil { try row.insert(db) }
        for (ref, row) in state.destroyedExhibits where before.destroyedExhibits[ref] == nil { try row.insert(db) }
        for hash in hashes {
            switch (before.destroyedObjects[hash], state.destroyedObjects[hash]) {
            case (nil, let row?): try row.insert(db)
            case (_?, nil): _ = try DestroyedObjectRow.deleteOne(db, key: hash)
            default: break
            }
        }
    }

    /// Reads the tables as they are, for comparison with a replay.
    static func loadTables(_ db: Database) throws -> CustodyState {
        var state = CustodyState()
        for row in try ExhibitRow.fetchAll(db) { state.exhibits[row.ref] = row }
        for row in try ExhibitFileRow.order(Column("exhibit_ref"), Column("position")).fetchAll(db) {
            state.files[row.exhibitRef, default: []].append(row)
        }
        for row in try ObjectRow.fetchAll(db) { state.objects[row.sha256] = row }
        state.parties = try PartyRow.order(Column("position")).fetchAll(db)
        for row in try MarkRow.fetchAll(db) { state.marks[row.seq] = row }
        for partner in try PartnerRow.fetchAll(db) { state.partners[partner.id] = partner }
        state.derivations = try DerivationRow.order(Column("seq"), Column("exhibit_ref"), Column("file"), Column("derived"))
            .fetchAll(db)
        // A store last written before these tables existed has none of them (reading never migrates).
        if try db.tableExists(SettingRow.databaseTableName) {
            for row in try SettingRow.fetchAll(db) { state.settings[row.name] = row }
            for row in try MaterialRow.fetchAll(db) { state.materials[row.ref] = row }
            for row in try DestroyedExhibitRow.fetchAll(db) { state.destroyedExhibits[row.ref] = row }
            for row in try DestroyedObjectRow.fetchAll(db) { state.destroyedObjects[row.sha256] = row }
        }
        return state
    }
}
