/// One of the case's people as redaction sees them: what was recorded, their place in the order of
/// recording, and the pseudonym a policy that pseudonymises their role gives them.
public struct Party: Sendable, Codable, Equatable {
    /// Position in the order parties were recorded, from 1.
    public var position: Int
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
    /// e.g. `[CHILD-1]`: numbered by role in the order parties were recorded.
    public var pseudonym: String

    /// The parties recorded, in order, each given its pseudonym: `[ROLE-n]`, numbered within its role.
    /// - Parameter recorded: the parties' details in the order they were recorded.
    /// - Returns: one party per record, positions from 1.
    public static func numbered(_ recorded: [PartyDetails]) -> [Party] {
        var counts: [PartyRole: Int] = [:]
        return recorded.enumerated().map { index, details in
            counts[details.role, default: 0] += 1
            return Party(
                position: index + 1, name: details.name, role: details.role, aliases: details.aliases, dob: details.dob,
                address: details.address, phone: details.phone, email: details.email,
                pseudonym: "[\(details.role.pseudonymStem)-\(counts[details.role] ?? 1)]")
        }
    }
}
