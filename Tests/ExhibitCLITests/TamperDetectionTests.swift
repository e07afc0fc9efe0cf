import Foundation
import Testing

/// Changes made behind Exhibit's back, in the database or the object files: `verify` finds each one,
/// names it, and exits 1.
@Suite struct TamperDetectionTests {
    /// A case with three exhibits and some custody events (a ledger of 7 entries).
    static func populatedCase() throws -> CLIHarness {
        let cli = try CLIHarness.withCase()
        for index in 1...3 {
            try cli.write("e/item\(index).bin", Data((0..<(3000 * index)).map { UInt8(truncatingIfNeeded: $0 * index) }))
            try cli.expectSuccess([
                "add", cli.path("e/item\(index).bin"), "--ref", "JD/\(index)", "--description", "item \(index)",
                "--seized-by", "PC 1 Smith", "--seized-from", "the mother",
            ])
        }
        try cli.expectSuccess(["transfer", "JD/1", "--to", "DS 2 Jones", "--reason", "examination"])
        try cli.expectSuccess(["access", "JD/2", "--reason", "review"])
        try cli.expectSuccess(["note", "JD/3", "--text", "sealed"])
        let clean = try cli.run(["verify"])
        #expect(clean.status == 0, "a clean store must verify: \(clean.stdout)")
        return cli
    }

    static func objectPath(_ cli: CLIHarness, ref: String) throws -> String {
        let shown = try #require(try cli.expectSuccess(["show", ref, "--json"]).json() as? [String: Any])
        let hash = try #require((shown["files"] as? [[String: Any]])?.first?["sha256"] as? String)
        return cli.store + "/objects/sha256/\(hash.prefix(2))/\(hash.dropFirst(2))"
    }

    /// Runs verify, requiring exit 1 and a problem line containing every fragment.
    static func expectCaught(_ cli: CLIHarness, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let run = try cli.run(["verify", "--json"])
        #expect(run.status == 1, "verify should fail", sourceLocation: sourceLocation)
        let report = try #require(try run.json() as? [String: Any], sourceLocation: sourceLocation)
        let problems = report["problems"] as? [String] ?? []
        #expect(
            problems.contains { problem in fragments.allSatisfy { problem.contains($0) } },
            "no problem mentions \(fragments): \(problems)", sourceLocation: sourceLocation)
        let human = try cli.run(["verify"])
        #expect(human.status == 1 && human.stdout.contains("Verification FAILED"), sourceLocation: sourceLocation)
    }

    @Test func deletingTheNewestEntriesIsFound() throws {
        let cli = try Self.populatedCase()
        try cli.sql("DELETE FROM ledger WHERE seq >= 7")
        try Self.expectCaught(cli, ["checkpoint 7", "entries 7 to 7 were deleted"])
    }

    @Test func deletingTheNewestEntriesAndTheirCheckpointsIsFoundThroughTheirEffects() throws {
        let cli = try Self.populatedCase()
        // Entry 4 registered JD/3; removing it and every later entry and checkpoint leaves JD/3 unaccounted for.
        try cli.sql("DELETE FROM ledger WHERE seq >= 4; DELETE FROM checkpoint WHERE tree_size >= 4")
        try Self.expectCaught(cli, ["exhibit JD/3", "no ledger entry registered it"])
    }

    @Test func editingAnActorIsFound() throws {
        let cli = try Self.populatedCase()
        try cli.sql(
            "UPDATE ledger SET body = replace(body, '\"name\":\"DC 4521 Priya Shah\"', '\"name\":\"DC 9999 Someone Else\"') WHERE seq = 5"
        )
        try Self.expectCaught(cli, ["ledger entry 5", "edited"])
    }

    @Test func editingATimestampAndRehashingIsStillFound() throws {
        let cli = try Self.populatedCase()
        // Change the time and recompute the stored hash: the chain link of the next entry and the signed roots fail.
        try cli.sql(
            """
            UPDATE ledger SET body = replace(body, substr(body, instr(body, '"time":"') + 8, 24), '2026-01-01T00:00:00.000Z') WHERE seq = 3;
            """)
        let rows = try runTool("sqlite3", [cli.store + "/case.sqlite", "SELECT body FROM ledger WHERE seq = 3"])
        let body = rows.output.trimmingCharacters(in: .newlines)
        let hash = try runTool("sh", ["-c", "printf '%s' \"$0\" | openssl dgst -sha256 -r | cut -c1-64", body]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try cli.sql("UPDATE ledger SET entry_hash = '\(hash)' WHERE seq = 3")
        try Self.expectCaught(cli, ["ledger entry 4 does not follow entry 3"])
        try Self.expectCaught(cli, ["checkpoint 3", "no longer have the signed Merkle root"])
    }

    @Test func swappingTwoEntriesIsFound() throws {
        let cli = try Self.populatedCase()
        try cli.sql(
            """
            UPDATE ledger SET seq = -5 WHERE seq = 5;
            UPDATE ledger SET seq = 5 WHERE seq = 6;
            UPDATE ledger SET seq = 6 WHERE seq = -5;
            """)
        try Self.expectCaught(cli, ["ledger entry 5 says it is entry 6"])
    }

    @Test func editingAnObjectFileIsFound() throws {
        let cli = try Self.populatedCase()
        let path = try Self.objectPath(cli, ref: "JD/2")
        chmod(path, 0o644)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 100)
        let original = try #require(try handle.read(upToCount: 1)).first ?? 0
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data([original ^ 0x01]))
        try handle.close()
        try Self.expectCaught(cli, ["JD/2 item2.bin", "was altered"])
    }

    @Test func deletingAnObjectFileIsFound() throws {
        let cli = try Self.populatedCase()
        let path = try Self.objectPath(cli, ref: "JD/3")
        try FileManager.default.removeItem(atPath: path)
        try Self.expectCaught(cli, ["JD/3 item3.bin", "is missing"])
    }

    @Test func aStrayObjectIsFound() throws {
        let cli = try Self.populatedCase()
        let stray = String(repeating: "ab", count: 32)
        try cli.write("case/.exhibit/objects/sha256/ab/\(stray.dropFirst(2))", "slipped in")
        try Self.expectCaught(cli, ["stray object \(stray)"])
        try cli.write("case/.exhibit/objects/sha256/ab/notes.txt", "not an object")
        try Self.expectCaught(cli, ["unexpected file objects/sha256/ab/notes.txt"])
    }

    @Test func rowsTheLedgerDoesNotAccountForAreFound() throws {
        let cli = try Self.populatedCase()
        try cli.sql(
            """
            INSERT INTO exhibit (ref, description, seized_by, seized_from, registered_seq, registered_at, custodian)
            VALUES ('JD/99', 'slipped in', 'x', 'y', 2, '2026-01-01T00:00:00.000Z', 'z')
            """)
        try Self.expectCaught(cli, ["exhibit JD/99", "no ledger entry registered it"])
    }

    @Test func editingATableBehindTheLedgerIsFound() throws {
        let cli = try Self.populatedCase()
        try cli.sql("UPDATE exhibit SET custodian = 'Someone Else' WHERE ref = 'JD/1'")
        try Self.expectCaught(cli, ["exhibit JD/1", "custodian"])
        try cli.sql("UPDATE exhibit SET custodian = 'DS 2 Jones' WHERE ref = 'JD/1'")
        try cli.sql("UPDATE exhibit_file SET name = 'renamed.bin' WHERE exhibit_ref = 'JD/2'")
        try Self.expectCaught(cli, ["exhibit JD/2", "item2.bin"])
    }

    @Test func insertingAForgedEntryIsFound() throws {
        let cli = try Self.populatedCase()
        try cli.sql("INSERT INTO ledger (seq, entry_hash, body) SELECT 8, entry_hash, body FROM ledger WHERE seq = 7")
        try Self.expectCaught(cli, ["ledger entry 8"])
        try Self.expectCaught(cli, ["not covered by any signed checkpoint"])
    }

    @Test func aCheckpointSignedByAnotherKeyIsFound() throws {
        let cli = try Self.populatedCase()
        let other = try CLIHarness.withCase()
        // Transplant another case's signature onto our latest checkpoint.
        try cli.sql(
            "ATTACH '\(other.store)/case.sqlite' AS other; UPDATE checkpoint SET signature = (SELECT signature FROM other.checkpoint LIMIT 1) WHERE tree_size = 7"
        )
        try Self.expectCaught(cli, ["checkpoint 7", "signature does not verify"])
    }

    @Test func verifyAgainstAnOutsideCertificateRejectsAnotherAgency() throws {
        let cli = try Self.populatedCase()
        try cli.expectSuccess(["keys", "generate", "--agency", "Impostor", "--out", cli.path("other/impostor")])
        #expect(try cli.run(["verify", "--cert", cli.path("keys/agency.crt")]).status == 0)
        let run = try cli.run(["verify", "--cert", cli.path("other/impostor.crt")])
        #expect(run.status == 1)
        #expect(run.stdout.contains("signature does not verify"))
    }
}
