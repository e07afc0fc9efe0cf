import Foundation
import Testing

/// `verify` reports which of the store's checkpoints partners cosigned, and by whom (issue 14), checking each
/// cosignature again against the store's own checkpoint and the partner's registered certificate.
@Suite struct CosignedCheckpointTests {
    @Test func verifyNamesTheCheckpointsPartnersCosigned() throws {
        let agencies = try WitnessTests.agencies()
        let (police, csc, cps) = (agencies.police, agencies.csc, agencies.cps)
        let quiet = try #require(try police.expectSuccess(["verify", "--json"]).json() as? [String: Any])
        #expect((quiet["cosigned"] as? [Any])?.isEmpty == true)
        #expect(try police.expectSuccess(["verify"]).stdout.contains("no checkpoint cosigned by a partner yet"))

        let first = try WitnessTests.export(police, to: "ncsc", name: "b1")
        try csc.expectSuccess(["receive", first, "--import", "--receipt", csc.path("r1.p7s")])
        try police.expectSuccess(["receipt", "import", csc.path("r1.p7s")])
        let second = try WitnessTests.export(police, to: "cps", name: "b2")
        try cps.expectSuccess(["receive", second, "--receipt", cps.path("r2.p7s")])
        try police.expectSuccess(["receipt", "import", cps.path("r2.p7s")])

        let verified = try #require(try police.expectSuccess(["verify", "--json"]).json() as? [String: Any])
        let cosigned = try #require(verified["cosigned"] as? [[String: Any]])
        #expect(cosigned.map { $0["partner"] as? String } == ["ncsc", "cps"], "\(cosigned)")
        #expect(cosigned.map { $0["partnerName"] as? String } == [BundleTests.csc, "Crown Prosecution Service"])
        let sizes = cosigned.compactMap { $0["size"] as? Int }
        #expect(sizes.count == 2 && sizes[0] < sizes[1])
        let text = try police.expectSuccess(["verify"]).stdout
        #expect(text.contains("2 checkpoint(s) cosigned: \(sizes[0]) by \(BundleTests.csc)"), "\(text)")

        // The store's own checkpoint at a cosigned size, rewritten (its history changed since): verify names the
        // partner whose cosignature no longer matches.
        try police.sql("UPDATE checkpoint SET note = replace(note, 'time ', 'time 2') WHERE tree_size = \(sizes[0])")
        let run = try police.run(["verify"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("ncsc cosigned checkpoint \(sizes[0])"), "\(run.stdout)")
    }
}

/// `partners check` at different sizes (issue 14): decided only by the sender's consistency proofs, never guessed.
@Suite struct PartnerCheckAtOtherSizesTests {
    static func witnessed(_ cli: CLIHarness, _ name: String) throws -> (path: String, size: Int, root: String) {
        let path = cli.path(name)
        let json = try #require(
            try cli.expectSuccess(["partners", "witnessed", "np", "--out", path, "--json"]).json() as? [String: Any])
        return (path, try #require(json["size"] as? Int), try #require(json["root"] as? String))
    }

    static func prove(_ police: CLIHarness, from size: Int, upTo target: Int? = nil, to name: String) throws -> String {
        let run = try police.expectSuccess(
            ["prove", "--from-size", "\(size)", "--json"] + (target.map { ["--to-size", "\($0)"] } ?? []))
        return try police.write(name, run.stdout)
    }

    @Test func checkpointsOfDifferentSizesAreComparedThroughTheSendersProofs() throws {
        let agencies = try WitnessTests.agencies()
        let (police, csc, cps) = (agencies.police, agencies.csc, agencies.cps)
        try csc.expectSuccess(["receive", try WitnessTests.export(police, to: "ncsc", name: "b1"), "--receipt", csc.path("r1")])
        try police.expectSuccess(["note", "E/1", "--text", "later"])
        try cps.expectSuccess(["receive", try WitnessTests.export(police, to: "cps", name: "b2"), "--receipt", cps.path("r2")])
        let small = try Self.witnessed(csc, "small.json")
        let large = try Self.witnessed(cps, "large.json")
        #expect(small.size < large.size)

        // Without proofs nothing is decided: exit 2, naming what to ask for.
        let undecided = try cps.run(["partners", "check", "np", small.path])
        #expect(
            undecided.status == 2 && undecided.stderr.contains("prove --from-size \(small.size) --to-size \(large.size)"),
            "\(undecided.stderr)")
        // The sender's proof from the smaller checkpoint to the larger decides it, both ways.
        let direct = try Self.prove(police, from: small.size, upTo: large.size, to: "p-small.json")
        let same = try cps.run(["partners", "check", "np", small.path, "--proof", direct, "--json"])
        #expect(same.status == 0, "\(same.stderr)")
        let comparison = try #require(try same.json() as? [String: Any])
        #expect(comparison["provenTo"] as? Int == large.size && comparison["witnessedSize"] as? Int == large.size)
        #expect(try csc.run(["partners", "check", "np", large.path, "--proof", direct]).status == 0)
        // After the ledger grew further, two proofs to the same tree decide it too; one of them alone does not.
        try police.expectSuccess(["note", "E/1", "--text", "and later"])
        let fromSmall = try Self.prove(police, from: small.size, to: "q-small.json")
        let fromLarge = try Self.prove(police, from: large.size, to: "q-large.json")
        let both = try cps.run(["partners", "check", "np", small.path, "--proof", fromSmall, "--proof", fromLarge])
        #expect(both.status == 0 && both.stdout.contains("both prefixes"), "\(both.stderr)")
        #expect(try cps.run(["partners", "check", "np", small.path, "--proof", fromSmall]).status == 2)

        // A proof edited to start from the root the other partner holds no longer verifies.
        var forged = try String(contentsOfFile: fromSmall, encoding: .utf8)
        let proofJSON = try #require(try JSONSerialization.jsonObject(with: Data(forged.utf8)) as? [String: Any])
        let fromRoot = try #require(proofJSON["fromRoot"] as? String)
        forged = forged.replacingOccurrences(of: fromRoot, with: String(repeating: "0", count: 64))
        let forgedPath = try cps.write("forged.json", forged)
        let refused = try cps.run(["partners", "check", "np", small.path, "--proof", forgedPath, "--proof", fromLarge])
        #expect(refused.status == 1 && refused.stderr.contains("does not verify"), "\(refused.stderr)")
    }

    @Test func aSplitViewAtDifferentSizesIsFoundThroughTheSendersOwnProof() throws {
        let agencies = try WitnessTests.agencies()
        let (police, csc, cps) = (agencies.police, agencies.csc, agencies.cps)
        let base = try WitnessTests.entries(police).count
        try csc.expectSuccess(["receive", try WitnessTests.export(police, to: "ncsc", name: "b1"), "--receipt", csc.path("r1")])
        // The police rewind and show the CPS a longer, different history.
        try WitnessTests.truncate(police, after: base)
        try police.expectSuccess(["note", "E/1", "--text", "another history"])
        try police.expectSuccess(["note", "E/1", "--text", "and more of it"])
        try cps.expectSuccess(["receive", try WitnessTests.export(police, to: "cps", name: "b2"), "--receipt", cps.path("r2")])
        let small = try Self.witnessed(csc, "small.json")
        let large = try Self.witnessed(cps, "large.json")
        #expect(small.size < large.size)
        // Whatever proof the sender gives from the smaller size starts at its own (rewritten) root there.
        let proof = try Self.prove(police, from: small.size, to: "p.json")
        let split = try cps.run(["partners", "check", "np", small.path, "--proof", proof])
        #expect(split.status == 1 && split.stderr.contains("split view"), "\(split.stderr)")
        #expect(split.stderr.contains("checkpoint \(small.size)") && split.stderr.contains("checkpoint \(large.size)"))
    }
}
