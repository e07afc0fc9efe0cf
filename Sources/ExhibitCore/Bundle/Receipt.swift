import Foundation

/// A signed receipt for a bundle (CMS SignedData carrying this JSON): which bundle, its hash, every check's
/// verdict, when and by whom it was received.
public struct Receipt: Sendable, Codable, Equatable {
    public var bundleID: String?
    public var bundleSHA256: String
    public var receivedAt: String
    public var receiver: BundleManifest.Agency
    public var sender: BundleManifest.Agency?
    public var accepted: Bool
    public var checks: [BundleVerdict.Check]
    /// The receiver's cosignature over the checkpoint of the sender's ledger that the bundle carried (absent in
    /// receipts of rejected bundles and of earlier releases).
    public var cosignature: Cosignature?

    /// A detached CMS signature by the receiver's agency key over exactly the checkpoint body the sender signed.
    public struct Cosignature: Sendable, Codable, Equatable {
        /// The checkpoint body (C2SP tlog-checkpoint text, as in `exhibit/custody.jsonl`).
        public var checkpoint: String
        /// The receiver's signature over its UTF-8 bytes (base64 DER).
        public var signature: String
        /// An RFC 3161 token (base64 DER `TimeStampResp`) over the DER bytes of `signature`, when the receiver's
        /// store names a time-stamp authority that answered; with the authority's certificate (PEM).
        public var timestamp: String?
        public var timestampAuthority: String?

        /// Creates a cosignature.
        public init(checkpoint: String, signature: String) {
            self.checkpoint = checkpoint
            self.signature = signature
        }
    }

    /// Creates a receipt.
    public init(
        bundleID: String?, bundleSHA256: String, receivedAt: String, receiver: BundleManifest.Agency,
        sender: BundleManifest.Agency?, accepted: Bool, checks: [BundleVerdict.Check]
    ) {
        self.bundleID = bundleID
        self.bundleSHA256 = bundleSHA256
        self.receivedAt = receivedAt
        self.receiver = receiver
        self.sender = sender
        self.accepted = accepted
        self.checks = checks
    }

    /// The receipt signed with `signer` (content attached), DER.
    package func signed(by signer: LedgerSigner) throws -> [UInt8] {
        try CMSSignature.sign(
            .bytes(try JSONOutput.pretty(self)), key: signer.key, certificate: signer.certificate, detached: false)
    }

    /// Verifies a signed receipt's signature under `trust` and reads it.
    /// - Returns: the signer's certificate and the receipt.
    /// - Throws: `ExhibitError.verificationFailed` for a bad signature or a signed document that is not a receipt.
    package static func open(_ bytes: [UInt8], trust: TrustPolicy, source: String) throws -> (Certificate, Receipt) {
        let (signer, content) = try CMSSignature.verifyAttached(bytes, trust: trust, source: source)
        do {
            return (signer, try JSONDecoder().decode(Receipt.self, from: Data(content)))
        } catch {
            throw ExhibitError.verificationFailed("\(source) is signed but is not an Exhibit receipt")
        }
    }
}
