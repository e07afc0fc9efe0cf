import Foundation
import Testing

/// Bundles between two agencies with the real binary: the stock tools check every layer, tampering anywhere
/// is refused, wrong keys and unknown or untrusted senders are named, receipts close the loop.
@Suite struct BundleTests {
    static let samples = RedactionWorkflowTests.samples
    static let police = "Northshire Police CAIU"
    static let csc = "Northshire Children's Social Care"

    /// The police case with the Samples registered, children's social care's case, each the other's partner,
    /// and a bundle exported from police to children's services.
    struct Pair {
        let police: CLIHarness
        let csc: CLIHarness
        let bundle: String
    }

    static func pair() throws -> Pair {
        let police = try RedactionWorkflowTests.samplesCase()
        let csc = try CLIHarness.withCase(agency: Self.csc, oic: "Tom Okafor", caseRef: "NCSC-2026-0881")
        try police.expectSuccess(["partners", "add", csc.certificate, "--name", Self.csc, "--id", "ncsc"])
        try csc.expectSuccess(["partners", "add", police.certificate, "--name", Self.police, "--id", "np"])
        let bundle = police.path("out/CRN-13-123456-26.exhibit")
        try police.expectSuccess([
            "export", "--policy", "police-to-childrens-services", "--to", "ncsc", "--purpose",
            "strategy discussion on 20/11/2026",
            "--out", bundle,
        ])
        return Pair(police: police, csc: csc, bundle: bundle)
    }

    /// What a failed receive must leave: no imported exhibit, no new object, nothing in staging, and only a report
    /// that says the bundle was rejected and that nothing was kept.
    static func expectNothingKept(
        _ csc: CLIHarness, objectsBefore: [String], report: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(
            html.contains("REJECTED") && html.contains("Nothing from this bundle was imported"), sourceLocation: sourceLocation)
        let objects = (FileManager.default.enumerator(atPath: csc.store + "/objects")?.allObjects as? [String] ?? []).sorted()
        #expect(objects.count == objectsBefore.count, "objects were added", sourceLocation: sourceLocation)
        let work = (try? FileManager.default.subpathsOfDirectory(atPath: csc.store + "/work")) ?? []
        #expect(work.isEmpty, "staging left behind: \(work.prefix(3))", sourceLocation: sourceLocation)
        let staging = (try? FileManager.default.contentsOfDirectory(atPath: csc.store + "/tmp")) ?? []
        #expect(staging.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func theStockToolsCheckEveryLayerAndExhibitAcceptsIt() throws {
        let pair = try Self.pair()
        let folder = pair.csc.root.appendingPathComponent("manual")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Exactly the commands BUNDLE-FORMAT.md gives a partner without Exhibit.
        #expect(try runTool("bsdtar", ["-xf", pair.bundle], in: folder).status == 0)
        let bag = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first)
        let outerVerify = try runTool(
            "openssl",
            [
                "cms", "-verify", "-binary", "-inform", "DER", "-in", "\(bag)/tagmanifest-sha256.txt.p7s", "-content",
                "\(bag)/tagmanifest-sha256.txt", "-CAfile", pair.police.certificate, "-purpose", "any", "-out", "/dev/null",
            ], in: folder)
        #expect(outerVerify.status == 0, "\(outerVerify.output)")
        let outerBag = try runTool("bagit.py", ["--validate", bag], in: folder)
        #expect(outerBag.status == 0, "\(outerBag.output)")
        let passphrase = try #require(pair.csc.environment["EXHIBIT_PASSPHRASE_FILE"])
        let decrypted = try runTool(
            "openssl",
            [
                "cms", "-decrypt", "-binary", "-inform", "DER", "-in", "\(bag)/data/envelope.cms.der", "-content",
                "\(bag)/data/payload.bin",
                "-recip", pair.csc.certificate, "-inkey", pair.csc.path("keys/agency.key"), "-passin", "file:\(passphrase)",
                "-out", "inner.tar.part",
            ], in: folder)
        #expect(decrypted.status == 0, "\(decrypted.output)")
        try FileManager.default.moveItem(
            at: folder.appendingPathComponent("inner.tar.part"), to: folder.appendingPathComponent("inner.tar"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("staging"), withIntermediateDirectories: true)
        #expect(try runTool("bsdtar", ["-xf", "inner.tar", "-C", "staging"], in: folder).status == 0)
        let innerBag = try runTool("bagit.py", ["--validate", "staging/\(bag)"], in: folder)
        #expect(innerBag.status == 0, "\(innerBag.output)")
        let innerVerify = try runTool(
            "openssl",
            [
                "cms", "-verify", "-binary", "-inform", "DER", "-in", "staging/\(bag)/tagmanifest-sha256.txt.p7s", "-content",
                "staging/\(bag)/tagmanifest-sha256.txt", "-CAfile", pair.police.certificate, "-purpose", "any", "-out",
                "/dev/null",
            ], in: folder)
        #expect(innerVerify.status == 0, "\(innerVerify.output)")
        // Custody entries travel as recorded only where the policy would change nothing in them: the witness named
        // in one exhibit's description (pseudonymised by this policy) never appears; other entries do.
        let custody = try String(
            contentsOfFile: folder.appendingPathComponent("staging/\(bag)/exhibit/custody.jsonl").path, encoding: .utf8)
        #expect(!custody.contains("Jade Wilson") && !custody.contains("Sandra Pike"))
        #expect(custody.contains("\"body\""))
        let listing = try runTool("bsdtar", ["-tvf", "inner.tar"], in: folder).output
        #expect(listing.contains("exhibit/custody.jsonl") && listing.contains("exhibit/policy.yaml"))
        // Nothing sensitive outside the encryption: the outer bag-info names no case and no person.
        let outerInfo = try String(contentsOfFile: folder.appendingPathComponent("\(bag)/bag-info.txt").path, encoding: .utf8)
        #expect(!outerInfo.contains("CRN") && !outerInfo.contains("Maisie") && !outerInfo.contains("Children's"))

        // Exhibit receives it: every check, the import, the report and the receipt.
        let received = try pair.csc.run([
            "receive", pair.bundle, "--import", "--report", pair.csc.path("report.html"), "--receipt",
            pair.csc.path("receipt.p7s"), "--json",
        ])
        #expect(received.status == 0, "\(received.stdout)\(received.stderr)")
        let verdict = try #require(try received.json() as? [String: Any])
        #expect((verdict["checks"] as? [[String: Any]])?.count == 10)
        #expect((verdict["imported"] as? [String])?.contains("np:PS/1") == true)
        let listed = try #require(try pair.csc.expectSuccess(["list", "--json"]).json() as? [[String: Any]])
        #expect(Set(listed.compactMap { $0["ref"] as? String }).isSuperset(of: ["np:PS/1", "np:SW/1"]))
        let history = try #require(try pair.csc.expectSuccess(["history", "np:PS/1", "--json"]).json() as? [[String: Any]])
        #expect((history.first?["entry"] as? [String: Any])?["action"] as? String == "received")
        #expect(try pair.csc.run(["verify"]).status == 0)
        let html = try String(contentsOfFile: pair.csc.path("report.html"), encoding: .utf8)
        #expect(
            html.contains("All checks passed") && html.contains("data:image/jpeg;base64,") && html.contains("strategy discussion")
        )
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
        // The receipt is a CMS signature openssl can check, and the police record it.
        let receiptCheck = try runTool(
            "openssl",
            [
                "cms", "-verify", "-inform", "DER", "-in", pair.csc.path("receipt.p7s"), "-CAfile", pair.csc.certificate,
                "-purpose", "any",
                "-out", "/dev/null",
            ])
        #expect(receiptCheck.status == 0, "\(receiptCheck.output)")
        let imported = try pair.police.run(["receipt", "import", pair.csc.path("receipt.p7s"), "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let policeHistory = try #require(try pair.police.expectSuccess(["history", "--json"]).json() as? [[String: Any]])
        let actions = policeHistory.compactMap { ($0["entry"] as? [String: Any])?["action"] as? String }
        #expect(actions.suffix(3) == ["redacted", "exported", "receipt"])
        #expect(try pair.police.run(["verify"]).status == 0)
        // A second import of the same receipt is fine to refuse? It is recorded again only as a new event.
        let again = try pair.csc.run(["receive", pair.bundle, "--import"])
        #expect(again.status == 2 && again.stderr.contains("already an exhibit"))
    }

    /// Byte offsets worth flipping: every tar header's name, size and checksum fields, and the start, middle and
    /// end of every file's data (the ciphertext's last 16 bytes in particular), and the end-of-archive marker.
    static func tamperPositions(_ bytes: [UInt8]) -> [(Int, String)] {
        var positions: [(Int, String)] = []
        var offset = 0
        while offset + 512 <= bytes.count, bytes[offset] != 0 {
            let name = String(decoding: bytes[offset..<(offset + 100)].prefix { $0 != 0 }, as: UTF8.self)
            let sizeField = String(
                decoding: bytes[(offset + 124)..<(offset + 136)].prefix { $0 != 0 && $0 != 0x20 }, as: UTF8.self)
            let size = Int(sizeField, radix: 8) ?? 0
            positions += [
                (offset + 1, "header name of \(name)"), (offset + 125, "header size of \(name)"),
                (offset + 150, "header checksum of \(name)"),
            ]
            let data = offset + 512
            if size > 0 {
                positions += [
                    (data, "start of \(name)"), (data + size / 2, "middle of \(name)"), (data + size - 1, "end of \(name)"),
                ]
                if name.hasSuffix("payload.bin") {
                    positions += (2...16).map { (data + size - $0, "ciphertext tail -\($0) of \(name)") }
                    positions += [
                        (data + 1, "ciphertext byte 2"), (data + 512, "ciphertext 512"), (data + size / 3, "ciphertext third"),
                    ]
                }
                if name.hasSuffix(".p7s") || name.hasSuffix(".der") {
                    positions += stride(from: 20, to: size - 1, by: max(1, size / 6)).map { (data + $0, "inside \(name)") }
                }
            }
            offset = data + (size + 511) / 512 * 512
        }
        positions += [
            (offset, "end-of-archive marker"), (offset + 600, "second end block"), (bytes.count - 1, "last padding byte"),
        ]
        return positions
    }

    @Test func tamperingAnywhereIsRefusedAndNothingIsKept() throws {
        let pair = try Self.pair()
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: pair.bundle)))
        let positions = Self.tamperPositions(original)
        #expect(positions.count >= 50, "only \(positions.count) positions")
        let objectsBefore = (FileManager.default.enumerator(atPath: pair.csc.store + "/objects")?.allObjects as? [String] ?? [])
            .sorted()
        var variants: [([UInt8], String)] = positions.map { position, label in
            var copy = original
            copy[position] ^= 0x5A
            return (copy, label)
        }
        for cut in [original.count / 2, original.count - 1, original.count - 10240 - 7, 1536, original.count - 3000] {
            variants.append((Array(original.prefix(cut)), "truncated to \(cut) bytes"))
        }
        var accepted: [String] = []
        for (index, (bytes, label)) in variants.enumerated() {
            let tampered = pair.csc.path("tampered-\(index).exhibit")
            let report = pair.csc.path("report-\(index).html")
            try Data(bytes).write(to: URL(fileURLWithPath: tampered))
            let run = try pair.csc.run(["receive", tampered, "--import", "--report", report])
            if run.status != 1 || !run.stdout.contains("Bundle REJECTED") {
                accepted.append("\(label): exit \(run.status) \(run.stderr)")
                break
            }
            try Self.expectNothingKept(pair.csc, objectsBefore: objectsBefore, report: report)
        }
        #expect(accepted.isEmpty, "not refused: \(accepted)")
        let listed = try #require(try pair.csc.expectSuccess(["list", "--json"]).json() as? [[String: Any]])
        #expect(listed.isEmpty)
        #expect(try pair.csc.run(["verify"]).status == 0)
    }

    @Test func aBundleForAnotherAgencyIsRefused() throws {
        let pair = try Self.pair()
        let other = try CLIHarness.withCase(agency: "Leeds Children's Social Care", oic: "A N Other", caseRef: "LCSC-1")
        try pair.police.expectSuccess([
            "partners", "add", other.certificate, "--name", "Leeds Children's Social Care", "--id", "leeds",
        ])
        let bundle = pair.police.path("out/leeds.exhibit")
        try pair.police.expectSuccess([
            "export", "--policy", "police-to-cps", "--to", "leeds", "--purpose", "p", "--ref", "SW/1", "--out", bundle,
        ])
        let run = try pair.csc.run(["receive", bundle])
        #expect(run.status == 1)
        #expect(run.stdout.contains("not encrypted to this agency's key") && run.stdout.contains("wrong recipient"))
    }

    @Test func aBundleFromAnUnregisteredSenderIsRefused() throws {
        let pair = try Self.pair()
        let stranger = try CLIHarness.withCase(agency: "Stranger Agency", oic: "X", caseRef: "S-1")
        try stranger.write("e/a.txt", "hello")
        try stranger.expectSuccess([
            "add", stranger.path("e/a.txt"), "--ref", "S/1", "--category", "note", "--description", "d", "--seized-by", "s",
            "--seized-from", "f",
        ])
        try stranger.expectSuccess(["partners", "add", pair.csc.certificate, "--name", Self.csc, "--id", "ncsc"])
        let bundle = stranger.path("out/s.exhibit")
        try stranger.expectSuccess(["export", "--policy", "police-to-cps", "--to", "ncsc", "--purpose", "p", "--out", bundle])
        let run = try pair.csc.run(["receive", bundle])
        #expect(run.status == 1)
        #expect(run.stdout.contains("unknown sender") && run.stdout.contains("Stranger Agency"))
    }

    @Test func exportChecksThePartnerCertificateAndRefusesBadInput() throws {
        let pair = try Self.pair()
        // A signing-only certificate cannot receive a bundle.
        let folder = pair.police.path("signing-only")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let made = try runTool(
            "sh",
            [
                "-c",
                """
                cd '\(folder)' && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k.pem 2>/dev/null && \
                openssl req -new -x509 -key k.pem -subj '/O=Signer Only/CN=Signer Only' -days 30 \
                  -addext 'keyUsage=critical,digitalSignature' -out c.pem
                """,
            ])
        #expect(made.status == 0, "\(made.output)")
        try pair.police.expectSuccess(["partners", "add", "\(folder)/c.pem", "--name", "Signer Only", "--id", "signer"])
        let refused = try pair.police.run([
            "export", "--policy", "police-to-cps", "--to", "signer", "--purpose", "p", "--out", pair.police.path("x.exhibit"),
        ])
        #expect(refused.status == 2 && refused.stderr.contains("may not be used for encryption"))
        #expect(!FileManager.default.fileExists(atPath: pair.police.path("x.exhibit")))
        #expect(
            try pair.police.run([
                "export", "--policy", "police-to-cps", "--to", "nobody", "--purpose", "p", "--out", pair.police.path("y.exhibit"),
            ]).status == 2)
        let exists = try pair.police.run([
            "export", "--policy", "police-to-cps", "--to", "ncsc", "--purpose", "p", "--out", pair.bundle,
        ])
        #expect(exists.status == 2 && exists.stderr.contains("already exists"))
        #expect(try pair.csc.run(["receive", pair.csc.path("no-such.exhibit")]).status == 2)
        #expect(try pair.police.run(["partners", "add", pair.csc.certificate, "--name", "again", "--id", "ncsc"]).status == 2)
        let partners = try #require(try pair.police.expectSuccess(["partners", "list", "--json"]).json() as? [[String: Any]])
        #expect(Set(partners.compactMap { $0["id"] as? String }) == ["ncsc", "signer"])
        try pair.police.expectSuccess(["partners", "remove", "signer"])
        #expect(try pair.police.run(["verify"]).status == 0)
    }

    @Test func receiptsAreCheckedBeforeTheyAreRecorded() throws {
        let pair = try Self.pair()
        try pair.csc.expectSuccess(["receive", pair.bundle, "--receipt", pair.csc.path("receipt.p7s")])
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: pair.csc.path("receipt.p7s"))))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: pair.csc.path("tampered.p7s")))
        let tampered = try pair.police.run(["receipt", "import", pair.csc.path("tampered.p7s")])
        #expect(tampered.status == 1, "\(tampered.stderr)")
        // A bundle that is not addressed to you gets no receipt.
        let stranger = try CLIHarness.withCase(agency: "Stranger Agency", oic: "X", caseRef: "S-1")
        try stranger.expectSuccess(["partners", "add", pair.police.certificate, "--name", Self.police, "--id", "np"])
        let strangerBundle = try stranger.run(["receive", pair.bundle, "--receipt", stranger.path("r.p7s")])
        #expect(strangerBundle.status == 1)
        #expect(!FileManager.default.fileExists(atPath: stranger.path("r.p7s")))
        // A receipt from someone who is no longer a partner.
        try pair.police.expectSuccess(["partners", "add", stranger.certificate, "--name", "Stranger Agency", "--id", "st"])
        try pair.police.expectSuccess([
            "export", "--policy", "police-to-childrens-services", "--to", "st", "--purpose", "p", "--out",
            pair.police.path("st.exhibit"),
        ])
        try stranger.expectSuccess(["receive", pair.police.path("st.exhibit"), "--receipt", stranger.path("r.p7s")])
        try pair.police.expectSuccess(["partners", "remove", "st"])
        let foreign = try pair.police.run(["receipt", "import", stranger.path("r.p7s")])
        #expect(foreign.status == 1 && foreign.stderr.contains("not a registered partner"))
        let good = try pair.police.run(["receipt", "import", pair.csc.path("receipt.p7s")])
        #expect(good.status == 0, "\(good.stderr)")
    }
}
