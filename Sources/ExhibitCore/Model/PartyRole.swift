/// Roles of a case's people.
public enum PartyRole: String, Sendable, CaseIterable, Codable {
    case child
    case parent
    case carer
    case allegedPerpetrator = "alleged-perpetrator"
    case witness
    case informant
    case professional
    case otherChild = "other-child"
    case other

    /// The pseudonym stem, e.g. `CHILD` for `[CHILD-1]`.
    public var pseudonymStem: String { rawValue.uppercased() }
}
