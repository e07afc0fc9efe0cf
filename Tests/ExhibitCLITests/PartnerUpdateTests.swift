import Foundation
import Testing

/// `partners update` (issue 14): a partner's CRL, CA or certificate refreshed, recorded in the ledger, and used by
/// every check made afterwards.
@Suite struct PartnerUpdateTests {
    @Test func aPartnerCertificateRevokedAfterRegistrationIsRefusedOnceTheCRLIsUpdated() throws {
        let csc = try CLIHarness.withCase(agency: BundleTests.csc, oic: "Tom Okafor", caseRef: "NCSC-1")
        let authority = csc.path("ca")
        try CertificateAuthorityTests.makeAuthority(authority)
        #expect(
            try runTool("openssl", ["ca", "-config", "\(authority)/ca.cnf", "-gencrl", "-out", "\(authority)/empty.pem"]).status
                == 0)
        let sender = try CLIHarness()
        try sender.expectSuccess(["keys", "generate", "--agency", "Sender Police", "--out", sender.path("keys/agency")])
        try sender.expectSuccess([
            "keys", "csr", "--key", sender.path("keys/agency.key"), "--agency", "Sender Police", "--out",
            sender.path("agency.csr"),
        ])
        try CertificateAuthorityTests.issue(
            authority, request: sender.path("agency.csr"), out: sender.path("first.crt"), dates: ["-days", "30"])
        try CertificateAuthorityTests.issue(
            authority, request: sender.path("agency.csr"), out: sender.path("second.crt"), dates: ["-days", "30"])
        try sender.expectSuccess([
            "init", "--case-ref", "SP-1", "--agency", "Sender Police", "--oic", "DC 1", "--key", sender.path("keys/agency.key"),
            "--cert", sender.path("first.crt"),
        ])
        try sender.write("e.txt", "evidence")
        try sender.expectSuccess([
            "add", sender.path("e.txt"), "--ref", "E/1", "--category", "note", "--description", "d", "--seized-by", "s",
            "--seized-from", "f",
        ])
        try sender.expectSuccess(["partners", "add", csc.certificate, "--name", BundleTests.csc, "--id", "ncsc"])
        try csc.expectSuccess([
            "partners", "add", sender.path("first.crt"), "--name", "Sender Police", "--id", "sp", "--ca", "\(authority)/ca.crt",
            "--crl", "\(authority)/empty.pem",
        ])
        let bundle = sender.path("b.exhibit")
        try sender.expectSuccess(["export", "--policy", "police-to-cps", "--to", "ncsc", "--purpose", "p", "--out", bundle])
        let before = try csc.run(["receive", bundle])
        #expect(before.status == 0, "\(before.stdout)")

        // Nothing to change, an unknown partner and a file that is not a CRL are refused, and record nothing.
        #expect(try csc.run(["partners", "update", "sp"]).status == 2)
        #expect(try csc.run(["partners", "update", "nobody", "--crl", "\(authority)/empty.pem"]).status == 2)
        #expect(try csc.run(["partners", "update", "sp", "--crl", sender.path("e.txt")]).status == 2)

        // The CA revokes the certificate; the partner's CRL is refreshed: the same bundle is now refused.
        #expect(
            try runTool("openssl", ["ca", "-config", "\(authority)/ca.cnf", "-revoke", sender.path("first.crt")]).status == 0)
        #expect(
            try runTool("openssl", ["ca", "-config", "\(authority)/ca.cnf", "-gencrl", "-out", "\(authority)/crl.pem"]).status
                == 0)
        let updated = try csc.run(["partners", "update", "sp", "--crl", "\(authority)/crl.pem"])
        #expect(updated.status == 0, "\(updated.stderr)")
        #expect(updated.stdout.contains("Refreshed partner sp: crl") && updated.stdout.contains("revoked"), "\(updated.stdout)")
        let after = try csc.run(["receive", bundle])
        #expect(after.status == 1 && after.stdout.contains("certificate revoked"), "\(after.stdout)")

        // A revoked certificate cannot be put back; the partner's new certificate can, and is used from then on.
        let back = try csc.run(["partners", "update", "sp", "--cert", sender.path("first.crt")])
        #expect(back.status == 2 && back.stderr.contains("revoked"), "\(back.stderr)")
        try csc.expectSuccess(["partners", "update", "sp", "--cert", sender.path("second.crt")])
        let listed = try #require(try csc.expectSuccess(["partners", "list", "--json"]).json() as? [[String: Any]])
        let second = try runTool("openssl", ["x509", "-in", sender.path("second.crt"), "-noout", "-fingerprint", "-sha256"])
        let fingerprint = second.output.split(separator: "=").last.map { $0.replacingOccurrences(of: ":", with: "") }?
            .trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        #expect(listed.first?["fingerprint"] as? String == fingerprint)
        let history = try #require(try csc.expectSuccess(["history", "--json"]).json() as? [[String: Any]])
        let actions = history.compactMap { ($0["entry"] as? [String: Any])?["action"] as? String }
        #expect(actions.filter { $0 == "partner-updated" }.count == 2)
        #expect(try csc.run(["verify"]).status == 0, "the replay applies the updates as recorded")
    }
}
