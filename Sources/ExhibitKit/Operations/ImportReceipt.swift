import ExhibitCore
import Foundation

/// `exhibit receipt import`: records a partner's signed receipt against the export it names.
public enum ReceiptImport {
    /// What was recorded.
    public struct Result: Sendable, Codable {
        public var receipt: Receipt
        public var partner: String
        public var entry: Int
    }

    /// Verifies a receipt against the partner's certificate and the export it names, and records it.
    /// - Throws: `.badInput` for a missing file, one that is not DER, or a receipt already recorded (same bundle,
    ///   same signer); `.verificationFailed` for an unknown signer, a bad signature,
    ///   a receipt signed by someone other than the receiver it names, or a bundle this case never exported.
    public static func run(_ store: CaseStore, path: String, signer: LedgerSigner, actor: Actor) throws -> Result {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExhibitError.badInput("\(path): no such receipt file, or it cannot be read")
        }
        let bytes = Array(data)
        // A DER receipt starts with a SEQUENCE; anything else (a README, a PEM file) is the wrong file, not a forgery.
        guard bytes.first == 0x30 else {
            throw ExhibitError.badInput("\(path) is not a receipt: a receipt is the DER file receipt.p7s a partner sends")
        }
        let partners = try Partners.all(store)
        var opened: Receipt?
        let (partner, certificate) = try Partners.verifySignature(bytes, among: partners, source: path) { trust in
            let (signer, receipt) = try Receipt.open(bytes, trust: trust, source: path)
            opened = receipt
            return signer
        }
        guard let receipt = opened else { throw ExhibitError.verificationFailed("\(path) holds no receipt") }
        guard receipt.receiver.fingerprint == certificate.fingerprint else {
            throw ExhibitError.verificationFailed(
                "\(path) names receiver \(receipt.receiver.name) but was signed by \(certificate.subject)")
        }
        let cosignature = try Witnessing.cosignature(
            receipt, partner: partner, certificate: certificate, store: store, source: path)
        return try store.write(signer: signer) { writer in
            let history = try CaseQueries.history(store, actions: [.receipt, .exported])
            if let earlier = ReceiptReplay.earlierImport(of: receipt, signer: certificate.fingerprint, in: history) {
                throw ExhibitError.badInput(
                    "\(path): the receipt of \(partner.id) for bundle \(receipt.bundleID ?? "?") was already recorded as ledger entry \(earlier); a receipt is imported once"
                )
            }
            let exported = history.first { item in
                guard let export = item.entry.details?.export else { return false }
                return export.bundleID == receipt.bundleID && export.bundleSHA256 == receipt.bundleSHA256
                    && export.partner == partner.id
            }
            guard let exported else {
                throw ExhibitError.verificationFailed(
                    "\(path) is for bundle \(receipt.bundleID ?? "?") (sha256 \(receipt.bundleSHA256.prefix(16))…), which this case never exported to \(partner.id)"
                )
            }
            let details = ReceiptDetails(
                bundleID: receipt.bundleID ?? "", bundleSHA256: receipt.bundleSHA256, receiver: partner.id,
                receiverFingerprint: certificate.fingerprint,
                accepted: receipt.accepted, receivedAt: receipt.receivedAt, receiptSHA256: Hex.encode(MessageDigest.sha256(bytes))
            )
            let entry = try writer.commitOne(
                LedgerEntry(
                    caseID: store.info.id, action: .receipt, actor: actor, exhibits: exported.entry.exhibits,
                    reason: receipt.accepted ? "bundle accepted by \(partner.name)" : "bundle REJECTED by \(partner.name)",
                    details: EntryDetails(receipt: details, cosignature: cosignature)))
            return Result(receipt: receipt, partner: partner.id, entry: entry.sequence)
        }
    }
}
