import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// Keys, certificates and detached CMS signatures through OpenSSL.
struct CryptoTests {
    static func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crypto-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test(arguments: KeyAlgorithm.allCases)
    func generatedIdentityRoundTrips(_ algorithm: KeyAlgorithm) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let passphrase = Array("a long passphrase".utf8)
        let generated = try AgencyIdentity.generate(
            agency: "Northshire Police CAIU", algorithm: algorithm, outputPrefix: folder + "/agency", days: 30,
            passphrase: passphrase)
        let key = try PrivateKey.load(path: generated.key, passphrase: passphrase)
        #expect(key.algorithm == algorithm)
        #expect("\(key)" == "PrivateKey(\(algorithm.rawValue))")
        let certificate = try Certificate.load(path: generated.certificate)
        #expect(certificate.matches(key))
        #expect(certificate.organization == "Northshire Police CAIU")
        #expect(certificate.allowsSigning && certificate.allowsEncryption)
        #expect(certificate.isValid(at: Date()))
        #expect(!certificate.isValid(at: Date().addingTimeInterval(40 * 86_400)))
        #expect(throws: ExhibitError.self) { try PrivateKey.load(path: generated.key, passphrase: Array("wrong".utf8)) }
    }

    @Test func aSignatureWhoseEncapsulatedContentTypeWasAlteredIsRefused() throws {
        let key = try PrivateKey.generate(.p256)
        let certificate = try CertificateIssuer.selfSigned(key: key, agency: "Agency A", days: 10)
        let content = Array("exhibit.case/x\n3\nroot\n".utf8)
        let trust = TrustPolicy(pinned: [certificate])
        for (detached, signature) in [
            (true, try CMSSignature.sign(.bytes(content), key: key, certificate: certificate)),
            (false, try CMSSignature.sign(.bytes(content), key: key, certificate: certificate, detached: false)),
        ] {
            // id-data (1.2.840.113549.1.7.1) occurs first as the encapsulated content's type, later in the signed
            // content-type attribute: the first one becomes id-digestedData (…7.5), still a well-formed OID.
            let idData: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01]
            let start = try #require(
                (0...(signature.count - idData.count)).first { Array(signature[$0..<($0 + idData.count)]) == idData })
            var altered = signature
            altered[start + idData.count - 1] = 0x05
            #expect(throws: ExhibitError.self) {
                if detached {
                    _ = try CMSSignature.verify(altered, content: .bytes(content), trust: trust, source: "sig")
                } else {
                    _ = try CMSSignature.verifyAttached(altered, trust: trust, source: "sig")
                }
            }
            // The untouched signature still verifies.
            if detached {
                _ = try CMSSignature.verify(signature, content: .bytes(content), trust: trust, source: "sig")
            } else {
                _ = try CMSSignature.verifyAttached(signature, trust: trust, source: "sig")
            }
        }
    }

    @Test func detachedSignaturesVerifyAndRejectChangedContent() throws {
        let key = try PrivateKey.generate(.p256)
        let certificate = try CertificateIssuer.selfSigned(key: key, agency: "Agency A", days: 10)
        let content = Array("exhibit.case/x\n3\nroot\n".utf8)
        let signature = try CMSSignature.sign(.bytes(content), key: key, certificate: certificate)
        let signer = try CMSSignature.verify(
            signature, content: .bytes(content), trust: TrustPolicy(pinned: [certificate]), source: "sig")
        #expect(signer.fingerprint == certificate.fingerprint)
        var changed = content
        changed[0] ^= 1
        #expect(throws: ExhibitError.self) {
            _ = try CMSSignature.verify(
                signature, content: .bytes(changed), trust: TrustPolicy(pinned: [certificate]), source: "sig")
        }
        let otherKey = try PrivateKey.generate(.p256)
        let other = try CertificateIssuer.selfSigned(key: otherKey, agency: "Agency B", days: 10)
        #expect(throws: ExhibitError.self) {
            _ = try CMSSignature.verify(signature, content: .bytes(content), trust: TrustPolicy(pinned: [other]), source: "sig")
        }
        var corrupted = signature
        corrupted[corrupted.count / 2] ^= 0xFF
        #expect(throws: ExhibitError.self) {
            _ = try CMSSignature.verify(
                corrupted, content: .bytes(content), trust: TrustPolicy(pinned: [certificate]), source: "sig")
        }
        #expect(throws: ExhibitError.self) {
            _ = try CMSSignature.sign(.bytes(content), key: otherKey, certificate: certificate)
        }
    }

    @Test func expiredSignerIsRejectedAtTheCurrentTimeButNotAtSigningTime() throws {
        let key = try PrivateKey.generate(.p256)
        let certificate = try CertificateIssuer.selfSigned(key: key, agency: "Agency A", days: 1)
        let content = Array("payload".utf8)
        let signature = try CMSSignature.sign(.bytes(content), key: key, certificate: certificate)
        let later = Date().addingTimeInterval(5 * 86_400)
        #expect(throws: ExhibitError.self) {
            _ = try CMSSignature.verify(
                signature, content: .bytes(content), trust: TrustPolicy(pinned: [certificate], time: later), source: "sig")
        }
        _ = try CMSSignature.verify(
            signature, content: .bytes(content), trust: TrustPolicy(pinned: [certificate], time: Date()), source: "sig")
    }

    @Test func unencryptedOrExposedKeysAreRefused() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plain = folder + "/plain.key"
        try "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".write(
            toFile: plain, atomically: true, encoding: .utf8)
        chmod(plain, 0o600)
        #expect(
            throws: ExhibitError.environment(
                "\(plain) is not an encrypted PKCS#8 private key; encrypt it with openssl pkcs8 -topk8 -scrypt")
        ) {
            _ = try PrivateKey.load(path: plain, passphrase: Array("x".utf8))
        }
        chmod(plain, 0o640)
        #expect(throws: ExhibitError.self) { _ = try PrivateKey.load(path: plain, passphrase: Array("x".utf8)) }
    }

    @Test func signingRequestIsAValidPKCS10() throws {
        let key = try PrivateKey.generate(.p384)
        let request = try CertificateIssuer.signingRequest(key: key, agency: "Leeds Children's Social Care")
        #expect(request.hasPrefix("-----BEGIN CERTIFICATE REQUEST-----"))
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try request.write(toFile: folder + "/r.csr", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["req", "-in", folder + "/r.csr", "-verify", "-noout"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func constantTimeComparison() {
        #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equal([1, 2], [1, 2, 3]))
        #expect(ConstantTime.equal([], []))
    }
}
