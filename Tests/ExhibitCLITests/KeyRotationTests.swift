import Foundation
import Testing

/// Key rotation (issue 14): an agency hands its case over to a new key mid-case with an entry signed by the old one;
/// `verify` follows the chain, partners take the new certificate only through the signed handover (or by
/// re-registering it), and a handover signed by any other key is refused.
@Suite struct KeyRotationTests {
    static func fingerprint(_ certificate: String) throws -> String {
        let run = try runTool("openssl", ["x509", "-in", certificate, "-noout", "-fingerprint", "-sha256"])
        return (run.output.split(separator: "=").last.map { $0.replacingOccurrences(of: ":", with: "") } ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// The sender rotates: a new key pair, `keys rotate` with the handover written to `handover.p7s`.
    static func rotate(_ police: CLIHarness) throws -> (handover: String, rotation: [String: Any]) {
        try police.expectSuccess(["keys", "generate", "--agency", CLIHarness.agency, "--out", police.path("keys/next")])
        let handover = police.path("out/handover.p7s")
        let rotated = try police.expectSuccess([
            "keys", "rotate", "--new-key", police.path("keys/next.key"), "--new-cert", police.path("keys/next.crt"),
            "--handover", handover, "--reason", "annual key change", "--json",
        ])
        return (handover, try #require(try rotated.json() as? [String: Any]))
    }

    @Test func aRotatedKeyVerifiesEndToEndAndThePartnerTakesItThroughTheHandover() throws {
        let agencies = try WitnessTests.agencies()
        let (police, csc, cps) = (agencies.police, agencies.csc, agencies.cps)
        let first = try WitnessTests.export(police, to: "ncsc", name: "b1")
        try csc.expectSuccess(["receive", first, "--import", "--receipt", csc.path("r1.p7s")])
        try police.expectSuccess(["receipt", "import", csc.path("r1.p7s")])
        // The CPS witnesses a checkpoint signed by the old key.
        try cps.expectSuccess(["receive", try WitnessTests.export(police, to: "cps", name: "c1"), "--receipt", cps.path("c1")])

        let (handover, rotation) = try Self.rotate(police)
        let entry = try #require(rotation["entry"] as? Int)
        let old = try Self.fingerprint(police.certificate)
        let new = try Self.fingerprint(police.path("keys/next.crt"))
        #expect(rotation["previous"] as? String == old && rotation["fingerprint"] as? String == new)

        // The handover is plain CMS: openssl checks it against the old certificate and prints the statement.
        let opened = try runTool(
            "openssl", ["cms", "-verify", "-inform", "DER", "-in", handover, "-CAfile", police.certificate, "-purpose", "any"])
        #expect(opened.status == 0, "\(opened.output)")
        #expect(
            opened.output.contains("\"to\" : \"\(new)\"") && opened.output.contains("\"entry\" : \(entry)"), "\(opened.output)")
        // The written file is the one the ledger keeps.
        try police.expectSuccess(["keys", "handover", "--out", police.path("out/again.p7s")])
        #expect(
            FileManager.default.contents(atPath: police.path("out/again.p7s")) == FileManager.default.contents(atPath: handover))

        // The old key no longer signs; the new one is the default from now on.
        let stale = try police.run(["note", "E/1", "--text", "after rotation", "--key", police.path("keys/agency.key")])
        #expect(stale.status == 3 && stale.stderr.contains("does not belong"), "\(stale.stderr)")
        try police.expectSuccess(["note", "E/1", "--text", "after rotation"])

        // verify follows the chain: the rotation's checkpoint by the old key, the later ones by the new.
        let verified = try #require(try police.expectSuccess(["verify", "--json"]).json() as? [String: Any])
        #expect((verified["problems"] as? [Any])?.isEmpty == true, "\(verified)")
        let signers = try #require(verified["signers"] as? [[String: Any]])
        #expect(signers.map { $0["fingerprint"] as? String } == [old, new])
        #expect(signers.map { $0["fromEntry"] as? Int } == [1, entry + 1])
        // Either certificate, held outside the store, anchors the chain; another agency's does not.
        #expect(try police.run(["verify", "--cert", police.certificate]).status == 0)
        #expect(try police.run(["verify", "--cert", police.path("keys/next.crt")]).status == 0)
        #expect(try police.run(["verify", "--cert", csc.certificate]).status == 1)
        #expect(try police.run(["verify", "--since", "\(entry)"]).status == 0)
        #expect(try police.run(["verify", "--since", "\(entry - 1)"]).status == 0)
        // The stock recipe on the latest checkpoint uses the certificate checkpoint --out writes: the new one.
        try police.expectSuccess(["checkpoint", "--out", police.path("cp")])
        #expect(
            FileManager.default.contents(atPath: police.path("cp/agency.crt"))
                == FileManager.default.contents(atPath: police.path("keys/next.crt")))

        // The partner refuses the next bundle until it takes the new certificate through the handover.
        let second = try WitnessTests.export(police, to: "ncsc", name: "b2")
        let refused = try csc.run(["receive", second, "--import"])
        #expect(refused.status == 1 && refused.stdout.contains("--handover"), "\(refused.stdout)")
        let updated = try csc.run(["partners", "update", "np", "--handover", handover])
        #expect(updated.status == 0 && updated.stdout.contains("Refreshed partner np: certificate"), "\(updated.stderr)")
        let listed = try #require(try csc.expectSuccess(["partners", "list", "--json"]).json() as? [[String: Any]])
        #expect(listed.first { $0["id"] as? String == "np" }?["fingerprint"] as? String == new)
        // The bundle's custody extract proves the new checkpoint extends the one witnessed under the old key.
        try csc.expectSuccess(["receive", second, "--receipt", csc.path("r2.p7s")])
        try police.expectSuccess(["receipt", "import", csc.path("r2.p7s")])
        #expect(try csc.run(["verify"]).status == 0)
        #expect(try police.run(["verify"]).status == 0)
        // The CPS's copy, signed by the old key, is still checked as the partner's (against its registration of then)
        // and is the same history as the one witnessed here under the new key.
        try cps.expectSuccess(["partners", "witnessed", "np", "--out", cps.path("np.json")])
        let compared = try csc.run(["partners", "check", "np", cps.path("np.json")])
        #expect(compared.status == 0 && compared.stdout.contains("Same history"), "\(compared.stdout)\(compared.stderr)")
        // A second import of the same handover changes nothing: the partner's certificate is already the new one.
        let again = try csc.run(["partners", "update", "np", "--handover", handover])
        #expect(again.status == 1, "the handover is from a certificate no longer registered: \(again.stderr)")
    }

    @Test func aHandoverSignedByAnotherKeyIsRefused() throws {
        let agencies = try WitnessTests.agencies()
        let (police, csc, cps) = (agencies.police, agencies.csc, agencies.cps)
        // Another agency's own, valid handover does not move the police's registration.
        let (foreign, _) = try Self.rotate(cps)
        let refused = try csc.run(["partners", "update", "np", "--handover", foreign])
        #expect(refused.status == 1 && refused.stderr.contains(foreign), "\(refused.stderr)")

        // A statement claiming to hand the police's certificate over, signed by a key that is not the police's.
        let (real, _) = try Self.rotate(police)
        let statement = try runTool(
            "openssl", ["cms", "-verify", "-inform", "DER", "-in", real, "-CAfile", police.certificate, "-purpose", "any"])
        #expect(statement.status == 0)
        let forged = csc.path("forged.p7s")
        try csc.write("statement.json", statement.output)
        try csc.expectSuccess(["keys", "generate", "--agency", CLIHarness.agency, "--out", csc.path("impostor")])
        let signed = try runTool(
            "openssl",
            [
                "cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-in", csc.path("statement.json"), "-signer",
                csc.path("impostor.crt"), "-inkey", csc.path("impostor.key"), "-passin",
                "file:\(csc.environment["EXHIBIT_PASSPHRASE_FILE"] ?? "")", "-out", forged,
            ])
        #expect(signed.status == 0, "\(signed.output)")
        let forgedRun = try csc.run(["partners", "update", "np", "--handover", forged])
        #expect(forgedRun.status == 1 && forgedRun.stderr.contains(forged), "\(forgedRun.stderr)")

        // The real handover with one byte flipped is refused too; nothing of the three was recorded.
        var bytes = try #require(FileManager.default.contents(atPath: real))
        bytes[bytes.count / 2] ^= 0x01
        let flipped = try csc.write("flipped.p7s", bytes)
        #expect(try csc.run(["partners", "update", "np", "--handover", flipped]).status == 1)
        let history = try WitnessTests.entries(csc)
        #expect(!history.contains { $0["action"] as? String == "partner-updated" })

        // The real one is accepted.
        try csc.expectSuccess(["partners", "update", "np", "--handover", real])
    }

    @Test func aHandoverInTheLedgerThatTheOutgoingKeyDidNotSignFailsVerify() throws {
        let police = try CLIHarness.withCase()
        let other = try CLIHarness.withCase()
        let (_, rotation) = try Self.rotate(police)
        let entry = try #require(rotation["entry"] as? Int)
        #expect(try police.run(["verify"]).status == 0)
        // Another store's handover, with its own (valid) signatures, transplanted into this ledger's entry: the chain
        // breaks there, and every later checkpoint (signed by the new key) no longer verifies.
        let (_, _) = try Self.rotate(other)
        try police.sql(
            "ATTACH '\(other.store)/case.sqlite' AS other; UPDATE ledger SET body = json_set(body, '$.details.keyRotation.handover', (SELECT json_extract(body, '$.details.keyRotation.handover') FROM other.ledger WHERE json_extract(body, '$.action') = 'key-rotated')) WHERE seq = \(entry)"
        )
        let run = try police.run(["verify"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("ledger entry \(entry)"), "\(run.stdout)")
        #expect(run.stdout.contains("which no verified handover in the ledger leads to"), "\(run.stdout)")
    }
}
