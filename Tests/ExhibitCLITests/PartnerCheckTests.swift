import Foundation
import Testing

/// `partners check` at unequal sizes (issue 14): two partners of one sender decide, from the checkpoints and the
/// consistency proofs each holds, whether they were shown one history, two (a split view), or cannot tell. The split
/// view is made for real: the sender's whole store is copied (`cp -a`) and the copy shows another partner another
/// history, with the same key.
@Suite struct PartnerCheckTests {
    /// A copy of `cli`'s store and keys in a harness of its own: the same sender, free to diverge.
    static func fork(_ cli: CLIHarness) throws -> CLIHarness {
        let copy = try CLIHarness()
        for (from, to) in [(cli.store, copy.store), (cli.path("keys"), copy.path("keys"))] {
            let result = try runTool("cp", ["-a", from, to])
            #expect(result.status == 0, "\(result.output)")
        }
        return copy
    }

    /// The size of the checkpoint the last bundle to a partner carried (its `redacted` entry, before `exported`).
    static func lastExportSize(_ cli: CLIHarness) throws -> Int {
        let exported = try #require(try WitnessTests.entries(cli).last { $0["action"] as? String == "exported" })
        return try #require(exported["seq"] as? Int) - 1
    }

    static func note(_ cli: CLIHarness, _ text: String) throws {
        try cli.expectSuccess(["note", "E/1", "--text", text])
    }

    static func witnessed(_ cli: CLIHarness, _ name: String) throws -> String {
        let file = cli.path(name)
        try cli.expectSuccess(["partners", "witnessed", "np", "--out", file])
        return file
    }

    static func check(_ cli: CLIHarness, _ file: String) throws -> (CLIHarness.Run, [String: Any]) {
        let text = try cli.run(["partners", "check", "np", file])
        let json = try cli.run(["partners", "check", "np", file, "--json"])
        #expect(json.status == text.status)
        return (text, try #require(try json.json() as? [String: Any]))
    }

    @Test func anHonestSendersPartnersAgreeAtUnequalSizesBothWays() throws {
        let agencies = try WitnessTests.agencies()
        let (police, csc, cps) = (agencies.police, agencies.csc, agencies.cps)
        try csc.expectSuccess(["receive", try WitnessTests.export(police, to: "ncsc", name: "a"), "--receipt", csc.path("a.p7s")])
        let first = try Self.lastExportSize(police)
        try cps.expectSuccess(["receive", try WitnessTests.export(police, to: "cps", name: "c"), "--receipt", cps.path("c.p7s")])
        let middle = try Self.lastExportSize(police)
        try Self.note(police, "examined")
        try csc.expectSuccess(["receive", try WitnessTests.export(police, to: "ncsc", name: "b"), "--receipt", csc.path("b.p7s")])
        let last = try Self.lastExportSize(police)
        #expect(first < middle && middle < last)

        // The second bundle to the CSC carried proofs from the first (its own) and from the CPS's checkpoint.
        let recorded = try #require(try WitnessTests.entries(csc).last { $0["action"] as? String == "witnessed" })
        let proofs = try #require(
            ((recorded["details"] as? [String: Any])?["witness"] as? [String: Any])?["proofs"] as? [[String: Any]])
        #expect(Set(proofs.compactMap { $0["fromSize"] as? Int }) == [first, middle])

        let fromCSC = try Self.witnessed(csc, "csc.json")
        let fromCPS = try Self.witnessed(cps, "cps.json")
        let file = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fromCSC))) as? [String: Any])
        #expect(file["size"] as? Int == last && (file["earlier"] as? [Any])?.count == 1)
        #expect((file["proofs"] as? [Any])?.count == 2)

        // Theirs larger, with a proof carried in their file from our size.
        let (larger, largerJSON) = try Self.check(cps, fromCSC)
        #expect(larger.status == 0, "\(larger.stdout)\(larger.stderr)")
        #expect(larger.stdout.contains("Same history") && larger.stdout.contains("is a prefix of"), "\(larger.stdout)")
        #expect(largerJSON["status"] as? String == "consistent" && largerJSON["ourSize"] as? Int == middle)
        // Theirs smaller, with a proof we hold from their size.
        let (smaller, smallerJSON) = try Self.check(csc, fromCPS)
        #expect(smaller.status == 0, "\(smaller.stdout)\(smaller.stderr)")
        #expect(smallerJSON["status"] as? String == "consistent" && smallerJSON["size"] as? Int == middle)
        #expect((smallerJSON["proofs"] as? [String])?.first?.contains("received here") == true, "\(smallerJSON)")
        // Equal size: the same checkpoint.
        let (same, sameJSON) = try Self.check(csc, fromCSC)
        #expect(same.status == 0 && sameJSON["status"] as? String == "consistent" && sameJSON["proofs"] as? [String] == [])

        // A proof in the file altered is refused, not taken as evidence either way.
        var altered = try String(contentsOfFile: fromCSC, encoding: .utf8)
        let hash = try #require((file["proofs"] as? [[String: Any]])?.first?["proof"] as? [String]).first ?? ""
        altered = altered.replacingOccurrences(of: hash, with: String(hash.reversed()))
        try altered.write(toFile: cps.path("altered.json"), atomically: true, encoding: .utf8)
        let refused = try cps.run(["partners", "check", "np", cps.path("altered.json")])
        #expect(refused.status == 1 && refused.stderr.contains("does not verify"), "\(refused.stderr)")
    }

    @Test func aSplitViewAtUnequalSizesIsFoundFromEitherSide() throws {
        let agencies = try WitnessTests.agencies()
        let (police, csc, cps) = (agencies.police, agencies.csc, agencies.cps)
        try csc.expectSuccess(["receive", try WitnessTests.export(police, to: "ncsc", name: "a"), "--receipt", csc.path("a.p7s")])
        let first = try Self.lastExportSize(police)
        let other = try Self.fork(police)
        // The copy shows the CPS one history...
        try Self.note(other, "the bag was opened at 11:40")
        try cps.expectSuccess(["receive", try WitnessTests.export(other, to: "cps", name: "c"), "--receipt", cps.path("c.p7s")])
        let forked = try Self.lastExportSize(other)
        // ...and the original, with an export of the same size the CPS never sees, shows the CSC another.
        try Self.note(police, "the bag stayed sealed")
        try WitnessTests.export(police, to: "cps", name: "undelivered")
        #expect(try Self.lastExportSize(police) == forked)
        try Self.note(police, "examined")
        try csc.expectSuccess(["receive", try WitnessTests.export(police, to: "ncsc", name: "b"), "--receipt", csc.path("b.p7s")])
        let last = try Self.lastExportSize(police)
        #expect(first < forked && forked < last)

        let fromCSC = try Self.witnessed(csc, "csc.json")
        let fromCPS = try Self.witnessed(cps, "cps.json")
        // Theirs smaller: the proof the CSC received from size `forked` fixes another root there.
        let (smaller, smallerJSON) = try Self.check(csc, fromCPS)
        #expect(smaller.status == 1 && smaller.stderr.contains("split view"), "\(smaller.stderr)")
        #expect(smaller.stderr.contains("checkpoint \(forked) in") && smaller.stderr.contains("the root at size \(forked)"))
        #expect(smallerJSON["status"] as? String == "split" && (smallerJSON["conflict"] as? [String])?.count == 2)
        // Theirs larger: the proof carried in the CSC's file fixes a root at the CPS's size that is not its own.
        let (larger, largerJSON) = try Self.check(cps, fromCSC)
        #expect(larger.status == 1 && larger.stderr.contains("split view"), "\(larger.stderr)")
        #expect(larger.stderr.contains("checkpoint \(forked) witnessed here"), "\(larger.stderr)")
        #expect(largerJSON["status"] as? String == "split")
    }

    @Test func historiesNoProofRelatesAreUndecidedAndSaySo() throws {
        let agencies = try WitnessTests.agencies()
        let (police, csc, cps) = (agencies.police, agencies.csc, agencies.cps)
        try csc.expectSuccess(["receive", try WitnessTests.export(police, to: "ncsc", name: "a"), "--receipt", csc.path("a.p7s")])
        let first = try Self.lastExportSize(police)
        let other = try Self.fork(police)
        try Self.note(other, "one history")
        try cps.expectSuccess(["receive", try WitnessTests.export(other, to: "cps", name: "c"), "--receipt", cps.path("c.p7s")])
        let forked = try Self.lastExportSize(other)
        // The original never exports at the copy's size: nothing fixes a root there in its history.
        try Self.note(police, "another history")
        try Self.note(police, "and more")
        try csc.expectSuccess(["receive", try WitnessTests.export(police, to: "ncsc", name: "b"), "--receipt", csc.path("b.p7s")])
        let last = try Self.lastExportSize(police)

        let fromCSC = try Self.witnessed(csc, "csc.json")
        let fromCPS = try Self.witnessed(cps, "cps.json")
        for (cli, file, ours) in [(csc, fromCPS, last), (cps, fromCSC, forked)] {
            let (run, json) = try Self.check(cli, file)
            #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
            #expect(
                run.stdout.contains("Cannot decide") && run.stdout.contains("from \(forked) to \(last) entries"), "\(run.stdout)")
            #expect(json["status"] as? String == "undecided" && json["ourSize"] as? Int == ours)
            #expect(json["agreeAt"] as? [Int] == [first], "\(json)")
            let needed = try #require(json["needed"] as? [String: Int])
            #expect(needed == ["fromSize": forked, "toSize": last])
        }
        // A file of an earlier release (the checkpoint alone) compares only where sizes meet.
        let full = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fromCPS))) as? [String: Any])
        let bare = full.filter { $0.key != "earlier" && $0.key != "proofs" }
        try JSONSerialization.data(withJSONObject: bare).write(to: URL(fileURLWithPath: csc.path("bare.json")))
        let (run, json) = try Self.check(csc, csc.path("bare.json"))
        #expect(run.status == 2 && json["agreeAt"] as? [Int] == [], "\(json)")
    }

    @Test func verifyReportsWhichCheckpointsAreCosignedAndByWhom() throws {
        let agencies = try WitnessTests.agencies()
        let (police, csc, cps) = (agencies.police, agencies.csc, agencies.cps)
        try csc.expectSuccess(["receive", try WitnessTests.export(police, to: "ncsc", name: "a"), "--receipt", csc.path("a.p7s")])
        try police.expectSuccess(["receipt", "import", csc.path("a.p7s")])
        let first = try Self.lastExportSize(police)
        try cps.expectSuccess(["receive", try WitnessTests.export(police, to: "cps", name: "c"), "--receipt", cps.path("c.p7s")])
        try police.expectSuccess(["receipt", "import", cps.path("c.p7s")])
        let second = try Self.lastExportSize(police)
        // The CSC's certificate changes afterwards: its cosignature is checked against the one registered then.
        try csc.expectSuccess(["keys", "generate", "--agency", BundleTests.csc, "--out", csc.path("keys/new")])
        try police.expectSuccess(["partners", "update", "ncsc", "--cert", csc.path("keys/new.crt")])

        let text = try police.run(["verify"])
        #expect(text.status == 0, "\(text.stdout)")
        #expect(
            text.stdout.contains("cosignatures: 2 checkpoints cosigned: \(first) by \(BundleTests.csc) (")
                && text.stdout.contains("\(second) by Crown Prosecution Service ("), "\(text.stdout)")
        let report = try #require(try police.expectSuccess(["verify", "--json"]).json() as? [String: Any])
        let cosigned = try #require(report["cosigned"] as? [[String: Any]])
        #expect(cosigned.map { $0["size"] as? Int } == [first, second])
        #expect(cosigned.map { $0["partner"] as? String } == ["ncsc", "cps"])
        #expect(cosigned.first?["partnerName"] as? String == BundleTests.csc)
        let cscFingerprint = try #require(
            (try csc.expectSuccess(["keys", "show", csc.certificate, "--json"]).json() as? [String: Any])?["fingerprint"]
                as? String)
        #expect(cosigned.first?["fingerprint"] as? String == cscFingerprint)
        #expect((cosigned.first?["time"] as? String)?.hasSuffix("Z") == true)
        let since = try #require(try police.expectSuccess(["verify", "--since", "\(first)", "--json"]).json() as? [String: Any])
        #expect((since["cosigned"] as? [[String: Any]])?.map { $0["size"] as? Int } == [second])

        // The sender's own store altered: a cosignature that no longer verifies, and one over a checkpoint it does not hold.
        let receipts = try WitnessTests.entries(police).filter { $0["action"] as? String == "receipt" }
        let details = try receipts.map { try #require(($0["details"] as? [String: Any])?["cosignature"] as? [String: Any]) }
        let signature = try #require(details[0]["signature"] as? String)
        // A byte of the signature value, near the end of the DER (one in the eContentType OID would still verify: the
        // signature covers the signed attributes, not that field).
        let middle = signature.index(signature.endIndex, offsetBy: -12)
        let flipped = signature.replacingCharacters(in: middle...middle, with: signature[middle] == "A" ? "B" : "A")
        let root = try #require(details[1]["root"] as? String)
        let otherRoot = (root.first == "0" ? "1" : "0") + root.dropFirst()
        try police.sql(
            "UPDATE ledger SET body = replace(body, '\(signature)', '\(flipped)') WHERE seq = \(try #require(receipts[0]["seq"] as? Int)); "
                + "UPDATE ledger SET body = replace(body, '\(root)', '\(otherRoot)') WHERE seq = \(try #require(receipts[1]["seq"] as? Int));"
        )
        let failed = try police.run(["verify", "--json"])
        #expect(failed.status == 1)
        let problems = try #require((try failed.json() as? [String: Any])?["problems"] as? [String])
        #expect(
            problems.contains {
                $0.contains("the cosignature of checkpoint \(first)") && $0.contains(BundleTests.csc)
                    && $0.contains("does not verify")
            }, "\(problems)")
        #expect(
            problems.contains {
                $0.contains("the cosignature of checkpoint \(second)") && $0.contains("Crown Prosecution Service")
                    && $0.contains("does not hold")
            }, "\(problems)")
    }
}
