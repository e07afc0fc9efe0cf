import Foundation
import Testing

/// Partners witness each other's ledgers (issue 14): the receiver records and cosigns the sender's checkpoint, later
/// bundles prove the ledger only grew, and a sender that rewrites its own store with its own key is caught by the
/// partner on the next bundle, or when two partners compare what they were shown.
@Suite struct WitnessTests {
    struct Agencies {
        let police: CLIHarness
        let csc: CLIHarness
        let cps: CLIHarness
    }

    static func agencies() throws -> Agencies {
        let police = try CLIHarness.withCase()
        try police.write("evidence/note.txt", "bag sealed at 10:02")
        try police.expectSuccess([
            "add", police.path("evidence/note.txt"), "--ref", "E/1", "--category", "note", "--description", "Officer's note",
            "--seized-by", "PC 1", "--seized-from", "scene",
        ])
        let csc = try CLIHarness.withCase(agency: BundleTests.csc, oic: "Tom Okafor", caseRef: "NCSC-1")
        let cps = try CLIHarness.withCase(agency: "Crown Prosecution Service", oic: "A Lawyer", caseRef: "CPS-1")
        try police.expectSuccess(["partners", "add", csc.certificate, "--name", BundleTests.csc, "--id", "ncsc"])
        try police.expectSuccess(["partners", "add", cps.certificate, "--name", "Crown Prosecution Service", "--id", "cps"])
        try csc.expectSuccess(["partners", "add", police.certificate, "--name", BundleTests.police, "--id", "np"])
        try cps.expectSuccess(["partners", "add", police.certificate, "--name", BundleTests.police, "--id", "np"])
        return Agencies(police: police, csc: csc, cps: cps)
    }

    @discardableResult
    static func export(_ police: CLIHarness, to partner: String, name: String) throws -> String {
        let bundle = police.path("out/\(name).exhibit")
        try police.expectSuccess(["export", "--policy", "police-to-cps", "--to", partner, "--purpose", "p", "--out", bundle])
        return bundle
    }

    static func entries(_ cli: CLIHarness) throws -> [[String: Any]] {
        let history = try #require(try cli.expectSuccess(["history", "--json"]).json() as? [[String: Any]])
        return history.compactMap { $0["entry"] as? [String: Any] }
    }

    /// Deletes the ledger's entries after `size` and their checkpoints: the sender rewriting its own store (its next
    /// command signs a new checkpoint over the shortened ledger with its own key).
    static func truncate(_ cli: CLIHarness, after size: Int) throws {
        try cli.sql(
            "DELETE FROM ledger WHERE seq > \(size); DELETE FROM checkpoint WHERE tree_size > \(size); "
                + "DELETE FROM ledger_exhibit WHERE seq > \(size); DELETE FROM ledger_action WHERE seq > \(size); "
                + "DELETE FROM merkle_node WHERE ((idx + 1) << level) > \(size);")
    }

    @Test func aSenderRewritingItsOwnStoreIsCaughtOnItsNextBundle() throws {
        let agencies = try Self.agencies()
        let (police, csc) = (agencies.police, agencies.csc)
        let first = try Self.export(police, to: "ncsc", name: "b1")
        try csc.expectSuccess(["receive", first, "--import", "--receipt", csc.path("r1.p7s")])
        // The receipt cosigns the checkpoint the bundle carried: openssl checks it against the receiver's certificate.
        let receipt = try runTool(
            "openssl",
            ["cms", "-verify", "-inform", "DER", "-in", csc.path("r1.p7s"), "-CAfile", csc.certificate, "-purpose", "any"])
        #expect(receipt.status == 0 && receipt.output.contains("\"cosignature\""), "\(receipt.output)")
        // The cosignature itself, as docs/bundle-format.md checks it: a detached CMS signature over the checkpoint body.
        let content = try runTool(
            "openssl",
            [
                "cms", "-verify", "-inform", "DER", "-in", csc.path("r1.p7s"), "-CAfile", csc.certificate, "-purpose", "any",
                "-out", csc.path("receipt.json"),
            ])
        #expect(content.status == 0)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: csc.path("receipt.json"))))
                as? [String: Any])
        let cosigned = try #require(json["cosignature"] as? [String: String])
        try Data((cosigned["checkpoint"] ?? "").utf8).write(to: URL(fileURLWithPath: csc.path("cp.txt")))
        try #require(Data(base64Encoded: cosigned["signature"] ?? "")).write(to: URL(fileURLWithPath: csc.path("cosig.p7s")))
        let detached = try runTool(
            "openssl",
            [
                "cms", "-verify", "-binary", "-inform", "DER", "-in", csc.path("cosig.p7s"), "-content", csc.path("cp.txt"),
                "-CAfile", csc.certificate, "-purpose", "any", "-out", "/dev/null",
            ])
        #expect(detached.status == 0, "\(detached.output)")
        #expect(cosigned["checkpoint"]?.hasPrefix("exhibit.case/") == true)
        try police.expectSuccess(["receipt", "import", csc.path("r1.p7s")])
        let recorded = try #require(try Self.entries(police).last)
        let cosignature = try #require((recorded["details"] as? [String: Any])?["cosignature"] as? [String: Any])
        let firstSize = try #require(cosignature["size"] as? Int)
        let receiptEntry = try #require(recorded["seq"] as? Int)
        let witnessed = try #require(try Self.entries(csc).last)
        #expect(witnessed["action"] as? String == "witnessed")
        let listed = try #require(try csc.expectSuccess(["partners", "list", "--json"]).json() as? [[String: Any]])
        #expect((listed.first?["lastWitnessed"] as? [String: Any])?["size"] as? Int == firstSize)
        #expect(try csc.expectSuccess(["partners", "list"]).stdout.contains("last witnessed: checkpoint \(firstSize)"))

        // The ledger grew honestly: the next bundle proves it, and the partner accepts it.
        try police.expectSuccess(["note", "E/1", "--text", "examined"])
        let second = try Self.export(police, to: "ncsc", name: "b2")
        let accepted = try csc.run(["receive", second, "--receipt", csc.path("r2.p7s"), "--json"])
        #expect(accepted.status == 0, "\(accepted.stdout)")
        #expect(accepted.stdout.contains("extends checkpoint \(firstSize) witnessed"), "\(accepted.stdout)")
        try police.expectSuccess(["receipt", "import", csc.path("r2.p7s")])
        // A bundle carrying exhibit/consistency.json still passes the stand-alone checker.
        let standalone = try PartnerCheckerTests.check([
            second, "--sender", police.certificate, "--cert", csc.certificate, "--key", csc.path("keys/agency.key"),
            "--passphrase-file", try #require(csc.environment["EXHIBIT_PASSPHRASE_FILE"]),
        ])
        #expect(standalone.status == 0, "\(standalone.output)")
        let secondSize = try #require(try csc.expectSuccess(["partners", "list", "--json"]).json() as? [[String: Any]])
            .first.flatMap { ($0["lastWitnessed"] as? [String: Any])?["size"] as? Int }
        #expect(secondSize == firstSize + 4)

        // The police rewrite their store wholesale with their own key: the note and the second export deleted,
        // another history signed in their place. Locally nothing shows.
        try Self.truncate(police, after: receiptEntry)
        try police.expectSuccess(["note", "E/1", "--text", "nothing happened"])
        #expect(try police.run(["verify"]).status == 0, "a store rewritten with its own key verifies locally")
        let rewritten = try Self.export(police, to: "ncsc", name: "b3")
        let refused = try csc.run(["receive", rewritten, "--import"])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("history rewritten"), "\(refused.stdout)")
        #expect(
            refused.stdout.contains("checkpoint \(firstSize + 4)") && refused.stdout.contains("witnessed in ledger entry"),
            "\(refused.stdout)")
        #expect(!(try csc.expectSuccess(["list", "--json"]).stdout.contains("np:E/1\",\"seizedAt")), "nothing more imported")

        // A longer rewritten history cannot prove it extends what was witnessed either.
        try police.expectSuccess(["note", "E/1", "--text", "and more"])
        let longer = try Self.export(police, to: "ncsc", name: "b4")
        let refusedAgain = try csc.run(["receive", longer])
        #expect(refusedAgain.status == 1)
        #expect(
            refusedAgain.stdout.contains("extends checkpoint \(firstSize + 4)")
                || refusedAgain.stdout.contains("history rewritten"),
            "\(refusedAgain.stdout)")
    }

    @Test func twoPartnersShownDifferentHistoriesFindTheSplitView() throws {
        let agencies = try Self.agencies()
        let (police, csc, cps) = (agencies.police, agencies.csc, agencies.cps)
        let base = try Self.entries(police).count
        let toCSC = try Self.export(police, to: "ncsc", name: "csc")
        try csc.expectSuccess(["receive", toCSC, "--receipt", csc.path("r.p7s")])
        // The police rewind and show the CPS another history of the same size.
        try Self.truncate(police, after: base)
        let toCPS = try Self.export(police, to: "cps", name: "cps")
        try cps.expectSuccess(["receive", toCPS, "--receipt", cps.path("r.p7s")])

        try csc.expectSuccess(["partners", "witnessed", "np", "--out", csc.path("np-checkpoint.json")])
        try cps.expectSuccess(["partners", "witnessed", "np", "--out", cps.path("np-checkpoint.json")])
        let split = try cps.run(["partners", "check", "np", csc.path("np-checkpoint.json")])
        #expect(split.status == 1 && split.stderr.contains("split view"), "\(split.stderr)")
        #expect(split.stderr.contains("checkpoint \(base + 1)"), "\(split.stderr)")
        // Each agrees with its own copy; a copy signed by someone else is refused.
        let same = try cps.run(["partners", "check", "np", cps.path("np-checkpoint.json")])
        #expect(same.status == 0 && same.stdout.contains("Same history"), "\(same.stderr)")
        var forged = try String(contentsOfFile: cps.path("np-checkpoint.json"), encoding: .utf8)
        forged = forged.replacingOccurrences(of: "\"signature\" : \"M", with: "\"signature\" : \"N")
        try forged.write(toFile: cps.path("forged.json"), atomically: true, encoding: .utf8)
        #expect(try cps.run(["partners", "check", "np", cps.path("forged.json")]).status != 0)
        // The police cannot record a cosignature over a checkpoint their (rewritten) ledger never signed.
        let mismatch = try police.run(["receipt", "import", csc.path("r.p7s")])
        #expect(mismatch.status == 1 && mismatch.stderr.contains("shown another history"), "\(mismatch.stderr)")
    }
}
