/// One of the case's people, as recorded for redaction.
public struct PartyDetails: Codable, Sendable, Equatable {
    /// Full name.
    public var name: String
    /// Role in the case.
    public var role: PartyRole
    /// Other names they are known by (nicknames, handles, short forms).
    public var aliases: [String]
    /// Date of birth, `yyyy-mm-dd`.
    public var dob: String?
    /// Postal address.
    public var address: String?
    /// Telephone number.
    public var phone: String?
    /// E-mail address.
    public var email: String?

    /// Creates party details.
    public init(name: String, role: PartyRole, aliases: [String], dob: String?, address: String?, phone: String?, email: String?)
    {
        self.name = name
        self.role = role
        self.aliases = aliases
        self.dob = dob
        self.address = address
        self.phone = phone
        self.email = email
    }
}

/// A rectangle of an image, in pixels from the top left.
public struct PixelRegion: Codable, Sendable, Equatable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    /// Creates a region.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Parses `X,Y,W,H`.
    /// - Parameter text: four non-negative integers separated by commas, with a positive width and height.
    /// - Returns: the region, or nil when the text is malformed.
    public static func parse(_ text: String) -> PixelRegion? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard parts.count == 4, let x = parts[0], let y = parts[1], let width = parts[2], let height = parts[3],
            x >= 0, y >= 0, width > 0, height > 0
        else { return nil }
        return PixelRegion(x: x, y: y, width: width, height: height)
    }

    public var description: String { "\(x),\(y),\(width),\(height)" }
}

/// A region of one image file of an exhibit to burn in.
public struct MarkDetails: Codable, Sendable, Equatable {
    /// The exhibit.
    public var ref: String
    /// The file's path within the exhibit.
    public var file: String
    /// The file's SHA-256.
    public var sha256: String
    /// The region.
    public var region: PixelRegion
    /// Why it must not be seen.
    public var reason: String

    /// Creates a mark.
    public init(ref: String, file: String, sha256: String, region: PixelRegion, reason: String) {
        self.ref = ref
        self.file = file
        self.sha256 = sha256
        self.region = region
        self.reason = reason
    }
}

/// The policy a redaction applied.
public struct PolicyReference: Codable, Sendable, Equatable {
    public var id: String
    public var version: String
    public var sha256: String

    /// Creates a reference.
    public init(id: String, version: String, sha256: String) {
        self.id = id
        self.version = version
        self.sha256 = sha256
    }
}

/// What one redaction run produced.
public struct RedactionDetails: Codable, Sendable, Equatable {
    /// The policy applied.
    public var policy: PolicyReference
    /// One item per source file.
    public var items: [RedactionItem]

    /// Creates redaction details.
    public init(policy: PolicyReference, items: [RedactionItem]) {
        self.policy = policy
        self.items = items
    }
}

/// What a policy did with one file of an exhibit.
public struct RedactionItem: Codable, Sendable, Equatable {
    /// The exhibit.
    public var ref: String
    /// The file's path within the exhibit.
    public var file: String
    /// SHA-256 of the source object.
    public var source: String
    /// The treatment applied (`share`, `redact`, `hash-only`, `withhold`).
    public var treatment: Treatment
    /// Size and hashes of the derived object (redacted copies only).
    public var derived: FileDigests?
    /// Rules that fired, with counts (e.g. `uk-phone`: 3, `party:witness`: 2, `exif`: 1).
    public var rules: [String: Int]
    /// Why the file was withheld, when it was.
    public var reason: String?

    /// Creates an item.
    public init(
        ref: String, file: String, source: String, treatment: Treatment, derived: FileDigests?, rules: [String: Int],
        reason: String?
    ) {
        self.ref = ref
        self.file = file
        self.source = source
        self.treatment = treatment
        self.derived = derived
        self.rules = rules
        self.reason = reason
    }
}

extension RedactionItem {
    /// The rule counts as stored in the database: `name=count` lines in name order.
    static func encodeRules(_ rules: [String: Int]) -> String {
        rules.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }
}
