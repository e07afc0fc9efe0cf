/// `witnessed`: a partner's signed checkpoint, recorded by the receiver of a bundle that carried it (the
/// receiver witnesses the sender's ledger), and the base of the consistency checks of later bundles.
public struct WitnessDetails: Codable, Sendable, Equatable {
    /// The partner (sender) id.
    public var partner: String
    /// The bundle that carried it.
    public var bundleID: String
    /// The checkpoint: origin line, size, root (hex), time.
    public var origin: String
    public var size: Int
    public var root: String
    public var time: String
    /// The sender's detached CMS signature over the checkpoint body (base64 DER).
    public var signature: String
    /// The consistency proofs the bundle carried (`exhibit/consistency.json`) that verified to this checkpoint on
    /// receipt, each from an earlier size of the sender's ledger: what `partners check` decides split views with
    /// at sizes this store never witnessed. Absent in entries recorded before proofs were kept.
    public var proofs: [Proof]?

    /// An RFC 9162 consistency proof from the sender's ledger at `fromSize` entries (root `fromRoot`) to the
    /// checkpoint of the entry.
    public struct Proof: Codable, Sendable, Equatable {
        public var fromSize: Int
        /// Hex.
        public var fromRoot: String
        /// The proof's hashes, hex.
        public var proof: [String]

        /// Creates a proof.
        public init(fromSize: Int, fromRoot: String, proof: [String]) {
            self.fromSize = fromSize
            self.fromRoot = fromRoot
            self.proof = proof
        }
    }

    /// Creates the details.
    public init(
        partner: String, bundleID: String, origin: String, size: Int, root: String, time: String, signature: String,
        proofs: [Proof]? = nil
    ) {
        self.partner = partner
        self.bundleID = bundleID
        self.origin = origin
        self.size = size
        self.root = root
        self.time = time
        self.signature = signature
        self.proofs = proofs
    }
}

/// A partner's cosignature over one of this store's checkpoints, carried in its signed receipt and recorded
/// with the receipt (`receipt` entries): the partner's detached CMS signature over the checkpoint body.
public struct CosignatureDetails: Codable, Sendable, Equatable {
    /// The checkpoint cosigned: size, root (hex), time.
    public var size: Int
    public var root: String
    public var time: String
    /// Fingerprint of the partner certificate that cosigned.
    public var cosigner: String
    /// The cosignature (base64 DER).
    public var signature: String

    /// Creates the details.
    public init(size: Int, root: String, time: String, cosigner: String, signature: String) {
        self.size = size
        self.root = root
        self.time = time
        self.cosigner = cosigner
        self.signature = signature
    }
}
