/// The action-specific part of a ledger entry. Each action fills the members it needs; the rest are
/// absent from the encoding.
public struct EntryDetails: Codable, Sendable, Equatable {
    /// `opened`: the case as created.
    public var caseRecord: CaseDetails?
    /// `registered`: the exhibit as registered.
    public var exhibit: ExhibitDetails?
    /// `transferred`: who had it and who has it now.
    public var transfer: TransferDetails?
    /// `verified`: the outcome of a verification run.
    public var verification: VerificationDetails?
    /// `party-added`: one of the case's people.
    public var party: PartyDetails?
    /// `marked`: a region of an image to burn in.
    public var mark: MarkDetails?
    /// `redacted`: what a policy produced from which sources.
    public var redaction: RedactionDetails?
    /// `partner-added`: the partner agency.
    public var partner: PartnerDetails?
    /// `exported`: the bundle.
    public var export: ExportDetails?
    /// `received`: where the exhibit came from (with `exhibit` for its content).
    public var receivedFrom: ReceivedFrom?
    /// `receipt`: the partner's receipt.
    public var receipt: ReceiptDetails?
    /// `registered-files`: further files of an exhibit registered in the entries just before.
    public var exhibitFiles: ExhibitFilesDetails?
    /// Other actions: named string values (`partner-removed`: id).
    public var fields: [String: String]?
    /// `classified`: used / unused, sensitive.
    public var classification: ClassificationDetails?
    /// `sealed`, `unsealed`: the seal number.
    public var seal: SealDetails?
    /// `destroyed`: the authority and the objects erased.
    public var destruction: DestructionDetails?
    /// `milestone`: which milestone and when.
    public var milestone: MilestoneDetails?
    /// `setting`: the setting changed.
    public var setting: SettingDetails?
    /// `consulted`: the reading command.
    public var consultation: ConsultationDetails?
    /// `extracted`: where the copies went and how many.
    public var extraction: ExtractionDetails?
    /// `hash-list-imported`: the list (name, counts, file digest).
    public var hashList: HashListDetails?
    /// `hash-matched`: files found on a hash list.
    public var hashMatches: [HashMatchRecord]?
    /// `witnessed`: a partner's checkpoint witnessed on receipt.
    public var witness: WitnessDetails?
    /// `receipt`: the partner's cosignature over this store's checkpoint, when its receipt carried one.
    public var cosignature: CosignatureDetails?
    /// `key-rotated`: the signed handover to the new certificate.
    public var keyRotation: KeyRotationDetails?
    /// `timestamp-authority`: the time-stamp authority the store now uses.
    public var timestampAuthority: TimestampAuthorityDetails?

    /// An empty set of details.
    public init(
        caseRecord: CaseDetails? = nil, exhibit: ExhibitDetails? = nil, transfer: TransferDetails? = nil,
        verification: VerificationDetails? = nil, party: PartyDetails? = nil, mark: MarkDetails? = nil,
        redaction: RedactionDetails? = nil, partner: PartnerDetails? = nil, export: ExportDetails? = nil,
        receivedFrom: ReceivedFrom? = nil, receipt: ReceiptDetails? = nil, exhibitFiles: ExhibitFilesDetails? = nil,
        fields: [String: String]? = nil,
        classification: ClassificationDetails? = nil, seal: SealDetails? = nil, destruction: DestructionDetails? = nil,
        milestone: MilestoneDetails? = nil, setting: SettingDetails? = nil, consultation: ConsultationDetails? = nil,
        extraction: ExtractionDetails? = nil,
        hashList: HashListDetails? = nil, hashMatches: [HashMatchRecord]? = nil, witness: WitnessDetails? = nil,
        cosignature: CosignatureDetails? = nil, keyRotation: KeyRotationDetails? = nil,
        timestampAuthority: TimestampAuthorityDetails? = nil
    ) {
        self.caseRecord = caseRecord
        self.exhibit = exhibit
        self.transfer = transfer
        self.verification = verification
        self.party = party
        self.mark = mark
        self.redaction = redaction
        self.partner = partner
        self.export = export
        self.receivedFrom = receivedFrom
        self.receipt = receipt
        self.exhibitFiles = exhibitFiles
        self.fields = fields
        self.classification = classification
        self.seal = seal
        self.destruction = destruction
        self.milestone = milestone
        self.setting = setting
        self.consultation = consultation
        self.extraction = extraction
        self.hashList = hashList
        self.hashMatches = hashMatches
        self.witness = witness
        self.cosignature = cosignature
        self.keyRotation = keyRotation
        self.timestampAuthority = timestampAuthority
    }

    enum CodingKeys: String, CodingKey {
        case caseRecord = "case"
        case exhibit, transfer, verification, party, mark, redaction, partner, export, receivedFrom, receipt, exhibitFiles, fields
        case classification, seal, destruction, milestone, setting, consultation, extraction
        case hashList, hashMatches, witness, cosignature, keyRotation
        case timestampAuthority
    }
}

/// The case as recorded when the store was opened.
public struct CaseDetails: Codable, Sendable, Equatable {
    /// Crime reference number, e.g. `CRN 13/123456/26`.
    public var caseRef: String
    /// Incident number, when there is one.
    public var incident: String?
    /// Operation name, when there is one.
    public var operation: String?
    /// The owning agency.
    public var agency: String
    /// The officer in the case.
    public var oic: String
    /// SHA-256 fingerprint of the agency certificate that signs this ledger.
    public var certificate: String

    /// Creates case details.
    public init(caseRef: String, incident: String?, operation: String?, agency: String, oic: String, certificate: String) {
        self.caseRef = caseRef
        self.incident = incident
        self.operation = operation
        self.agency = agency
        self.oic = oic
        self.certificate = certificate
    }
}

/// An exhibit as registered.
public struct ExhibitDetails: Codable, Sendable, Equatable {
    /// The exhibit reference, e.g. `JD/1`.
    public var ref: String
    /// What it is.
    public var description: String
    /// The exhibit category (e.g. `screenshot`, `photo`, `chat-export`, `document`, `indecent-image`).
    public var category: String?
    /// Who seized it.
    public var seizedBy: String
    /// From whom or where.
    public var seizedFrom: String
    /// When (RFC 3339 UTC), when known.
    public var seizedAt: String?
    /// A note made at registration.
    public var note: String?
    /// The files it holds, in registration order.
    public var files: [FileRecord]
    /// Paths offered but not taken in (symbolic links, devices, …), with the reason.
    public var refused: [RefusedPath]
    /// How many files the exhibit holds in all, when its registration goes on in `registered-files` entries
    /// (an exhibit too large for one entry); absent when `files` lists them all.
    public var fileCount: Int?

    /// Creates exhibit details.
    public init(
        ref: String, description: String, category: String?, seizedBy: String, seizedFrom: String, seizedAt: String?,
        note: String?, files: [FileRecord], refused: [RefusedPath], fileCount: Int? = nil
    ) {
        self.ref = ref
        self.description = description
        self.category = category
        self.seizedBy = seizedBy
        self.seizedFrom = seizedFrom
        self.seizedAt = seizedAt
        self.note = note
        self.files = files
        self.refused = refused
        self.fileCount = fileCount
    }
}

/// One file of an exhibit.
public struct FileRecord: Codable, Sendable, Equatable {
    /// The original file name.
    public var name: String
    /// Path relative to the folder it was added from (the name itself for a file given directly).
    public var path: String
    /// Where it was read from, as given on the command line.
    public var source: String
    /// Size, SHA-256, SHA-1 and MD5.
    public var size: Int64
    public var sha256: String
    public var sha1: String
    public var md5: String
    /// Modification time of the original (RFC 3339 UTC).
    public var modified: String
    /// Guessed media type, e.g. `image/png`.
    public var mime: String
    /// Exhibits already holding the same content (a second registration; the object is stored once).
    public var alsoIn: [String]?
    /// The archive this file was extracted from (`add --expand`).
    public var extractedFrom: ArchiveOrigin?

    /// Creates a file record.
    public init(
        name: String, path: String, source: String, digests: FileDigests, modified: String, mime: String, alsoIn: [String]?,
        extractedFrom: ArchiveOrigin? = nil
    ) {
        self.name = name
        self.path = path
        self.source = source
        self.size = digests.size
        self.sha256 = digests.sha256
        self.sha1 = digests.sha1
        self.md5 = digests.md5
        self.modified = modified
        self.mime = mime
        self.alsoIn = alsoIn
        self.extractedFrom = extractedFrom
    }

    /// The size and hashes.
    public var digests: FileDigests { FileDigests(size: size, sha256: sha256, sha1: sha1, md5: md5) }
}

/// A change of custody.
public struct TransferDetails: Codable, Sendable, Equatable {
    /// The custodian before.
    public var from: String
    /// The custodian now.
    public var to: String

    /// Creates transfer details.
    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}

/// The result of a recorded verification.
public struct VerificationDetails: Codable, Sendable, Equatable {
    /// True when every check passed.
    public var passed: Bool
    /// Entries and objects checked.
    public var entries: Int
    public var objects: Int
    /// Problems found (empty when passed).
    public var problems: [String]

    /// Creates verification details.
    public init(passed: Bool, entries: Int, objects: Int, problems: [String]) {
        self.passed = passed
        self.entries = entries
        self.objects = objects
        self.problems = problems
    }
}

/// Further files of an exhibit whose registration is too large for one entry (`registered-files`): recorded in
/// the same commit as the `registered` entry, right after it, in order, until the exhibit holds `fileCount` files.
public struct ExhibitFilesDetails: Codable, Sendable, Equatable {
    /// The exhibit.
    public var ref: String
    /// The position (from 0) of the first file listed here.
    public var first: Int
    /// The files, in registration order.
    public var files: [FileRecord]
    /// Paths refused, when the registration refused more than its first entry lists.
    public var refused: [RefusedPath]

    /// Creates the details.
    public init(ref: String, first: Int, files: [FileRecord], refused: [RefusedPath]) {
        self.ref = ref
        self.first = first
        self.files = files
        self.refused = refused
    }
}
