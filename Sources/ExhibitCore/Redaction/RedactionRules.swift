/// How a policy treats each finding in a run: the replacement text (or nil to keep it), the rule name it
/// is counted under, and consistent pseudonyms across every file of the run.
package final class RedactionRules: @unchecked Sendable {
    let policy: SharingPolicy
    let parties: [Party]
    private var pseudonyms: [String: [String: Int]] = [:]

    package init(policy: SharingPolicy, parties: [Party]) {
        self.policy = policy
        self.parties = parties
    }

    /// The detectors the policy needs: every identifier kind it does not keep, and the people whose details
    /// it does not keep.
    func detectors() -> [any TextDetector] {
        let kinds = Set(IdentifierKind.allCases.filter { policy.action(for: $0) != .keep })
        var patterns: [PartyMatcher.Pattern] = []
        for (index, party) in parties.enumerated() {
            let role = policy.action(for: party.role)
            func add(_ text: String?, _ field: PartyField) {
                guard let text, !text.isEmpty, action(role: role, field: field) != .keep else { return }
                patterns.append(PartyMatcher.Pattern(text: text, party: index, field: field))
            }
            add(party.name, .name)
            for alias in party.aliases { add(alias, .alias) }
            add(party.address, .address)
            if let firstLine = party.address?.split(separator: ",").first, firstLine.count < (party.address?.count ?? 0) {
                add(String(firstLine), .address)
            }
            add(party.phone, .phone)
            add(party.email, .email)
        }
        let births = Set(parties.compactMap(\.dob))
        var detectors = Detectors.make(kinds, knownBirthDates: births)
        if !patterns.isEmpty { detectors.append(PartyMatcher(patterns)) }
        return detectors
    }

    /// The action for a person's detail: names and aliases follow the role; contact details and addresses
    /// follow the stricter of the role and the matching identifier rule.
    private func action(role: TextAction, field: PartyField) -> TextAction {
        let identifier: IdentifierKind
        switch field {
        case .name, .alias: return role
        case .address: identifier = .streetAddress
        case .phone: identifier = .ukPhone
        case .email: identifier = .email
        }
        let other = policy.action(for: identifier)
        let strictness: [TextAction] = [.keep, .mask, .pseudonymise, .redact]
        return (strictness.firstIndex(of: other) ?? 3) > (strictness.firstIndex(of: role) ?? 3) ? other : role
    }

    /// What replaces a finding (nil: keep it) and the rule it counts under.
    func replacement(for finding: Finding, text: ArraySlice<UInt8>) -> (replacement: [UInt8]?, rule: String) {
        switch finding.kind {
        case .identifier(let kind):
            let action = policy.action(for: kind)
            return (
                replace(action, label: Self.labels[kind] ?? "REDACTED", key: "\(kind.rawValue):\(finding.key)", text: text),
                kind.rawValue
            )
        case .party(let index, let field):
            guard index < parties.count else { return (Array("[REDACTED]".utf8), "party") }
            let party = parties[index]
            let role = policy.action(for: party.role)
            let action = action(role: role, field: field)
            let rule = "party:\(party.role.rawValue)"
            switch field {
            case .name, .alias:
                switch action {
                case .keep: return (nil, rule)
                case .pseudonymise: return (Array(party.pseudonym.utf8), rule)
                case .mask, .redact: return (Array("[NAME]".utf8), rule)
                }
            // Contact details count under the identifier rule, whose label replaces them.
            case .address:
                return (
                    replace(action, label: "ADDRESS", key: "address:\(index)", text: text), IdentifierKind.streetAddress.rawValue
                )
            case .phone:
                return (
                    replace(action, label: "PHONE", key: "uk-phone:\(finding.key)", text: text), IdentifierKind.ukPhone.rawValue
                )
            case .email:
                return (replace(action, label: "EMAIL", key: "email:\(finding.key)", text: text), IdentifierKind.email.rawValue)
            }
        }
    }

    private func replace(_ action: TextAction, label: String, key: String, text: ArraySlice<UInt8>) -> [UInt8]? {
        switch action {
        case .keep: return nil
        case .redact: return Array("[\(label)]".utf8)
        case .pseudonymise:
            var numbers = pseudonyms[label, default: [:]]
            let number = numbers[key] ?? (numbers.count + 1)
            numbers[key] = number
            pseudonyms[label] = numbers
            return Array("[\(label)-\(number)]".utf8)
        case .mask: return Self.mask(text)
        }
    }

    /// Letters and digits replaced by `*` except the last four; separators kept.
    static func mask(_ text: ArraySlice<UInt8>) -> [UInt8] {
        let characters = Array(String(decoding: text, as: UTF8.self))
        let alphanumerics = characters.filter { $0.isLetter || $0.isNumber }.count
        var seen = 0
        let masked = characters.map { character -> Character in
            guard character.isLetter || character.isNumber else { return character }
            seen += 1
            return seen > alphanumerics - 4 ? character : "*"
        }
        return Array(String(masked).utf8)
    }

    static let labels: [IdentifierKind: String] = [
        .email: "EMAIL", .ukPhone: "PHONE", .postcode: "POSTCODE", .nhsNumber: "NHS-NUMBER", .niNumber: "NI-NUMBER",
        .bankAccount: "BANK-ACCOUNT", .paymentCard: "CARD-NUMBER", .vehicleRegistration: "VEHICLE-REG",
        .dateOfBirth: "DOB", .ipAddress: "IP-ADDRESS", .streetAddress: "ADDRESS",
    ]
}
