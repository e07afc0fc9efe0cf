import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// The RFC 3161 token a bundle carries over its custody checkpoint's signature (exhibit/checkpoint.tsr with
/// exhibit/tsa.pem, in the signed inner bag): a valid one is reported, a tampered one, one without its certificate
/// or one from another authority is refused even though the sender signed the bag around it. The tokens are made
/// here with `openssl ts -reply`, and the bundles re-signed and re-encrypted with Exhibit's own code, so that the
/// change reaches the token check.
@Suite struct BundleTimestampTests {
    typealias Agency = HostileBundleTests.Agency

    /// A time-stamp authority's key, self-signed certificate (critical timeStamping key usage) and config.
    struct Authority {
        let folder: String
        var certificate: String { "\(folder)/tsa.crt" }

        init(in folder: String, name: String) throws {
            self.folder = folder
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Self.openssl([
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "\(folder)/tsa.key",
                "-out", "\(folder)/tsa.crt", "-days", "30", "-subj", "/CN=\(name)", "-addext",
                "extendedKeyUsage=critical,timeStamping",
            ])
            try "01\n".write(toFile: "\(folder)/serial", atomically: true, encoding: .utf8)
            try """
            [ tsa ]
            default_tsa = tsa_config
            [ tsa_config ]
            serial = \(folder)/serial
            signer_cert = \(folder)/tsa.crt
            signer_key = \(folder)/tsa.key
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256
            ess_cert_id_alg = sha256

            """.write(toFile: "\(folder)/tsa.cnf", atomically: true, encoding: .utf8)
        }

        /// A token over `data`, as `openssl ts -query` and `openssl ts -reply` make it.
        func stamp(_ data: [UInt8]) throws -> [UInt8] {
            let input = "\(folder)/data-\(UUID().uuidString)"
            try Data(data).write(to: URL(fileURLWithPath: input))
            try Self.openssl(["ts", "-query", "-data", input, "-sha256", "-cert", "-out", "\(input).tsq"])
            try Self.openssl([
                "ts", "-reply", "-config", "\(folder)/tsa.cnf", "-queryfile", "\(input).tsq", "-out", "\(input).tsr",
            ])
            return Array(try Data(contentsOf: URL(fileURLWithPath: "\(input).tsr")))
        }

        static func openssl(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["openssl"] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "openssl \(arguments.joined(separator: " ")) failed")
        }
    }

    /// A real bundle from police to children's services, opened, given `extra(signature, authority)` as further
    /// tag files of the inner bag, re-signed by the police and re-encrypted; then received.
    static func received(_ extra: (_ signature: [UInt8], _ authority: Authority) throws -> [(String, [UInt8])]) throws
        -> BundleVerdict
    {
        try ReceivedManifestTests.resent(importItems: false) { read, csc in
            let authority = try Authority(in: "\(csc.folder)/tsa", name: "Bundle Test TSA")
            let kept = try ["exhibit/manifest.json", "exhibit/policy.yaml", "exhibit/redactions.json", "exhibit/custody.jsonl"]
                .map { ($0, try #require(try read($0))) }
            let custody = try #require(kept.first { $0.0 == "exhibit/custody.jsonl" }?.1)
            let signature = try CustodyExtract.signedCheckpoint(custody).signature
            return kept + (try extra(signature, authority))
        }.0
    }

    static func pem(_ authority: Authority) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: authority.certificate)))
    }

    @Test func aValidTokenIsCheckedAndReported() throws {
        let verdict = try Self.received { signature, authority in
            [
                (BundleTimestamp.tokenPath, try authority.stamp(signature)),
                (BundleTimestamp.certificatePath, try Self.pem(authority)),
            ]
        }
        #expect(verdict.passed, "\(verdict.checks.last?.detail ?? "")")
        let stamp = try #require(verdict.timestamp)
        #expect(stamp.authority.contains("Bundle Test TSA"))
        #expect(verdict.checks.first { $0.id == .custody }?.detail.contains("timestamped by") == true)
    }

    @Test(arguments: [40, 200, 400])
    func aTamperedTokenIsRefusedNamingTheFile(_ fromEnd: Int) throws {
        let verdict = try Self.received { signature, authority in
            var token = try authority.stamp(signature)
            token[token.count - min(fromEnd, token.count - 1)] ^= 0x01
            return [(BundleTimestamp.tokenPath, token), (BundleTimestamp.certificatePath, try Self.pem(authority))]
        }
        #expect(!verdict.passed)
        let failed = try #require(verdict.checks.last)
        #expect(failed.id == .custody && !failed.passed && failed.detail.contains("exhibit/checkpoint.tsr"), "\(failed.detail)")
    }

    @Test func aTokenOverOtherBytesIsRefused() throws {
        let verdict = try Self.received { _, authority in
            [
                (BundleTimestamp.tokenPath, try authority.stamp(Array("another signature".utf8))),
                (BundleTimestamp.certificatePath, try Self.pem(authority)),
            ]
        }
        #expect(!verdict.passed && verdict.checks.last?.detail.contains("exhibit/checkpoint.tsr") == true)
    }

    @Test func aTokenFromAnotherAuthorityOrWithoutItsCertificateIsRefused() throws {
        let other = try Self.received { signature, authority in
            let stranger = try Authority(in: "\(authority.folder)-other", name: "Another TSA")
            return [
                (BundleTimestamp.tokenPath, try authority.stamp(signature)),
                (BundleTimestamp.certificatePath, try Self.pem(stranger)),
            ]
        }
        #expect(!other.passed && other.checks.last?.detail.contains("exhibit/checkpoint.tsr") == true)
        let alone = try Self.received { signature, authority in [(BundleTimestamp.tokenPath, try authority.stamp(signature))] }
        #expect(!alone.passed && alone.checks.last?.detail.contains("exhibit/tsa.pem") == true)
    }

    @Test func theTokenTypeRefusesBytesThatAreNotAResponse() throws {
        #expect(throws: ExhibitError.self) { try TimestampToken(der: Array("not a token".utf8), source: "t") }
        #expect(throws: ExhibitError.self) { try TimestampToken(der: [], source: "t") }
    }
}
