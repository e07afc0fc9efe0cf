import ExhibitCore

/// The case a store belongs to, as shown to users.
public struct CaseInfo: Sendable, Codable, Equatable {
    /// The store's identifier (a UUID), also the ledger's origin.
    public var id: String
    /// Crime reference number.
    public var caseRef: String
    /// Incident number.
    public var incident: String?
    /// Operation name.
    public var operation: String?
    /// Owning agency.
    public var agency: String
    /// Officer in the case.
    public var oic: String
    /// The agency private key used to sign checkpoints.
    public var keyPath: String
    /// SHA-256 fingerprint of the agency certificate.
    public var certificateFingerprint: String
    /// When the store was created.
    public var createdAt: String

    init(_ record: CaseInfoRecord) {
        id = record.id
        caseRef = record.caseRef
        incident = record.incident
        operation = record.operation
        agency = record.agency
        oic = record.oic
        keyPath = record.keyPath
        certificateFingerprint = record.certificateFingerprint
        createdAt = record.createdAt
    }
}
