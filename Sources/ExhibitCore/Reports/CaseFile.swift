/// A value recorded in the ledger together with the entry that recorded it: every line of the case file
/// names the signed entry it rests on.
public struct Backed<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// The value.
    public var value: Value
    /// The ledger entry (sequence number) that recorded it.
    public var entry: Int

    /// Pairs a value with its entry.
    public init(_ value: Value, entry: Int) {
        self.value = value
        self.entry = entry
    }
}

/// The case file: what the ledger says about the case, folded from its entries in order. Pure: it is built
/// from entries alone (no database, no store), so the same ledger always gives the same case file, and a
/// partner holding the entries can build it too.
public struct CaseFile: Sendable {
    /// An exhibit with every field and the entry backing it.
    public struct Exhibit: Sendable, Equatable {
        public var ref: String
        public var description: Backed<String>
        public var category: String?
        public var seizedBy: String
        public var seizedFrom: String
        public var seizedAt: String?
        /// The registering (or receiving) entry, its time and actor.
        public var registered: Backed<String>
        public var registeredBy: Actor
        /// Where it was kept when registered.
        public var registrationLocation: String?
        /// The files with their hashes as registered.
        public var files: [FileRecord]
        /// Where it came from, for an exhibit received from a partner.
        public var receivedFrom: ReceivedFrom?
        /// Who holds it now, and where it is.
        public var custodian: Backed<String>
        public var location: Backed<String>?
        /// The seal it carries now (nil when unsealed or never sealed).
        public var seal: Backed<String>?
        /// `returned` or `destroyed`, with the entry.
        public var disposal: Backed<String>?
        /// Every entry about this exhibit, in ledger order (sequence numbers).
        public var history: [Int]
    }

    /// Material classified for the schedules, exhibit or not.
    public struct Classified: Sendable, Equatable {
        public var ref: String
        public var description: String
        public var isExhibit: Bool
        /// The current classification and its entry.
        public var current: Backed<String>
        public var use: MaterialUse
        public var sensitive: Bool
        /// The reason given with the current classification.
        public var reason: String?
        /// The stable item numbers on MG6C and MG6D: the order in which items first appeared on each.
        public var nonSensitiveNumber: Int?
        public var sensitiveNumber: Int?
    }

    /// The store's identifier.
    public var caseID: String = ""
    /// The case as opened.
    public var details: CaseDetails?
    /// Every entry, in order (entry `n` is at index `n - 1`).
    public private(set) var entries: [LedgerEntry] = []
    /// The hash of the last entry, when known (the head the report covers).
    public var head: String?
    /// The settings in force after the last entry.
    public private(set) var settings = StoreSettings()
    /// Exhibits in registration order.
    public private(set) var exhibits: [Exhibit] = []
    /// Classified material in the order it was first classified.
    public private(set) var classified: [Classified] = []
    /// Partner names by id.
    public private(set) var partners: [String: String] = [:]

    private var exhibitIndex: [String: Int] = [:]
    private var classifiedIndex: [String: Int] = [:]
    private var nextNonSensitive = 1
    private var nextSensitive = 1

    /// Folds entries (in ledger order) into the case file.
    /// - Parameters:
    ///   - entries: the ledger, from entry 1.
    ///   - head: the hash of the last entry, shown as what the report covers.
    public init(entries: [LedgerEntry], head: String? = nil) {
        self.head = head
        self.entries.reserveCapacity(entries.count)
        for entry in entries { fold(entry) }
    }

    /// The number of entries folded.
    public var size: Int { entries.count }

    /// The entry with sequence number `sequence`, when it exists.
    public func entry(_ sequence: Int) -> LedgerEntry? {
        sequence >= 1 && sequence <= entries.count ? entries[sequence - 1] : nil
    }

    /// The exhibit with reference `ref`.
    public func exhibit(_ ref: String) -> Exhibit? { exhibitIndex[ref].map { exhibits[$0] } }

    /// Adds one entry.
    private mutating func fold(_ entry: LedgerEntry) {
        entries.append(entry)
        if caseID.isEmpty { caseID = entry.caseID }
        let seq = entry.sequence
        let details = entry.details
        switch entry.action {
        case .opened:
            self.details = details?.caseRecord
        case .registered, .received:
            guard let registered = details?.exhibit, exhibitIndex[registered.ref] == nil else { break }
            exhibitIndex[registered.ref] = exhibits.count
            exhibits.append(
                Exhibit(
                    ref: registered.ref, description: Backed(registered.description, entry: seq), category: registered.category,
                    seizedBy: registered.seizedBy, seizedFrom: registered.seizedFrom, seizedAt: registered.seizedAt,
                    registered: Backed(entry.time, entry: seq), registeredBy: entry.actor, registrationLocation: entry.location,
                    files: registered.files, receivedFrom: details?.receivedFrom,
                    custodian: Backed(entry.actor.name, entry: seq), location: entry.location.map { Backed($0, entry: seq) },
                    seal: nil, disposal: nil, history: []))
        case .registeredFiles:
            // A large registration goes on in later entries of the same commit.
            guard let more = details?.exhibitFiles, let index = exhibitIndex[more.ref] else { break }
            exhibits[index].files += more.files
        case .transferred, .returned:
            guard let transfer = details?.transfer else { break }
            update(entry.exhibits) { exhibit in
                exhibit.custodian = Backed(transfer.to, entry: seq)
                if let location = entry.location { exhibit.location = Backed(location, entry: seq) }
                if entry.action == .returned { exhibit.disposal = Backed("returned to \(transfer.to)", entry: seq) }
            }
        case .sealed:
            guard let number = details?.seal?.number else { break }
            update(entry.exhibits) { $0.seal = Backed(number, entry: seq) }
        case .unsealed:
            update(entry.exhibits) { $0.seal = nil }
        case .destroyed:
            update(entry.exhibits) { $0.disposal = Backed("destroyed", entry: seq) }
        case .classified:
            if let classification = details?.classification { classify(classification, entry: entry) }
        case .partnerAdded:
            if let partner = details?.partner { partners[partner.id] = partner.name }
        case .setting:
            if let setting = details?.setting { settings.apply(name: setting.name, value: setting.value) }
        default:
            break
        }
        for ref in Set(entry.exhibits) { exhibitIndex[ref].map { exhibits[$0].history.append(seq) } }
    }

    private mutating func update(_ refs: [String], _ change: (inout Exhibit) -> Void) {
        for ref in refs {
            guard let index = exhibitIndex[ref] else { continue }
            change(&exhibits[index])
        }
    }

    private mutating func classify(_ classification: ClassificationDetails, entry: LedgerEntry) {
        let ref = classification.ref
        let label = classification.use == .used ? "used" : classification.sensitive ? "unused, sensitive" : "unused"
        var item: Classified
        if let index = classifiedIndex[ref] {
            item = classified[index]
        } else {
            let exhibit = exhibitIndex[ref].map { exhibits[$0] }
            item = Classified(
                ref: ref, description: exhibit?.description.value ?? classification.description ?? "", isExhibit: exhibit != nil,
                current: Backed(label, entry: entry.sequence), use: classification.use, sensitive: classification.sensitive,
                reason: nil, nonSensitiveNumber: nil, sensitiveNumber: nil)
            classifiedIndex[ref] = classified.count
            classified.append(item)
        }
        item.current = Backed(label, entry: entry.sequence)
        item.use = classification.use
        item.sensitive = classification.sensitive
        item.reason = entry.reason
        if classification.use == .unused {
            if classification.sensitive, item.sensitiveNumber == nil {
                item.sensitiveNumber = nextSensitive
                nextSensitive += 1
            } else if !classification.sensitive, item.nonSensitiveNumber == nil {
                item.nonSensitiveNumber = nextNonSensitive
                nextNonSensitive += 1
            }
        }
        if let index = classifiedIndex[ref] { classified[index] = item }
    }
}
