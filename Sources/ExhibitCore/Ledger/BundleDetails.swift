/// A partner agency as registered: its certificate, and optionally the CA and CRL its certificates are
/// checked against.
public struct PartnerDetails: Codable, Sendable, Equatable {
    /// Short identifier used on the command line, e.g. `leeds-csc`.
    public var id: String
    /// The agency's name.
    public var name: String
    /// Its certificate (PEM).
    public var certificate: String
    /// SHA-256 fingerprint of the certificate.
    public var fingerprint: String
    /// CA certificates (PEM) its certificates must chain to, when configured.
    public var ca: String?
    /// Certificate revocation lists (PEM), when configured.
    public var crl: String?

    /// Creates partner details.
    public init(id: String, name: String, certificate: String, fingerprint: String, ca: String?, crl: String?) {
        self.id = id
        self.name = name
        self.certificate = certificate
        self.fingerprint = fingerprint
        self.ca = ca
        self.crl = crl
    }
}

/// A bundle that left for a partner.
public struct ExportDetails: Codable, Sendable, Equatable {
    public var bundleID: String
    public var partner: String
    public var partnerFingerprint: String
    public var policy: PolicyReference
    public var purpose: String
    /// SHA-256 of the bundle file.
    public var bundleSHA256: String
    public var bytes: Int64
    /// Files shared (content travelled) and items in all.
    public var shared: Int
    public var items: Int

    /// Creates export details.
    public init(
        bundleID: String, partner: String, partnerFingerprint: String, policy: PolicyReference, purpose: String,
        bundleSHA256: String, bytes: Int64, shared: Int, items: Int
    ) {
        self.bundleID = bundleID
        self.partner = partner
        self.partnerFingerprint = partnerFingerprint
        self.policy = policy
        self.purpose = purpose
        self.bundleSHA256 = bundleSHA256
        self.bytes = bytes
        self.shared = shared
        self.items = items
    }
}

/// Where a received exhibit came from.
public struct ReceivedFrom: Codable, Sendable, Equatable {
    public var bundleID: String
    public var bundleSHA256: String
    public var sender: String
    public var senderFingerprint: String
    /// The sender's own reference for the exhibit.
    public var senderRef: String
    public var policy: PolicyReference

    /// Creates the origin record.
    public init(
        bundleID: String, bundleSHA256: String, sender: String, senderFingerprint: String, senderRef: String,
        policy: PolicyReference
    ) {
        self.bundleID = bundleID
        self.bundleSHA256 = bundleSHA256
        self.sender = sender
        self.senderFingerprint = senderFingerprint
        self.senderRef = senderRef
        self.policy = policy
    }
}

/// A partner's signed receipt for a bundle.
public struct ReceiptDetails: Codable, Sendable, Equatable {
    public var bundleID: String
    public var bundleSHA256: String
    public var receiver: String
    public var receiverFingerprint: String
    /// True when the receiver's checks all passed.
    public var accepted: Bool
    public var receivedAt: String
    /// SHA-256 of the signed receipt file.
    public var receiptSHA256: String

    /// Creates receipt details.
    public init(
        bundleID: String, bundleSHA256: String, receiver: String, receiverFingerprint: String, accepted: Bool, receivedAt: String,
        receiptSHA256: String
    ) {
        self.bundleID = bundleID
        self.bundleSHA256 = bundleSHA256
        self.receiver = receiver
        self.receiverFingerprint = receiverFingerprint
        self.accepted = accepted
        self.receivedAt = receivedAt
        self.receiptSHA256 = receiptSHA256
    }
}
