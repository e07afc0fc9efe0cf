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
