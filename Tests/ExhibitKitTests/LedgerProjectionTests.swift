import Foundation
import GRDB
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// The tables as a projection of the ledger: contradictions refused, registrations continued over several entries,
/// and the stored Merkle tree giving the same roots and proofs as the in-memory one.
struct LedgerProjectionTests {
    static let actor = Actor(name: "DC 4521 Priya Shah", agency: "Northshire Police CAIU", role: "OIC", id: "4521")

    /// An empty case database with every migration applied.
    static func database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue)
        return queue
    }

    static func numbered(_ entry: LedgerEntry, _ seq: Int) -> (LedgerEntry, String) {
        var entry = entry
        entry.sequence = seq
        let hash = LedgerEntry.hash(of: (try? entry.canonicalBytes()) ?? [])
        return (entry, hash)
    }

    static func file(_ index: Int) -> FileRecord {
        let hash = Hex.encode(MerkleTree.leafHash(Array("file \(index)".utf8)))
        return FileRecord(
            name: "f\(index).txt", path: "d/f\(index).txt", source: "/s/f\(index).txt",
            digests: FileDigests(size: Int64(index), sha256: hash, sha1: "s", md5: "m"), modified: "t", mime: "text/plain",
            alsoIn: nil)
    }

    static let opened = LedgerEntry(
        caseID: "c", action: .opened, actor: actor,
        details: EntryDetails(
            caseRecord: CaseDetails(caseRef: "CRN 1", incident: nil, operation: nil, agency: "A", oic: "O", certificate: "f")))

    static func registration(_ ref: String, files: [FileRecord], total: Int? = nil) -> LedgerEntry {
        LedgerEntry(
            caseID: "c", action: .registered, actor: actor, exhibits: [ref],
            details: EntryDetails(
                exhibit: ExhibitDetails(
                    ref: ref, description: "d", category: nil, seizedBy: "s", seizedFrom: "f", seizedAt: nil, note: nil,
                    files: files, refused: [], fileCount: total)))
    }

    static func continuation(_ ref: String, first: Int, files: [FileRecord]) -> LedgerEntry {
        LedgerEntry(
            caseID: "c", action: .registeredFiles, actor: actor, exhibits: [ref],
            details: EntryDetails(exhibitFiles: ExhibitFilesDetails(ref: ref, first: first, files: files, refused: [])))
    }

    @Test func contradictionsAreRefused() throws {
        try Self.database().write { db in
            var projection = LedgerProjection(db: db)
            let (opened, openedHash) = Self.numbered(Self.opened, 1)
            try projection.apply(opened, hash: openedHash)
            let (again, againHash) = Self.numbered(Self.opened, 2)
            #expect(throws: ExhibitError.self) { try projection.apply(again, hash: againHash) }
            let transfer = LedgerEntry(
                caseID: "c", action: .transferred, actor: Self.actor, exhibits: ["JD/404"],
                details: EntryDetails(transfer: TransferDetails(from: "a", to: "b")))
            let (numberedTransfer, transferHash) = Self.numbered(transfer, 2)
            #expect(throws: ExhibitError.self) { try projection.apply(numberedTransfer, hash: transferHash) }
            let (registered, registeredHash) = Self.numbered(Self.registration("JD/1", files: [Self.file(1)]), 2)
            try projection.apply(registered, hash: registeredHash)
            #expect(try String.fetchOne(db, sql: "SELECT custodian FROM exhibit WHERE ref = 'JD/1'") == Self.actor.name)
            #expect(try Int.fetchOne(db, sql: "SELECT size FROM object") == 1)
            let (twice, twiceHash) = Self.numbered(Self.registration("JD/1", files: [Self.file(2)]), 3)
            #expect(throws: ExhibitError.self) { try projection.apply(twice, hash: twiceHash) }
        }
    }

    @Test func aRegistrationContinuesOverSeveralEntriesAndMustBeCompleted() throws {
        try Self.database().write { db in
            var projection = LedgerProjection(db: db)
            let (opened, openedHash) = Self.numbered(Self.opened, 1)
            try projection.apply(opened, hash: openedHash)
            let files = (0..<5).map(Self.file)
            let (first, firstHash) = Self.numbered(Self.registration("JD/1", files: Array(files[0..<2]), total: 5), 2)
            try projection.apply(first, hash: firstHash)
            #expect(throws: ExhibitError.self) { try projection.finish() }
            // Out of order: files from position 3 while 2 is next.
            let (skipped, skippedHash) = Self.numbered(Self.continuation("JD/1", first: 3, files: [files[3]]), 3)
            #expect(throws: ExhibitError.self) { try projection.apply(skipped, hash: skippedHash) }
        }
        try Self.database().write { db in
            var projection = LedgerProjection(db: db)
            let files = (0..<5).map(Self.file)
            let entries = [
                Self.opened, Self.registration("JD/1", files: Array(files[0..<2]), total: 5),
                Self.continuation("JD/1", first: 2, files: Array(files[2..<4])),
                Self.continuation("JD/1", first: 4, files: [files[4]]),
            ]
            for (index, entry) in entries.enumerated() {
                let (numbered, hash) = Self.numbered(entry, index + 1)
                try projection.apply(numbered, hash: hash)
            }
            try projection.finish()
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM exhibit_file WHERE exhibit_ref = 'JD/1'") == 5)
            #expect(try Int.fetchAll(db, sql: "SELECT seq FROM ledger_exhibit WHERE ref = 'JD/1' ORDER BY seq") == [2, 3, 4])
            // Another entry may not come between the parts of a registration.
            let (note, noteHash) = Self.numbered(
                LedgerEntry(caseID: "c", action: .note, actor: Self.actor, exhibits: ["JD/1"], text: "n"), 5)
            try projection.apply(note, hash: noteHash)
        }
    }

    @Test(arguments: [1, 2, 3, 7, 8, 13, 64, 100])
    func theStoredTreeGivesTheRootsAndProofsOfTheWholeOne(_ size: Int) throws {
        let hashes = (0..<size).map { Hex.encode(MerkleTree.leafHash(Array("entry \($0)".utf8))) }
        let leaves = hashes.compactMap { Hex.decode($0) }.map(MerkleTree.leafHash)
        try Self.database().write { db in
            for (index, hash) in hashes.enumerated() { try LedgerProjection.addLeaf(hash, at: index, in: db) }
            let tree = LedgerProjection.tree(db, size: size)
            #expect(try tree.root() == MerkleTree.root(leaves))
            #expect(try tree.frontier().root == MerkleTree.root(leaves))
            for count in 1...size {
                #expect(try tree.root(ofFirst: count) == MerkleTree.root(Array(leaves.prefix(count))))
                #expect(try tree.consistencyProof(from: count) == MerkleTree.consistencyProof(from: count, leaves: leaves))
            }
            for index in 0..<size {
                #expect(try tree.inclusionProof(index: index) == MerkleTree.inclusionProof(index: index, leaves: leaves))
            }
        }
    }
}

/// The stored timestamp form is read without a formatter and agrees with one.
struct StoredTimestampTests {
    @Test(arguments: [
        "2026-11-27T05:10:25.123Z", "1970-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z", "2000-03-01T12:00:00.500Z",
        "1969-12-31T23:59:59.001Z", "2100-12-31T00:00:00.000Z",
    ])
    func theStoredFormAgreesWithTheFormatter(_ text: String) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let expected = try #require(formatter.date(from: text))
        let parsed = try #require(Timestamp.parseStored(Array(text.utf8)))
        #expect(abs(parsed.timeIntervalSince1970 - expected.timeIntervalSince1970) < 0.0005)
        #expect(Timestamp.format(parsed) == text)
    }

    @Test(arguments: [
        "2026-02-29T05:10:25.123Z", "2026-13-01T05:10:25.123Z", "2026-11-27T24:00:00.000Z", "2026-11-27T05:10:25.12Z",
        "2026-11-27 05:10:25.123Z", "2026-11-27T05:10:25.123+", "2026-00-10T05:10:25.123Z", "2026-11-00T05:10:25.123Z",
    ])
    func malformedStoredFormsAreNotRead(_ text: String) {
        #expect(Timestamp.parseStored(Array(text.utf8)) == nil)
    }
}

/// A long case: a ledger of 50,000 entries (built in one commit, as a test helper may) verifies, and one entry
/// altered in the middle of it is named.
struct LongLedgerTests {
    @Test func aLedgerOfFiftyThousandEntriesVerifies() throws {
        let folder = try PrivateFolder()
        let key = try PrivateKey.generate(.p256)
        let certificate = try CertificateIssuer.selfSigned(key: key, agency: "Northshire Police CAIU", days: 30)
        let signer = try LedgerSigner(key: key, certificate: certificate)
        let actor = Actor(name: "DC 4521 Priya Shah", agency: "Northshire Police CAIU")
        let store = try CaseStore.create(
            directory: "\(folder.path)/.exhibit", caseRef: "CRN 1", incident: nil, operation: nil,
            agency: "Northshire Police CAIU", oic: actor.name, keyPath: "\(folder.path)/agency.key", signer: signer,
            actor: actor)
        let count = 50_000
        try store.write(signer: signer) { writer in
            try writer.commit { ledger in
                for index in 0..<count {
                    try ledger.append(LedgerEntry(caseID: store.info.id, action: .note, actor: actor, text: "note \(index)"))
                }
            }
        }
        let report = StoreVerifier.verify(store)
        #expect(report.passed, "\(report.problems.prefix(3))")
        #expect(report.entries == count + 1)
        // The same ledger from its first checkpoint on.
        #expect(StoreVerifier.verify(store, since: 1).passed)
        let database = try DatabaseQueue(path: "\(folder.path)/.exhibit/case.sqlite")
        try database.write { db in
            try db.execute(sql: "UPDATE ledger SET body = replace(body, 'note 25000\"', 'note 25001\"') WHERE seq = 25002")
        }
        try database.close()
        let tampered = StoreVerifier.verify(store)
        #expect(tampered.problems.contains { $0.contains("ledger entry 25002") })
        withExtendedLifetime(folder) {}
    }
}
