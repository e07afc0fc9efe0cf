import ExhibitCore
import Foundation
import GRDB

/// `exhibit keys rotate` and `exhibit keys handover`: handing a case over from the agency's signing certificate to
/// a new one, mid-case, without breaking the chain that `verify` and the partners check.
///
/// The `key-rotated` entry carries the handover signed by the outgoing key and the incoming key's acceptance; it is
/// committed under a checkpoint still signed by the outgoing key, and every later checkpoint is signed by the
/// incoming key. Partners take the new certificate from the handover file (`partners update ID --handover FILE`).
public enum KeyRotation {
    /// What `keys rotate` recorded.
    public struct Rotated: Sendable, Codable {
        /// The `key-rotated` entry.
        public var entry: Int
        /// SHA-256 fingerprints of the outgoing and incoming certificates.
        public var previous: String
        public var fingerprint: String
        /// The incoming certificate's subject.
        public var subject: String
        /// The key that signs from now on (the store's default `--key`).
        public var key: String
        /// Where the handover file was written, when asked.
        public var handover: String?
    }

    /// Hands the case over to `incoming`.
    /// - Parameters:
    ///   - store: the case store.
    ///   - signer: the key and certificate that sign the case now (the outgoing ones).
    ///   - incoming: the new key and certificate.
    ///   - incomingKeyPath: where the new key is kept (recorded as the store's default key).
    ///   - handoverOut: where to write the signed handover for the partners (checked by the caller), if anywhere.
    ///   - reason: why (recorded).
    ///   - actor: who rotates.
    /// - Returns: what was recorded.
    /// - Throws: `.badInput` when the new certificate is the current one, not valid now, or may not sign.
    public static func rotate(
        store: CaseStore, signer: LedgerSigner, incoming: LedgerSigner, incomingKeyPath: String, handoverOut: String?,
        reason: String?, actor: Actor
    ) throws -> Rotated {
        let outgoing = signer.certificate
        let certificate = incoming.certificate
        guard outgoing.fingerprint == store.certificate.fingerprint else {
            throw ExhibitError.badInput("--key is not the key that signs this case now; only that key can hand it over")
        }
        guard certificate.fingerprint != outgoing.fingerprint else {
            throw ExhibitError.badInput("--new-cert is the certificate that signs this case now; there is nothing to rotate")
        }
        guard certificate.isValid(at: Date()) else {
            throw ExhibitError.badInput(
                "the new certificate is not valid now (valid \(certificate.notBefore.map(Timestamp.format) ?? "?") to \(certificate.notAfter.map(Timestamp.format) ?? "?"))"
            )
        }
        guard certificate.allowsSigning else {
            throw ExhibitError.badInput(
                "the new certificate may not sign (key usage: \(certificate.keyUsageNames.joined(separator: ", ")))")
        }
        let origin = Checkpoint.origin(caseID: store.info.id)
        return try store.write(signer: signer) { writer in
            let output = try handoverOut.map { try writer.prepareOutput($0, kind: .file) }
            var recorded: Rotated?
            try writer.commit { ledger in
                let next = (try Int.fetchOne(ledger.db, sql: "SELECT MAX(seq) FROM ledger") ?? 0) + 1
                let time = Timestamp.now()
                let statement = KeyHandover(
                    origin: origin, agency: store.info.agency, from: outgoing.fingerprint, to: certificate, entry: next,
                    time: time)
                let (handover, acceptance) = try statement.signed(outgoing: signer, incoming: incoming)
                let details = KeyRotationDetails(
                    previous: outgoing.fingerprint, fingerprint: certificate.fingerprint, certificate: certificate.pem,
                    handover: Data(handover).base64EncodedString(), acceptance: Data(acceptance).base64EncodedString())
                let entry = try ledger.append(
                    LedgerEntry(
                        caseID: store.info.id, time: time, action: .keyRotated, actor: actor,
                        reason: reason
                            ?? "agency signing certificate handed over to \(certificate.subject) (\(certificate.displayFingerprint.prefix(23))…)",
                        details: EntryDetails(keyRotation: details)))
                guard entry.sequence == next else {
                    throw ExhibitError.environment("the ledger changed while the handover was signed; nothing was recorded")
                }
                try ledger.db.execute(sql: "UPDATE case_info SET key_path = ?", arguments: [incomingKeyPath])
                if let output { try writer.write(handover, to: output) }
                recorded = Rotated(
                    entry: entry.sequence, previous: outgoing.fingerprint, fingerprint: certificate.fingerprint,
                    subject: certificate.subject, key: incomingKeyPath, handover: handoverOut)
            }
            guard let recorded else { throw ExhibitError.environment("the handover was not recorded") }
            return recorded
        }
    }

    /// The signed handover recorded by a `key-rotated` entry (the latest, or entry `sequence`), DER: the file a partner
    /// imports with `partners update ID --handover FILE`.
    /// - Throws: `.badInput` when the case was never handed over (or entry `sequence` is not a handover).
    public static func handover(_ store: CaseStore, entry sequence: Int? = nil) throws -> (entry: Int, bytes: [UInt8]) {
        let rotations = try CaseQueries.history(store, actions: [.keyRotated])
        guard let chosen = sequence.map({ wanted in rotations.last { $0.entry.sequence == wanted } }) ?? rotations.last else {
            throw ExhibitError.badInput(
                sequence.map { "ledger entry \($0) is not a key handover" }
                    ?? "case \(store.info.caseRef) was never handed over to another key (exhibit keys rotate)")
        }
        guard let encoded = chosen.entry.details?.keyRotation?.handover, let bytes = Data(base64Encoded: encoded) else {
            throw ExhibitError.verificationFailed("ledger entry \(chosen.entry.sequence) holds no readable handover")
        }
        return (chosen.entry.sequence, Array(bytes))
    }
}
