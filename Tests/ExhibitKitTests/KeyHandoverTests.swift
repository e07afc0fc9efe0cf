import Foundation
import Testing

@testable import ExhibitCore

/// The key handover a `key-rotated` entry records (issue 14): accepted only when the outgoing certificate signed it,
/// for this ledger and entry, and the incoming key accepted the same bytes.
@Suite struct KeyHandoverTests {
    struct Agency {
        let signer: LedgerSigner

        init(_ name: String) throws {
            let key = try PrivateKey.generate(.p256)
            signer = try LedgerSigner(key: key, certificate: try CertificateIssuer.selfSigned(key: key, agency: name, days: 10))
        }
    }

    static let origin = Checkpoint.origin(caseID: "case-1")

    static func details(_ statement: KeyHandover, outgoing: LedgerSigner, incoming: LedgerSigner, acceptedBy: LedgerSigner? = nil)
        throws -> KeyRotationDetails
    {
        let (handover, acceptance) = try statement.signed(outgoing: outgoing, incoming: acceptedBy ?? incoming)
        return KeyRotationDetails(
            previous: statement.from, fingerprint: statement.to, certificate: statement.certificate,
            handover: Data(handover).base64EncodedString(), acceptance: Data(acceptance).base64EncodedString())
    }

    @Test func aHandoverSignedByTheOutgoingKeyAndAcceptedByTheIncomingOneIsFollowed() throws {
        let (old, new) = (try Agency("Old"), try Agency("New"))
        let statement = KeyHandover(
            origin: Self.origin, agency: "A", from: old.signer.certificate.fingerprint, to: new.signer.certificate, entry: 5,
            time: Timestamp.now())
        let details = try Self.details(statement, outgoing: old.signer, incoming: new.signer)
        let incoming = try details.verify(outgoing: old.signer.certificate, origin: Self.origin, sequence: 5, time: nil)
        #expect(incoming.fingerprint == new.signer.certificate.fingerprint)
        // The same record is refused at another entry, for another ledger, or from another outgoing certificate.
        #expect(throws: ExhibitError.self) {
            try details.verify(outgoing: old.signer.certificate, origin: Self.origin, sequence: 6, time: nil)
        }
        #expect(throws: ExhibitError.self) {
            try details.verify(
                outgoing: old.signer.certificate, origin: Checkpoint.origin(caseID: "case-2"), sequence: 5, time: nil)
        }
        #expect(throws: ExhibitError.self) {
            try details.verify(outgoing: new.signer.certificate, origin: Self.origin, sequence: 5, time: nil)
        }
    }

    @Test func aHandoverSignedByAnotherKeyIsRefused() throws {
        let (old, new, impostor) = (try Agency("Old"), try Agency("New"), try Agency("Impostor"))
        let statement = KeyHandover(
            origin: Self.origin, agency: "A", from: old.signer.certificate.fingerprint, to: new.signer.certificate, entry: 5,
            time: Timestamp.now())
        let forged = try Self.details(statement, outgoing: impostor.signer, incoming: new.signer)
        #expect(throws: ExhibitError.self) {
            try forged.verify(outgoing: old.signer.certificate, origin: Self.origin, sequence: 5, time: nil)
        }
        // Signed by the outgoing key but not accepted by the incoming one (someone else's acceptance).
        let unaccepted = try Self.details(statement, outgoing: old.signer, incoming: new.signer, acceptedBy: impostor.signer)
        #expect(throws: ExhibitError.self) {
            try unaccepted.verify(outgoing: old.signer.certificate, origin: Self.origin, sequence: 5, time: nil)
        }
        // Fields that differ from the signed statement.
        var edited = try Self.details(statement, outgoing: old.signer, incoming: new.signer)
        edited.certificate = impostor.signer.certificate.pem
        #expect(throws: ExhibitError.self) {
            try edited.verify(outgoing: old.signer.certificate, origin: Self.origin, sequence: 5, time: nil)
        }
        // One flipped byte of the signed handover.
        var flipped = try Self.details(statement, outgoing: old.signer, incoming: new.signer)
        var bytes = Array(Data(base64Encoded: flipped.handover) ?? Data())
        bytes[bytes.count / 2] ^= 0x01
        flipped.handover = Data(bytes).base64EncodedString()
        #expect(throws: ExhibitError.self) {
            try flipped.verify(outgoing: old.signer.certificate, origin: Self.origin, sequence: 5, time: nil)
        }
    }

    @Test func aStatementThatHandsOverToTheCertificateItCarriesNotIsRefused() throws {
        let (old, new, other) = (try Agency("Old"), try Agency("New"), try Agency("Other"))
        var statement = KeyHandover(
            origin: Self.origin, agency: "A", from: old.signer.certificate.fingerprint, to: new.signer.certificate, entry: 5,
            time: Timestamp.now())
        statement.to = other.signer.certificate.fingerprint
        let (handover, _) = try statement.signed(outgoing: old.signer, incoming: new.signer)
        #expect(throws: ExhibitError.self) {
            try KeyHandover.open(handover, outgoing: old.signer.certificate, source: "handover")
        }
    }
}
