import Foundation
import Testing

/// `tools/check-bundle.py`, the stand-alone checker for partners without Exhibit, run on real bundles made by the
/// built binary: it accepts a good bundle and rejects one altered proof, one altered custody entry and the usual
/// tampering; decrypted material never outlives a failed run.
@Suite struct PartnerCheckerTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let checker = repository.appendingPathComponent("tools/check-bundle.py").path

    /// Runs the checker with `arguments` (with `TMPDIR` set to `temporary` when given).
    static func check(_ arguments: [String], temporary: String? = nil) throws -> (status: Int32, output: String) {
        guard let temporary else { return try runTool("python3", [checker] + arguments) }
        return try runTool("env", ["TMPDIR=\(temporary)", "python3", checker] + arguments)
    }

    /// The arguments that let children's social care decrypt the pair's bundle.
    static func recipient(_ pair: BundleTests.Pair) throws -> [String] {
        [
            "--sender", pair.police.certificate, "--cert", pair.csc.certificate, "--key", pair.csc.path("keys/agency.key"),
            "--passphrase-file", try #require(pair.csc.environment["EXHIBIT_PASSPHRASE_FILE"]),
        ]
    }

    /// The pair's bundle checked and its inner bag kept in `kept/<bundle id>`; returns that folder.
    static func keptInnerBag(_ pair: BundleTests.Pair) throws -> URL {
        let kept = pair.csc.root.appendingPathComponent("kept")
        try FileManager.default.createDirectory(at: kept, withIntermediateDirectories: true)
        let listing = try runTool("bsdtar", ["-tf", pair.bundle]).output
        let bundleID = try #require(listing.split(separator: "/").first.map(String.init))
        let bag = kept.appendingPathComponent(bundleID)
        let run = try check([pair.bundle] + recipient(pair) + ["--out", bag.path])
        #expect(run.status == 0, "\(run.output)")
        return bag
    }

    /// Rewrites one line of the bag's custody extract, then updates the tag manifest and signs it again with the
    /// sender's key (as a forger holding that key could), so only the custody check can tell.
    static func forge(_ bag: URL, sender: CLIHarness, change: (inout [String: Any]) -> Void) throws {
        let custody = bag.appendingPathComponent("exhibit/custody.jsonl")
        var lines = try String(contentsOf: custody, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count >= 3)
        var line = try #require(try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any])
        change(&line)
        lines[2] = String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self)
        let altered = Data((lines.joined(separator: "\n") + "\n").utf8)
        try altered.write(to: custody)
        let digest = try runTool("openssl", ["dgst", "-sha256", "-r", custody.path]).output.prefix(64)
        let tagManifest = bag.appendingPathComponent("tagmanifest-sha256.txt")
        let tags = try String(contentsOf: tagManifest, encoding: .utf8).split(separator: "\n").map { row in
            row.hasSuffix("  exhibit/custody.jsonl") ? "\(digest)  exhibit/custody.jsonl" : String(row)
        }
        try Data((tags.joined(separator: "\n") + "\n").utf8).write(to: tagManifest)
        let signed = try runTool(
            "openssl",
            [
                "cms", "-sign", "-binary", "-outform", "DER", "-md", "sha256", "-in", tagManifest.path, "-signer",
                sender.certificate, "-inkey", sender.path("keys/agency.key"), "-passin",
                "file:\(try #require(sender.environment["EXHIBIT_PASSPHRASE_FILE"]))", "-out",
                bag.appendingPathComponent("tagmanifest-sha256.txt.p7s").path,
            ])
        #expect(signed.status == 0, "\(signed.output)")
    }

    @Test func theCheckersOwnTestsPassIncludingTheMerkleVectors() throws {
        let run = try runTool("python3", [Self.repository.appendingPathComponent("tools/test_check_bundle.py").path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("inclusion vectors: 98 checked") && run.output.contains("OK"), "\(run.output)")
    }

    @Test func aGoodBundleIsAcceptedAndItsInnerBagKept() throws {
        let pair = try BundleTests.pair()
        let bag = try Self.keptInnerBag(pair)
        #expect(FileManager.default.fileExists(atPath: bag.appendingPathComponent("exhibit/custody.jsonl").path))
        #expect(!FileManager.default.fileExists(atPath: bag.path + ".part"))
        let run = try Self.check([pair.bundle] + Self.recipient(pair))
        #expect(run.status == 0 && run.output.contains("all 10 checks passed"), "\(run.output)")
        for check in ["outer archive", "sender signature (outer)", "custody extract", "policy"] {
            #expect(run.output.contains("ok    \(check)"), "\(check) not reported")
        }
        // docs/bundle-format.md names every bag-info label and every file this real bundle holds.
        let format = try String(
            contentsOf: Self.repository.appendingPathComponent("docs/bundle-format.md"), encoding: .utf8)
        let info = try String(contentsOf: bag.appendingPathComponent("bag-info.txt"), encoding: .utf8)
        for label in info.split(separator: "\n").compactMap({ $0.split(separator: ":").first }) {
            #expect(format.contains("| `\(label)` |"), "docs/bundle-format.md does not describe \(label)")
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: bag.path).filter { !$0.hasPrefix("data/") }
        for file in files where file != "data" && file != "exhibit" {
            #expect(format.contains(file.split(separator: "/").last.map(String.init) ?? file), "\(file) undocumented")
        }
        // The kept bag passes the inner stages on its own, as the forgeries below start from it.
        let inner = try Self.check(["--inner", bag.path, "--sender", pair.police.certificate, "--cert", pair.csc.certificate])
        #expect(inner.status == 0 && inner.output.contains("all 5 checks passed"), "\(inner.output)")
    }

    @Test func oneAlteredInclusionProofIsRejected() throws {
        let pair = try BundleTests.pair()
        let bag = try Self.keptInnerBag(pair)
        try Self.forge(bag, sender: pair.police) { line in
            guard var proof = line["proof"] as? [String], let first = proof.first else { return }
            proof[0] = (first.hasPrefix("0") ? "1" : "0") + first.dropFirst()
            line["proof"] = proof
        }
        let run = try Self.check(["--inner", bag.path, "--sender", pair.police.certificate])
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("ok    sender signature (inner)"), "the forgery must pass the signature: \(run.output)")
        #expect(
            run.output.contains("custody.jsonl line 3: entry") && run.output.contains("is not in the signed ledger"),
            "\(run.output)")
    }

    @Test func oneAlteredCustodyEntryIsRejected() throws {
        let pair = try BundleTests.pair()
        let bag = try Self.keptInnerBag(pair)
        let pristine = pair.csc.root.appendingPathComponent("pristine")
        try FileManager.default.copyItem(at: bag, to: pristine)
        try Self.forge(bag, sender: pair.police) { line in
            guard let body = line["body"] as? String else { return }
            line["body"] = body.replacingOccurrences(of: "PC 2231 Ali Khan", with: "PC 2231 Al Khan")
        }
        let run = try Self.check(["--inner", bag.path, "--sender", pair.police.certificate])
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("does not match its hash (altered)"), "\(run.output)")
        // Without the forger's new signature, the inner bag check already fails.
        let unsigned = pair.csc.root.appendingPathComponent("unsigned").appendingPathComponent(bag.lastPathComponent)
        try FileManager.default.createDirectory(at: unsigned.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: pristine, to: unsigned)
        let custody = unsigned.appendingPathComponent("exhibit/custody.jsonl")
        var bytes = Array(try Data(contentsOf: custody))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: custody)
        let tampered = try Self.check(["--inner", unsigned.path, "--sender", pair.police.certificate])
        #expect(tampered.status == 1 && tampered.output.contains("inner bag is not a valid bag"), "\(tampered.output)")
    }

    @Test func tamperingWrongKeysAndBadUsageAreRefusedAndNothingIsLeft() throws {
        let pair = try BundleTests.pair()
        let decrypting = try Self.recipient(pair)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: pair.bundle)))
        // A byte of the ciphertext: the outer manifest no longer matches.
        bytes[3000] ^= 0x5A
        let tampered = pair.csc.path("tampered.exhibit")
        try Data(bytes).write(to: URL(fileURLWithPath: tampered))
        let out = pair.csc.path("inner-out")
        let run = try Self.check([tampered] + decrypting + ["--out", out])
        #expect(run.status == 1 && run.output.contains("bundle REJECTED"), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: out) && !FileManager.default.fileExists(atPath: out + ".part"))
        // Data after the end marker.
        let original = try Data(contentsOf: URL(fileURLWithPath: pair.bundle))
        let padded = pair.csc.path("padded.exhibit")
        try (original + Data([0x41]) + Data(count: 511)).write(to: URL(fileURLWithPath: padded))
        let trailing = try Self.check([padded] + decrypting)
        #expect(trailing.status == 1 && trailing.output.contains("after its end-of-archive marker"), "\(trailing.output)")
        // Signed by someone else than the sender named.
        let stranger = try Self.check([pair.bundle] + Array(decrypting.dropFirst(2)) + ["--sender", pair.csc.certificate])
        #expect(stranger.status == 1 && stranger.output.contains("does not verify against"), "\(stranger.output)")
        // Not addressed to this key: the police cannot decrypt what was sent to children's social care.
        let passphrase = try #require(pair.police.environment["EXHIBIT_PASSPHRASE_FILE"])
        let wrongKey = try Self.check([
            pair.bundle, "--sender", pair.police.certificate, "--cert", pair.police.certificate, "--key",
            pair.police.path("keys/agency.key"), "--passphrase-file", passphrase,
        ])
        #expect(wrongKey.status == 1 && wrongKey.output.contains("cannot decrypt"), "\(wrongKey.output)")
        // Bad usage: one line, exit 2.
        let usage = try Self.check([pair.bundle, "--sender", pair.police.certificate])
        #expect(usage.status == 2 && usage.output.split(separator: "\n").count == 1, "\(usage.output)")
        #expect(try Self.check([pair.csc.path("none.exhibit")] + decrypting).status == 2)
        // A wrong passphrase is the environment's problem (exit 3), as in Exhibit.
        let wrong = try pair.csc.write("wrong-passphrase.txt", "not it\n")
        let badPassphrase = try Self.check(Array(([pair.bundle] + decrypting).dropLast()) + [wrong])
        #expect(badPassphrase.status == 3 && badPassphrase.output.contains("cannot open"), "\(badPassphrase.output)")
        // Every failure above deleted its private work folder: run them again in a folder of their own to see.
        let temporary = pair.csc.path("tmp")
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        for arguments in [
            [tampered] + decrypting, [padded] + decrypting, [pair.bundle] + decrypting,
        ] {
            _ = try Self.check(arguments, temporary: temporary)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty, "a private work folder was left behind")
    }

    @Test func everyFlippedByteOfTheBundleIsRejectedInOneLine() throws {
        let pair = try BundleTests.pair()
        let decrypting = try Self.recipient(pair)
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: pair.bundle)))
        let positions = BundleTests.tamperPositions(original)
        #expect(positions.count >= 50)
        var failures: [String] = []
        for (index, (position, label)) in positions.enumerated() {
            var bytes = original
            bytes[position] ^= 0x5A
            let tampered = pair.csc.path("flipped-\(index).exhibit")
            try Data(bytes).write(to: URL(fileURLWithPath: tampered))
            let run = try Self.check([tampered] + decrypting)
            let errors = run.output.split(separator: "\n").filter { $0.hasPrefix("check-bundle:") }
            if run.status != 1 || errors.count != 1 || run.output.contains("Traceback") {
                failures.append("\(label): exit \(run.status) \(run.output.suffix(300))")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(positions.count): \(failures.prefix(3))")
    }
}
