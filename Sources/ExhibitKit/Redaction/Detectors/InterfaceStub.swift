// TEMPORARY: the detector interface, until the detectors land from the `detectors` branch.

/// Kinds of identifier the detectors find (raw values are the names used in policy files).
public enum IdentifierKind: String, Sendable, CaseIterable, Codable {
    case email
    case ukPhone = "uk-phone"
    case postcode
    case nhsNumber = "nhs-number"
    case niNumber = "ni-number"
    case bankAccount = "bank-account"
    case paymentCard = "payment-card"
    case vehicleRegistration = "vehicle-registration"
    case dateOfBirth = "date-of-birth"
    case ipAddress = "ip-address"
    case streetAddress = "street-address"
}

/// A span of UTF-8 text found by a detector.
public struct Finding: Sendable, Equatable {
    public var range: Range<Int>
    public var kind: FindingKind
    public var key: String
    public init(range: Range<Int>, kind: FindingKind, key: String) {
        self.range = range
        self.kind = kind
        self.key = key
    }
}

public enum FindingKind: Sendable, Equatable, Hashable {
    case identifier(IdentifierKind)
    case party(index: Int, field: PartyField)
}

public enum PartyField: String, Sendable, Codable { case name, alias, address, phone, email }

public protocol TextDetector: Sendable {
    func scan(_ text: UnsafeBufferPointer<UInt8>, into findings: inout [Finding])
}

public enum Detectors {
    public static func make(_ kinds: Set<IdentifierKind>, knownBirthDates: Set<String>) -> [any TextDetector] { [] }
    public static func scan(_ text: UnsafeBufferPointer<UInt8>, detectors: [any TextDetector]) -> [Finding] {
        var findings: [Finding] = []
        for detector in detectors { detector.scan(text, into: &findings) }
        return findings.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}

public struct PartyMatcher: TextDetector {
    public struct Pattern: Sendable {
        public var text: String
        public var party: Int
        public var field: PartyField
        public init(text: String, party: Int, field: PartyField) {
            self.text = text
            self.party = party
            self.field = field
        }
    }
    public init(_ patterns: [Pattern]) {}
    public func scan(_ text: UnsafeBufferPointer<UInt8>, into findings: inout [Finding]) {}
}
