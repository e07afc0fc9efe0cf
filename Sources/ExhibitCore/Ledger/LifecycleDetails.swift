/// How material is classified for the unused-material schedules (MG6C, MG6D).
public enum MaterialUse: String, Codable, Sendable, CaseIterable {
    /// Relied on by the prosecution (an exhibit of the case file).
    case used
    /// Not relied on: listed on a schedule of unused material.
    case unused
}

/// `classified`: material marked used or unused, and sensitive with a reason.
public struct ClassificationDetails: Codable, Sendable, Equatable {
    /// The exhibit reference, or the reference given to other material.
    public var ref: String
    /// Used or unused.
    public var use: MaterialUse
    /// True when the material is sensitive (listed on MG6D, never on MG6C).
    public var sensitive: Bool
    /// What the material is, for material that is not an exhibit of this store (given once, when first classified).
    public var description: String?

    /// Creates classification details.
    public init(ref: String, use: MaterialUse, sensitive: Bool, description: String?) {
        self.ref = ref
        self.use = use
        self.sensitive = sensitive
        self.description = description
    }
}

/// `sealed` and `unsealed`: the number of the seal put on or broken.
public struct SealDetails: Codable, Sendable, Equatable {
    /// The seal (evidence bag) number, e.g. `NP00412345`.
    public var number: String

    /// Creates seal details.
    public init(number: String) { self.number = number }
}

/// `destroyed`: who authorised the destruction and which objects were erased.
public struct DestructionDetails: Codable, Sendable, Equatable {
    /// Who authorised it, e.g. `DI 301 Sam Hart` or a court order.
    public var authority: String
    /// SHA-256 of the objects erased from the store (no other exhibit held them).
    public var erased: [String]
    /// SHA-256 of the exhibit's objects kept because another exhibit still holds them.
    public var retained: [String]

    /// Creates destruction details.
    public init(authority: String, erased: [String], retained: [String]) {
        self.authority = authority
        self.erased = erased
        self.retained = retained
    }
}

/// The procedural milestones of joint working that `exhibit event` records.
public enum MilestoneKind: String, Codable, Sendable, CaseIterable {
    /// Children's social care received a referral.
    case referralReceived = "referral-received"
    /// A strategy discussion was held.
    case strategyDiscussion = "strategy-discussion"
    /// The police were told of the concern.
    case policeNotified = "police-notified"
    /// Children's social care were told of the concern by the police.
    case cscNotified = "csc-notified"
    /// Children's social care decided what to do about the referral.
    case decision
    /// An initial child protection conference was held.
    case icpc
    /// The assessment was completed.
    case assessmentCompleted = "assessment-completed"
}

/// `milestone`: when a procedural milestone happened (which may be before it was recorded).
public struct MilestoneDetails: Codable, Sendable, Equatable {
    /// Which milestone.
    public var kind: MilestoneKind
    /// When it happened (RFC 3339 UTC, milliseconds).
    public var at: String

    /// Creates milestone details.
    public init(kind: MilestoneKind, at: String) {
        self.kind = kind
        self.at = at
    }
}

/// `setting`: a store setting and its new value.
public struct SettingDetails: Codable, Sendable, Equatable {
    /// The setting's name, e.g. `record-consultation`.
    public var name: String
    /// Its new value, e.g. `on`.
    public var value: String

    /// Creates setting details.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// `consulted`: which reading command consulted the case.
public struct ConsultationDetails: Codable, Sendable, Equatable {
    /// The command as run, e.g. `show`, `report continuity`, `redact --preview`.
    public var command: String

    /// Creates consultation details.
    public init(command: String) { self.command = command }
}
