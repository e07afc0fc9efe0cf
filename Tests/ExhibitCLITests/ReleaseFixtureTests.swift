import ExhibitCore
import Foundation
import Testing

/// Stores and a bundle written by release 0.1.0 (`Fixtures/release-0.1.0`, made by
/// `scripts/make-release-fixtures`) still open, verify, take new entries and receive with this release.
@Suite struct ReleaseFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/release-0.1.0")

    /// A private copy of the fixtures (they are never changed in place): keys made private again, and the empty
    /// folders git does not keep recreated.
    static func copy() throws -> CLIHarness {
        let cli = try CLIHarness()
        let target = cli.root.appendingPathComponent("release")
        try FileManager.default.copyItem(at: fixtures, to: target)
        for key in ["police.key", "csc.key"] { chmod(target.appendingPathComponent(key).path, 0o600) }
        for store in ["police-case", "csc-case", "csc-before-receive"] {
            for folder in ["objects/sha256", "tmp"] {
                try FileManager.default.createDirectory(
                    at: target.appendingPathComponent("\(store)/.exhibit/\(folder)"), withIntermediateDirectories: true)
            }
        }
        cli.environment["EXHIBIT_PASSPHRASE_FILE"] = target.appendingPathComponent("passphrase").path
        return cli
    }

    @Test func releaseStoresVerifyAndTakeNewEntries() throws {
        let cli = try Self.copy()
        for store in ["police-case", "csc-case"] {
            let verify = try cli.run(["verify", "--store", cli.path("release/\(store)")])
            #expect(verify.status == 0, "\(store): \(verify.stdout)")
        }
        let police = ["--store", cli.path("release/police-case"), "--key", cli.path("release/police.key")]
        try cli.write("new.txt", "a note added after the upgrade")
        try cli.expectSuccess(
            ["add", cli.path("new.txt"), "--ref", "FX/3", "--description", "new", "--seized-by", "PC 2", "--seized-from", "x"]
                + police)
        try cli.expectSuccess(["transfer", "FX/1", "--to", "DS 9 Later", "--reason", "review"] + police)
        let history = try #require(try cli.expectSuccess(["history", "--json"] + police.prefix(2)).json() as? [[String: Any]])
        #expect(history.count == 15)
        #expect(try cli.run(["verify"] + police.prefix(2)).status == 0)
    }

    @Test func aReleaseBundleIsReceivedAndImported() throws {
        let cli = try Self.copy()
        let csc = ["--store", cli.path("release/csc-before-receive"), "--key", cli.path("release/csc.key")]
        let received = try cli.run(
            ["receive", cli.path("release/bundle.exhibit"), "--import", "--report", cli.path("report.html"), "--json"] + csc)
        #expect(received.status == 0, "\(received.stdout) \(received.stderr)")
        let verdict = try #require(try received.json() as? [String: Any])
        #expect((verdict["imported"] as? [String])?.isEmpty == false)
        #expect(FileManager.default.fileExists(atPath: cli.path("report.html")))
        #expect(try cli.run(["verify"] + csc.prefix(2)).status == 0)
    }

    @Test func aReleaseReceiptStillVerifiesAndReads() throws {
        let bytes = Array(try Data(contentsOf: Self.fixtures.appendingPathComponent("receipt.p7s")))
        let receiver = try Certificate.load(path: Self.fixtures.appendingPathComponent("csc.crt").path)
        let (signer, receipt) = try Receipt.open(bytes, trust: TrustPolicy(pinned: [receiver]), source: "receipt.p7s")
        #expect(signer.fingerprint == receiver.fingerprint)
        #expect(receipt.accepted)
        // Release 0.1.0 named its checks without ids; they still read, in order.
        #expect(receipt.checks.map(\.name) == BundleCheck.allCases.map(\.title))
        #expect(receipt.checks.allSatisfy { $0.id == nil && $0.passed })
    }
}
