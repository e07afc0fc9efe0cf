import Foundation
import Testing

/// A loopback RFC 3161 authority for the tests: `openssl ts -reply` behind `tools/test-tsa.py`, with a key and a
/// self-signed certificate (critical timeStamping extended key usage) made here with openssl.
final class LoopbackAuthority: @unchecked Sendable {
    let folder: URL
    let certificate: String
    private(set) var port = 0
    private var process: Process?
    private var input: Pipe?

    /// The script beside the sources (tools/test-tsa.py), found from this file's path.
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/test-tsa.py").path
    }

    /// Makes the authority's key and certificate in `folder` (not started yet).
    init(in folder: URL) throws {
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        certificate = folder.appendingPathComponent("tsa.crt").path
        let made = try runTool(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                folder.appendingPathComponent("tsa.key").path, "-out", certificate, "-days", "30", "-subj",
                "/O=Loopback Time Authority/CN=Loopback TSA", "-addext", "extendedKeyUsage=critical,timeStamping", "-addext",
                "keyUsage=critical,digitalSignature",
            ])
        #expect(made.status == 0, "\(made.output)")
    }

    deinit { stop() }

    /// The URL it answers on (or would, once started on its port).
    var url: String { "http://127.0.0.1:\(port)/" }

    /// Starts it (on its previous port when it ran before) and waits for the line that says it listens.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", Self.script, "--key", folder.appendingPathComponent("tsa.key").path, "--cert", certificate, "--dir",
                folder.path,
            ] + (port == 0 ? [] : ["--port", "\(port)"])
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line += byte
        }
        port = try #require(Int(String(decoding: line, as: UTF8.self)), "the test authority did not start")
        self.process = process
        self.input = input
    }

    /// Stops it (closing its standard input) and waits until it has exited.
    func stop() {
        guard let process else { return }
        try? input?.fileHandleForWriting.close()
        process.waitUntilExit()
        self.process = nil
    }
}

/// Independent time for checkpoints (issue 14, part 2): RFC 3161 tokens from the store's authority over the
/// checkpoints' signatures, checked by Exhibit and by `openssl ts -verify`, waiting when the authority is down.
@Suite struct TimestampTests {
    /// A police case naming the loopback authority, with one exhibit and children's services as partner.
    struct Setup {
        let police: CLIHarness
        let csc: CLIHarness
        let authority: LoopbackAuthority
    }

    static func setup(started: Bool = true) throws -> Setup {
        let police = try CLIHarness()
        let authority = try LoopbackAuthority(in: police.root.appendingPathComponent("tsa"))
        try authority.start()
        if !started { authority.stop() }
        try police.expectSuccess([
            "keys", "generate", "--agency", CLIHarness.agency, "--out", police.path("keys/agency"), "--algorithm", "p256",
        ])
        try police.expectSuccess([
            "init", "--case-ref", "CRN 13/123456/26", "--agency", CLIHarness.agency, "--oic", CLIHarness.oic, "--key",
            police.path("keys/agency.key"), "--cert", police.certificate, "--tsa", authority.url, "--tsa-cert",
            authority.certificate,
        ])
        try police.write("evidence/note.txt", "bag sealed at 10:02")
        try police.expectSuccess([
            "add", police.path("evidence/note.txt"), "--ref", "E/1", "--category", "note", "--description", "Officer's note",
            "--seized-by", "PC 1", "--seized-from", "scene",
        ])
        let csc = try CLIHarness.withCase(agency: BundleTests.csc, oic: "Tom Okafor", caseRef: "NCSC-1")
        try police.expectSuccess(["partners", "add", csc.certificate, "--name", BundleTests.csc, "--id", "ncsc"])
        try csc.expectSuccess(["partners", "add", police.certificate, "--name", BundleTests.police, "--id", "np"])
        return Setup(police: police, csc: csc, authority: authority)
    }

    static func export(_ police: CLIHarness, name: String = "b1") throws -> (bundle: String, run: CLIHarness.Run) {
        let bundle = police.path("out/\(name).exhibit")
        let run = try police.expectSuccess([
            "export", "--policy", "police-to-cps", "--to", "ncsc", "--purpose", "p", "--out", bundle, "--json",
        ])
        return (bundle, run)
    }

    /// The custody checkpoint's DER signature (line 1 of exhibit/custody.jsonl), written to `cp.p7s` in the bag.
    static func checkpointSignature(_ bag: URL) throws -> String {
        let custody = try String(contentsOf: bag.appendingPathComponent("exhibit/custody.jsonl"), encoding: .utf8)
        let first = try #require(custody.split(separator: "\n").first)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let signature = try #require(Data(base64Encoded: line["signature"] as? String ?? ""))
        let path = bag.appendingPathComponent("cp.p7s")
        try signature.write(to: path)
        return path.path
    }

    @Test func theExportedCheckpointIsTimestampedAndBothExhibitAndOpenSSLAcceptTheToken() throws {
        let setup = try Self.setup()
        let (bundle, run) = try Self.export(setup.police)
        #expect(!run.stderr.contains("warning"), "\(run.stderr)")
        let exported = try #require(try run.json() as? [String: Any])
        let stamp = try #require(exported["timestamp"] as? [String: Any])
        #expect((stamp["authority"] as? String)?.contains("Loopback TSA") == true)

        // The partner's stock-tool check of the token over the custody checkpoint's signature.
        let bag = try setup.csc.unpackWithStockTools(bundle)
        let signature = try Self.checkpointSignature(bag)
        let token = bag.appendingPathComponent("exhibit/checkpoint.tsr").path
        let tsa = bag.appendingPathComponent("exhibit/tsa.pem").path
        let stock = try runTool("openssl", ["ts", "-verify", "-data", signature, "-in", token, "-CAfile", tsa])
        #expect(stock.status == 0 && stock.output.contains("Verification: OK"), "\(stock.output)")
        let tags = try String(contentsOf: bag.appendingPathComponent("tagmanifest-sha256.txt"), encoding: .utf8)
        #expect(tags.contains("exhibit/checkpoint.tsr") && tags.contains("exhibit/tsa.pem"))
        // A token with one byte flipped is refused by openssl too.
        var flipped = try Data(contentsOf: URL(fileURLWithPath: token))
        flipped[flipped.count - 40] ^= 0x01
        try flipped.write(to: URL(fileURLWithPath: token))
        #expect(try runTool("openssl", ["ts", "-verify", "-data", signature, "-in", token, "-CAfile", tsa]).status != 0)

        // The receiver checks the token and reports who stamped it and when.
        let received = try setup.csc.run(["receive", bundle, "--import", "--json"])
        #expect(received.status == 0, "\(received.stderr)")
        let verdict = try #require(try received.json() as? [String: Any])
        let carried = try #require(verdict["timestamp"] as? [String: Any])
        #expect((carried["authority"] as? String)?.contains("Loopback TSA") == true)
        #expect(carried["time"] as? String == stamp["time"] as? String)
        let human = try setup.csc.run(["receive", bundle])
        #expect(human.stdout.contains("timestamped by"), "\(human.stdout)")

        // The sender's verify checks the stored token.
        let verified = try setup.police.expectSuccess(["verify"])
        #expect(verified.stdout.contains("1 checkpoint timestamped"), "\(verified.stdout)")
    }

    @Test func anAuthorityThatIsDownLeavesTheCheckpointWaitingUntilTimestampCompletesIt() throws {
        let setup = try Self.setup(started: false)
        let (bundle, run) = try Self.export(setup.police)
        #expect(run.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("warning:") }.count == 1, "\(run.stderr)")
        let exported = try #require(try run.json() as? [String: Any])
        #expect(exported["timestamp"] == nil && exported["timestampWarning"] != nil)
        // A bundle without a token is still accepted, and reports none.
        let received = try setup.csc.run(["receive", bundle, "--json"])
        #expect(received.status == 0, "\(received.stderr)")
        #expect((try received.json() as? [String: Any])?["timestamp"] == nil)

        let down = try setup.police.run(["timestamp", "--json"])
        #expect(down.status == 0 && down.stderr.hasPrefix("warning:"), "\(down.stderr)")
        let waiting = try #require(try down.json() as? [String: Any])
        #expect((waiting["waiting"] as? [Int])?.count == 2, "\(waiting)")
        #expect(try setup.police.expectSuccess(["verify"]).stdout.contains("0 checkpoints timestamped"))

        try setup.authority.start()
        let up = try setup.police.run(["timestamp", "--json"])
        #expect(up.status == 0 && up.stderr.isEmpty, "\(up.stderr)")
        let completed = try #require(try up.json() as? [String: Any])
        #expect((completed["stamped"] as? [[String: Any]])?.count == 2 && (completed["waiting"] as? [Int])?.isEmpty == true)
        let verified = try setup.police.expectSuccess(["verify"])
        #expect(verified.stdout.contains("2 checkpoints timestamped"), "\(verified.stdout)")
        // Nothing left to do: a second run stamps nothing.
        #expect(try setup.police.expectSuccess(["timestamp"]).stdout.contains("already timestamped"))
    }

    @Test func anAuthorityThatAnswersBadlyLeavesTheCheckpointWaiting() throws {
        let setup = try Self.setup()
        let bad = try setup.police.run([
            "timestamp", "--tsa", setup.authority.url + "bad", "--tsa-cert", setup.authority.certificate, "--json",
        ])
        #expect(bad.status == 0 && bad.stderr.contains("refused"), "\(bad.stderr)")
        let result = try #require(try bad.json() as? [String: Any])
        #expect(result["entry"] as? Int != nil && (result["waiting"] as? [Int])?.isEmpty == false)
        try setup.police.expectSuccess(["verify"])
    }

    @Test func checkpointOutWritesATokenTheStockToolsAcceptAndATamperedStoredTokenFailsVerify() throws {
        let setup = try Self.setup()
        let stamped = try setup.police.expectSuccess(["timestamp"])
        #expect(stamped.stdout.contains("timestamped by"), "\(stamped.stdout)")
        try setup.police.expectSuccess(["checkpoint", "--out", setup.police.path("cp")])
        let stock = try runTool(
            "openssl",
            [
                "ts", "-verify", "-data", setup.police.path("cp/checkpoint.txt.p7s"), "-in",
                setup.police.path("cp/checkpoint.txt.tsr"), "-CAfile", setup.police.path("cp/tsa.pem"),
            ])
        #expect(stock.status == 0 && stock.output.contains("Verification: OK"), "\(stock.output)")
        let size =
            try #require(
                try setup.police.expectSuccess(["checkpoint", "--json"]).json() as? [String: Any])["size"] as? Int

        // One byte of the stored token flipped behind Exhibit's back.
        let database = setup.police.store + "/case.sqlite"
        let stored = try runTool("sqlite3", [database, "SELECT hex(token) FROM checkpoint_token WHERE tree_size = \(size ?? 0)"])
        var hex = Array(stored.output.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(hex.count > 200, "\(stored.output)")
        let position = hex.count - 80
        hex[position] = hex[position] == "0" ? "1" : "0"
        try setup.police.sql("UPDATE checkpoint_token SET token = X'\(String(hex))' WHERE tree_size = \(size ?? 0)")
        let verify = try setup.police.run(["verify"])
        #expect(verify.status == 1, "\(verify.stdout)")
        #expect(verify.stdout.contains("the timestamp token of checkpoint \(size ?? 0)"), "\(verify.stdout)")
    }

    @Test func aReceiptCarriesATokenOverTheCosignatureThatTheSenderAndOpenSSLCheck() throws {
        let setup = try Self.setup()
        let csc = setup.csc
        try csc.expectSuccess(["timestamp", "--tsa", setup.authority.url, "--tsa-cert", setup.authority.certificate])
        let (bundle, _) = try Self.export(setup.police)
        let receipt = csc.path("r1.p7s")
        let received = try csc.run(["receive", bundle, "--import", "--receipt", receipt])
        #expect(received.status == 0 && received.stderr.isEmpty, "\(received.stderr)")
        let opened = try runTool(
            "openssl",
            [
                "cms", "-verify", "-inform", "DER", "-in", receipt, "-CAfile", csc.certificate, "-purpose", "any", "-out",
                csc.path("receipt.json"),
            ])
        #expect(opened.status == 0, "\(opened.output)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: csc.path("receipt.json"))))
                as? [String: Any])
        let cosignature = try #require(json["cosignature"] as? [String: String])
        try #require(Data(base64Encoded: cosignature["signature"] ?? "")).write(to: URL(fileURLWithPath: csc.path("cosig.p7s")))
        try #require(Data(base64Encoded: cosignature["timestamp"] ?? "")).write(to: URL(fileURLWithPath: csc.path("cosig.tsr")))
        try Data((cosignature["timestampAuthority"] ?? "").utf8).write(to: URL(fileURLWithPath: csc.path("tsa.pem")))
        let stock = try runTool(
            "openssl",
            ["ts", "-verify", "-data", csc.path("cosig.p7s"), "-in", csc.path("cosig.tsr"), "-CAfile", csc.path("tsa.pem")])
        #expect(stock.status == 0 && stock.output.contains("Verification: OK"), "\(stock.output)")
        try setup.police.expectSuccess(["receipt", "import", receipt])
    }
}
