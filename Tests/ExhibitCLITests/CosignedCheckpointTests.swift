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
