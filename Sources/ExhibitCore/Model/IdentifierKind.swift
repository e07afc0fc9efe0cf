/// Kinds of identifier the detectors find (raw values are the names used in policy files).
public enum IdentifierKind: String, Sendable, CaseIterable, Codable {
    case email
    case ukPhone = "uk-phone"
    case postcode
    case nhsNumber = "nhs-number"
    case niNumber = "ni-number"
    case bankAccount = "bank-account"  // sort code + account number (and labelled sort codes / account numbers)
    case paymentCard = "payment-card"
    case vehicleRegistration = "vehicle-registration"
    case dateOfBirth = "date-of-birth"
    case ipAddress = "ip-address"
    case streetAddress = "street-address"
}
