/// A data-protection sharing policy: who shares with whom, why and under what basis, and exactly what may
/// travel — per exhibit category, per identifier, per person's role, for images and for file types
/// Exhibit cannot redact. Loaded from `Policies/*.yaml` by `PolicyLoader`.
public struct SharingPolicy: Sendable, Equatable {
    /// Stable identifier, e.g. `police-to-childrens-services`.
    public var id: String
    /// Version text, e.g. `1.0`.
    public var version: String
    /// Human title.
    public var title: String
    /// Sending and receiving agency types.
    public var from: AgencyType
    public var to: AgencyType
    /// Why the information is shared.
    public var purpose: String
    /// The lawful basis (e.g. UK GDPR / DPA 2018 articles and the statutory duty).
    public var lawfulBasis: String
    /// Government Security Classification marking, e.g. `OFFICIAL-SENSITIVE`.
    public var protectiveMarking: String
    /// How long the receiver may keep it.
    public var retention: String
    /// Conditions on onward sharing.
    public var onwardSharing: String
    /// Treatment per exhibit category.
    public var categories: [String: Treatment]
    /// Treatment of categories not listed (and exhibits without a category).
    public var defaultTreatment: Treatment
    /// The exhibit metadata fields that travel.
    public var metadata: [MetadataField]
    /// Action per identifier kind found in text.
    public var text: [IdentifierKind: TextAction]
    /// Action per role for the case's people (names, aliases, addresses, phones, e-mails).
    public var parties: [PartyRole: TextAction]
    /// Image rules.
    public var images: ImageRules
    /// How much of the custody ledger travels in a bundle: every entry about the shared exhibits in full,
    /// or only their hashes and inclusion proofs.
    public var custody: CustodyDetail
    /// Treatment of a file with no redactor when its category says `redact` (always `withhold`).
    public var unsupportedTypes: Treatment
    /// What happens to likely names of people nobody registered (`unregistered-people`; redact when absent).
    public var unregisteredPeople: UnregisteredPeopleAction = .redact
    /// SHA-256 of the policy file as loaded (recorded wherever it is applied).
    public var sha256: String
    /// The exact policy text.
    public var sourceText: String

    /// The treatment for an exhibit category.
    public func treatment(for category: String?) -> Treatment {
        category.flatMap { categories[$0] } ?? defaultTreatment
    }

    /// The action for an identifier kind (missing kinds are redacted: fail closed).
    public func action(for kind: IdentifierKind) -> TextAction { text[kind] ?? .redact }

    /// The action for a role (missing roles are redacted: fail closed).
    public func action(for role: PartyRole) -> TextAction { parties[role] ?? .redact }

    /// True when `field` may travel.
    public func allows(_ field: MetadataField) -> Bool { metadata.contains(field) }
}

/// Agency types a policy names as sender or receiver.
public enum AgencyType: String, Sendable, CaseIterable, Codable {
    case police
    case childrensServices = "childrens-services"
    case cps
    case health
    case education
    case family
    case hashDatabase = "hash-database"
}

/// Exhibit metadata fields a policy can let travel.
public enum MetadataField: String, Sendable, CaseIterable, Codable {
    case caseRef = "case-ref"
    case ref
    case category
    case description
    case seizedBy = "seized-by"
    case seizedFrom = "seized-from"
    case seizedAt = "seized-at"
    case custodian
    case fileNames = "file-names"
    case sha256
    case sha1
    case md5
    case size
    case mediaType = "media-type"
    case modified
}

/// Image rules of a policy.
public struct ImageRules: Sendable, Equatable {
    /// Remove EXIF (GPS, device, serial, thumbnail), XMP, IPTC, comments and PNG text/time chunks.
    public var stripMetadata: Bool
    /// Burn regions marked with `exhibit mark` into the pixels (solid fill).
    public var burnMarkedRegions: Bool
    /// What happens to text read from pictures (screenshots, photos, scanned and rendered pages).
    public var textInImages: ImageTextAction = .redact
    /// Words read with a lower confidence (0 to 100) get `belowConfidence`.
    public var minimumOCRConfidence: Int = 60
    /// What happens to a word read below `minimumOCRConfidence`.
    public var belowConfidence: LowConfidenceAction = .burn
}

/// What a policy does with text read from pictures.
public enum ImageTextAction: String, Sendable, CaseIterable, Codable {
    /// Read with OCR; every word the `text` and `parties` rules replace is burned.
    case redact
    /// Read with OCR; every word is burned.
    case burnAllText = "burn-all-text"
    /// Not read: only metadata and marked regions are removed.
    case keep
}

/// What happens to a word OCR reads with less than the policy's minimum confidence.
public enum LowConfidenceAction: String, Sendable, CaseIterable, Codable {
    /// The word is burned: a misread name or number is still removed.
    case burn
    /// The whole file is withheld.
    case withhold
}
