import Foundation
import Testing

/// Partners checked against a CA and its CRL: a bundle signed with an expired or a revoked certificate is
/// refused, and the message says which. The CA is made with the stock `openssl ca`.
@Suite struct CertificateAuthorityTests {
    /// A throw-away CA in `folder`.
    static func makeAuthority(_ folder: String) throws {
        try FileManager.default.createDirectory(atPath: "\(folder)/newcerts", withIntermediateDirectories: true)
        try "".write(toFile: "\(folder)/index.txt", atomically: true, encoding: .utf8)
        try "unique_subject = no\n".write(toFile: "\(folder)/index.txt.attr", atomically: true, encoding: .utf8)
        try "1000\n".write(toFile: "\(folder)/serial", atomically: true, encoding: .utf8)
        try "1000\n".write(toFile: "\(folder)/crlnumber", atomically: true, encoding: .utf8)
        try """
        [ca]
        default_ca = local
        [local]
        dir = \(folder)
        database = $dir/index.txt
        new_certs_dir = $dir/newcerts
        certificate = $dir/ca.crt
        private_key = $dir/ca.key
        serial = $dir/serial
        crlnumber = $dir/crlnumber
        default_md = sha256
        default_days = 30
        default_crl_days = 30
        policy = anything
        copy_extensions = copy
        unique_subject = no
        [anything]
        organizationName = optional
        commonName = supplied
        [agency]
        basicConstraints = critical,CA:FALSE
        keyUsage = critical,digitalSignature,nonRepudiation,keyAgreement

        """.write(toFile: "\(folder)/ca.cnf", atomically: true, encoding: .utf8)
        let made = try runTool(
            "sh",
            [
                "-c",
                """
                cd '\(folder)' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt \
                  -subj '/O=Northshire Partnership CA/CN=Northshire Partnership CA' -days 60 \
                  -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign'
                """,
            ])
        #expect(made.status == 0, "\(made.output)")
    }

    /// Issues a certificate for `request` with the given validity arguments.
    static func issue(_ folder: String, request: String, out: String, dates: [String]) throws {
        let issued = try runTool(
            "openssl",
            ["ca", "-config", "\(folder)/ca.cnf", "-batch", "-notext", "-extensions", "agency", "-in", request, "-out", out]
                + dates)
        #expect(issued.status == 0, "\(issued.output)")
    }

    @Test func expiredAndRevokedSenderCertificatesAreRefused() throws {
        let csc = try CLIHarness.withCase(agency: BundleTests.csc, oic: "Tom Okafor", caseRef: "NCSC-1")
        let authority = csc.path("ca")
        try Self.makeAuthority(authority)

        // One agency key, three certificates for it: valid, expired, revoked.
        let sender = try CLIHarness()
        try sender.expectSuccess(["keys", "generate", "--agency", "Sender Police", "--out", sender.path("keys/agency")])
        try sender.expectSuccess([
            "keys", "csr", "--key", sender.path("keys/agency.key"), "--agency", "Sender Police", "--out",
            sender.path("agency.csr"),
        ])
        try Self.issue(authority, request: sender.path("agency.csr"), out: sender.path("valid.crt"), dates: ["-days", "30"])
        try Self.issue(
            authority, request: sender.path("agency.csr"), out: sender.path("expired.crt"),
            dates: ["-startdate", "20200101000000Z", "-enddate", "20200201000000Z"])
        try Self.issue(authority, request: sender.path("agency.csr"), out: sender.path("revoked.crt"), dates: ["-days", "30"])
        #expect(
            try runTool("openssl", ["ca", "-config", "\(authority)/ca.cnf", "-revoke", sender.path("revoked.crt")]).status == 0)
        #expect(
            try runTool("openssl", ["ca", "-config", "\(authority)/ca.cnf", "-gencrl", "-out", "\(authority)/crl.pem"]).status
                == 0)

        try csc.expectSuccess([
            "partners", "add", sender.path("valid.crt"), "--name", "Sender Police", "--id", "sp", "--ca", "\(authority)/ca.crt",
            "--crl",
            "\(authority)/crl.pem",
        ])
        // The revoked certificate itself cannot be registered.
        let refused = try csc.run([
            "partners", "add", sender.path("revoked.crt"), "--name", "Sender Police", "--id", "sp2", "--ca",
            "\(authority)/ca.crt", "--crl",
            "\(authority)/crl.pem",
        ])
        #expect(refused.status == 2 && refused.stderr.contains("revoked"), "\(refused.stderr)")

        var bundles: [String: String] = [:]
        for variant in ["valid", "expired", "revoked"] {
            let folder = sender.root.appendingPathComponent(variant)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try sender.expectSuccess([
                "init", "--store", folder.path, "--case-ref", "SP-\(variant)", "--agency", "Sender Police", "--oic", "DC 1",
                "--key", sender.path("keys/agency.key"), "--cert", sender.path("\(variant).crt"),
            ])
            try sender.write("\(variant)/e.txt", "evidence \(variant)")
            let store = ["--store", folder.path]
            try sender.expectSuccess(
                [
                    "add", folder.appendingPathComponent("e.txt").path, "--ref", "E/1", "--category", "note", "--description",
                    "d", "--seized-by", "s", "--seized-from", "f",
                ] + store)
            try sender.expectSuccess(["partners", "add", csc.certificate, "--name", BundleTests.csc, "--id", "ncsc"] + store)
            let bundle = sender.path("\(variant).exhibit")
            try sender.expectSuccess(
                ["export", "--policy", "police-to-cps", "--to", "ncsc", "--purpose", "p", "--out", bundle] + store)
            bundles[variant] = bundle
        }
        let valid = try csc.run(["receive", try #require(bundles["valid"]), "--import"])
        #expect(valid.status == 0, "\(valid.stdout)")
        let expired = try csc.run(["receive", try #require(bundles["expired"])])
        #expect(expired.status == 1 && expired.stdout.contains("certificate has expired"), "\(expired.stdout)")
        let revoked = try csc.run(["receive", try #require(bundles["revoked"])])
        #expect(revoked.status == 1 && revoked.stdout.contains("certificate revoked"), "\(revoked.stdout)")
    }

    @Test func anotherHolderOfTheSameCACannotPoseAsThePartner() throws {
        let csc = try CLIHarness.withCase(agency: BundleTests.csc, oic: "Tom Okafor", caseRef: "NCSC-2")
        let authority = csc.path("ca")
        try Self.makeAuthority(authority)
        let partner = try CLIHarness()
        try partner.expectSuccess(["keys", "generate", "--agency", "Sender Police", "--out", partner.path("keys/agency")])
        try partner.expectSuccess([
            "keys", "csr", "--key", partner.path("keys/agency.key"), "--agency", "Sender Police", "--out", partner.path("p.csr"),
        ])
        try Self.issue(authority, request: partner.path("p.csr"), out: partner.path("valid.crt"), dates: ["-days", "30"])
        try csc.expectSuccess([
            "partners", "add", partner.path("valid.crt"), "--name", "Sender Police", "--id", "sp", "--ca", "\(authority)/ca.crt",
        ])

        // A rogue agency certified by the same CA builds a bundle, then re-signs its outer manifest with the
        // partner's certificate carried alongside its own.
        let rogue = try CLIHarness()
        try rogue.expectSuccess(["keys", "generate", "--agency", "Rogue Agency", "--out", rogue.path("keys/agency")])
        try rogue.expectSuccess([
            "keys", "csr", "--key", rogue.path("keys/agency.key"), "--agency", "Rogue Agency", "--out", rogue.path("r.csr"),
        ])
        try Self.issue(authority, request: rogue.path("r.csr"), out: rogue.path("rogue.crt"), dates: ["-days", "30"])
        try rogue.expectSuccess([
            "init", "--case-ref", "R-1", "--agency", "Rogue Agency", "--oic", "R", "--key", rogue.path("keys/agency.key"),
            "--cert",
            rogue.path("rogue.crt"),
        ])
        try rogue.write("e/a.txt", "forged evidence")
        try rogue.expectSuccess([
            "add", rogue.path("e/a.txt"), "--ref", "F/1", "--category", "note", "--description", "d", "--seized-by", "s",
            "--seized-from", "f",
        ])
        try rogue.expectSuccess(["partners", "add", csc.certificate, "--name", BundleTests.csc, "--id", "ncsc"])
        try rogue.expectSuccess([
            "export", "--policy", "police-to-cps", "--to", "ncsc", "--purpose", "p", "--out", rogue.path("b.exhibit"),
        ])
        let work = rogue.root.appendingPathComponent("x")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        #expect(try runTool("bsdtar", ["-xf", rogue.path("b.exhibit")], in: work).status == 0)
        let bag = try #require(try FileManager.default.contentsOfDirectory(atPath: work.path).first)
        let passphrase = try #require(rogue.environment["EXHIBIT_PASSPHRASE_FILE"])
        let resigned = try runTool(
            "openssl",
            [
                "cms", "-sign", "-binary", "-cades", "-in", "\(bag)/tagmanifest-sha256.txt", "-signer", rogue.path("rogue.crt"),
                "-inkey",
                rogue.path("keys/agency.key"), "-passin", "file:\(passphrase)", "-certfile", partner.path("valid.crt"),
                "-outform", "DER",
                "-out", "\(bag)/tagmanifest-sha256.txt.p7s",
            ], in: work)
        #expect(resigned.status == 0, "\(resigned.output)")
        #expect(try runTool("bsdtar", ["-cf", rogue.path("forged.exhibit"), "--format", "pax", bag], in: work).status == 0)
        let run = try csc.run(["receive", rogue.path("forged.exhibit"), "--import"])
        #expect(run.status == 1)
        // Re-packed by bsdtar, the forgery is refused at the outer archive's form before its signature is read (the
        // receiver accepts only the exact form Exhibit writes); either refusal keeps the rogue out.
        #expect(
            run.stdout.contains("not by partner sp's certificate") || run.stdout.contains("FAIL  outer archive"), "\(run.stdout)")
        #expect(!run.stdout.contains("Imported"))
    }
}
