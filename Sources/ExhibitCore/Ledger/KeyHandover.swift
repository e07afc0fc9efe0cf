import Foundation

/// The statement by which an agency hands its case over from one signing certificate to the next (`keys rotate`).
///
/// It is signed twice: by the outgoing key as CMS SignedData carrying this JSON (the handover file a partner
/// imports with `partners update ID --handover FILE`, and `openssl cms -verify -inform DER -in FILE -CAfile OLD.crt`
/// prints), and by the incoming key as a detached CMS signature over the same bytes (proof that the new key's holder
/// took the case over). The `key-rotated` ledger entry records both; the checkpoint of that entry is still signed
/// by the outgoing key, every later checkpoint by the incoming one.
public struct KeyHandover: Sendable, Codable, Equatable {
    /// Always `exhibit.key-handover/v1`.
    public var format: String
    /// The ledger handed over: `exhibit.case/<case id>`, the origin line of its checkpoints.
    public var origin: String
    /// The agency.
    public var agency: String
    /// SHA-256 fingerprints of the outgoing and the incoming certificate.
    public var from: String
    public var to: String
    /// The incoming certificate (PEM).
    public var certificate: String
    /// The number of the `key-rotated` entry: checkpoints of more entries are signed by the incoming key.
    public var entry: Int
    /// When the handover was signed (RFC 3339 UTC).
    public var time: String

    /// The format identifier.
    public static let formatName = "exhibit.key-handover/v1"

    /// Creates a statement.
    public init(origin: String, agency: String, from: String, to: Certificate, entry: Int, time: String) {
        format = Self.formatName
        self.origin = origin
        self.agency = agency
        self.from = from
        self.to = to.fingerprint
        certificate = to.pem
        self.entry = entry
        self.time = time
    }

    /// The signed handover (outgoing key, content attached) and the acceptance (incoming key, detached over the same
    /// bytes), DER.
    package func signed(outgoing: LedgerSigner, incoming: LedgerSigner) throws -> (handover: [UInt8], acceptance: [UInt8]) {
        let statement = try JSONOutput.pretty(self)
        let handover = try CMSSignature.sign(
            .bytes(statement), key: outgoing.key, certificate: outgoing.certificate, detached: false)
        return (handover, try incoming.sign(statement))
    }

    /// Opens a signed handover: its signature must be by `outgoing` (pinned, or under `trust` when given), it must
    /// be a handover from that certificate, and it must name an incoming certificate that is really the one it
    /// carries.
    /// - Parameters:
    ///   - bytes: the CMS SignedData (DER).
    ///   - outgoing: the certificate that must have signed it.
    ///   - trust: what the signer must chain to (default: `outgoing` pinned, judged at `time`).
    ///   - time: when the outgoing certificate must have been valid (`nil`: now).
    ///   - source: the handover's name, for messages.
    /// - Returns: the statement, its exact signed bytes and the incoming certificate.
    /// - Throws: `ExhibitError.verificationFailed` naming what is wrong.
    public static func open(
        _ bytes: [UInt8], outgoing: Certificate, trust: TrustPolicy? = nil, time: Date? = nil, source: String
    ) throws -> (
        handover: KeyHandover, statement: [UInt8], incoming: Certificate
    ) {
        let (signer, statement) = try CMSSignature.verifyAttached(
            bytes, trust: trust ?? TrustPolicy(pinned: [outgoing], time: time), source: source)
        guard signer.fingerprint == outgoing.fingerprint else {
            throw ExhibitError.verificationFailed(
                "\(source) is signed by \(signer.subject) (\(Certificate.display(fingerprint: signer.fingerprint).prefix(23))…), not by the certificate it hands over from"
            )
        }
        guard let handover = try? JSONDecoder().decode(KeyHandover.self, from: Data(statement)),
            handover.format == formatName
        else { throw ExhibitError.verificationFailed("\(source) is signed but is not an Exhibit key handover") }
        guard handover.from == outgoing.fingerprint else {
            throw ExhibitError.verificationFailed(
                "\(source) hands over from \(Certificate.display(fingerprint: handover.from).prefix(23))…, not from the certificate that signed it"
            )
        }
        let incoming = try Certificate(bytes: Array(handover.certificate.utf8), source: "\(source) (incoming certificate)")
        guard incoming.fingerprint == handover.to, handover.to != handover.from else {
            throw ExhibitError.verificationFailed("\(source) names an incoming certificate it does not carry")
        }
        guard Timestamp.parse(handover.time) != nil, handover.entry > 1 else {
            throw ExhibitError.verificationFailed("\(source) has a malformed time or entry number")
        }
        return (handover, statement, incoming)
    }

    /// Checks the incoming key's acceptance: a detached signature over `statement` by `incoming`.
    /// - Throws: `ExhibitError.verificationFailed` when it is not.
    public static func checkAcceptance(
        _ acceptance: [UInt8], statement: [UInt8], incoming: Certificate, time: Date? = nil, source: String
    ) throws {
        let signer = try CMSSignature.verify(
            acceptance, content: .bytes(statement), trust: TrustPolicy(pinned: [incoming], time: time), source: source)
        guard signer.fingerprint == incoming.fingerprint else {
            throw ExhibitError.verificationFailed("\(source) is not signed by the incoming certificate")
        }
    }
}

/// `key-rotated`: the case handed over to a new signing certificate.
public struct KeyRotationDetails: Codable, Sendable, Equatable {
    /// SHA-256 fingerprints of the outgoing and incoming certificates.
    public var previous: String
    public var fingerprint: String
    /// The incoming certificate (PEM), as the handover carries it.
    public var certificate: String
    /// The handover signed by the outgoing key (base64 DER CMS SignedData carrying the `KeyHandover` JSON).
    public var handover: String
    /// The incoming key's detached signature over the same JSON (base64 DER).
    public var acceptance: String

    /// Creates the details.
    public init(previous: String, fingerprint: String, certificate: String, handover: String, acceptance: String) {
        self.previous = previous
        self.fingerprint = fingerprint
        self.certificate = certificate
        self.handover = handover
        self.acceptance = acceptance
    }

    /// Checks the handover this entry records against the certificate in force before it (`outgoing`): signed by
    /// it, for this ledger and entry, accepted by the incoming key.
    /// - Parameters:
    ///   - outgoing: the certificate that signed the ledger until this entry.
    ///   - origin: the ledger's origin line.
    ///   - sequence: the entry's number.
    ///   - time: the entry's time, at which both certificates must have been valid.
    /// - Returns: the incoming certificate.
    /// - Throws: `ExhibitError.verificationFailed` naming the problem.
    public func verify(outgoing: Certificate, origin: String, sequence: Int, time: Date?) throws -> Certificate {
        let label = "ledger entry \(sequence) (key-rotated)"
        guard let signed = Data(base64Encoded: handover), let accepted = Data(base64Encoded: acceptance) else {
            throw ExhibitError.verificationFailed("\(label): its handover or acceptance is not base64")
        }
        let opened = try KeyHandover.open(Array(signed), outgoing: outgoing, time: time, source: "\(label): the handover")
        guard opened.handover.origin == origin, opened.handover.entry == sequence else {
            throw ExhibitError.verificationFailed(
                "\(label): the handover is for \(opened.handover.origin) entry \(opened.handover.entry), not this ledger's entry \(sequence)"
            )
        }
        guard previous == outgoing.fingerprint, fingerprint == opened.incoming.fingerprint,
            certificate == opened.handover.certificate
        else { throw ExhibitError.verificationFailed("\(label): its fields differ from the signed handover") }
        try KeyHandover.checkAcceptance(
            Array(accepted), statement: opened.statement, incoming: opened.incoming, time: time,
            source: "\(label): the acceptance")
        return opened.incoming
    }
}
