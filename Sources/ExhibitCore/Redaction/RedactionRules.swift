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

    /// The detectors the policy needs: every identifier kind it does not keep, the people whose details it does not
    /// keep (every written form of their names: `NameForms`), and likely names of people nobody registered
    /// (`PersonNameDetector`). The names of people whose role is kept are matched too, and kept, so they are never
    /// taken for unregistered people.
    func detectors() -> [any TextDetector] {
        let kinds = Set(IdentifierKind.allCases.filter { policy.action(for: $0) != .keep })
        var patterns = namePatterns()
        for (index, party) in parties.enumerated() {
            let role = policy.action(for: party.role)
            func add(_ text: String?, _ field: PartyField) {
                guard let text, !text.isEmpty, action(role: role, field: field) != .keep else { return }
                patterns.append(PartyMatcher.Pattern(text: text, party: index, field: field))
            }
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
        detectors.append(PersonNameDetector())
        return detectors
    }

    /// Every form of every party's name, most specific tier first; within a tier the strictest role first, so a
    /// form two people share (a surname) is treated as the stricter of them wants.
    private func namePatterns() -> [PartyMatcher.Pattern] {
        let strictness: [TextAction: Int] = [.redact: 0, .pseudonymise: 1, .mask: 2, .keep: 3]
        var candidates: [(tier: Int, strictness: Int, party: Int, pattern: PartyMatcher.Pattern)] = []
        for (index, party) in parties.enumerated() {
            let rank = strictness[policy.action(for: party.role)] ?? 0
            let exact = Set([party.name] + party.aliases)
            for form in NameForms.forms(name: party.name, aliases: party.aliases) {
                let field: PartyField = form.text == party.name || !exact.contains(form.text) ? .name : .alias
                let pattern = PartyMatcher.Pattern(text: form.text, party: index, field: field, ambiguous: form.ambiguous)
                candidates.append((form.tier, rank, index, pattern))
            }
        }
        candidates.sort { ($0.tier, $0.strictness, $0.party) < ($1.tier, $1.strictness, $1.party) }
        return candidates.map(\.pattern)
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
        if finding.ambiguity == .kept { return (nil, "ambiguous-name") }
        switch finding.kind {
        case .person(professional: true):
            // A name after a rank or professional title is a professional's: the policy's rule for professionals.
            switch policy.action(for: .professional) {
            case .keep: return (nil, "professional")
            case .pseudonymise:
                return (replace(.pseudonymise, label: "PROFESSIONAL", key: finding.key, text: text), "professional")
            case .mask, .redact: return (Self.nameLabel, "professional")
            }
        case .person:
            switch policy.unregisteredPeople {
            case .redact: return (Self.nameLabel, "unregistered-person")
            case .pseudonymise:
                return (replace(.pseudonymise, label: "PERSON", key: finding.key, text: text), "unregistered-person")
            case .flag: return (nil, "unregistered-person")
            }
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
            let rule = Self.roleRules[party.role] ?? "party"
            switch field {
            case .name, .alias:
                switch action {
                case .keep: return (nil, rule)
                case .pseudonymise: return (Array(party.pseudonym.utf8), rule)
                case .mask, .redact: return (Self.nameLabel, rule)
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

    /// `[NAME]`, made once.
    static let nameLabel = Array("[NAME]".utf8)
    /// The rule each role's findings count under (`party:witness`), made once.
    static let roleRules = Dictionary(uniqueKeysWithValues: PartyRole.allCases.map { ($0, "party:\($0.rawValue)") })

    static let labels: [IdentifierKind: String] = [
        .email: "EMAIL", .ukPhone: "PHONE", .postcode: "POSTCODE", .nhsNumber: "NHS-NUMBER", .niNumber: "NI-NUMBER",
        .bankAccount: "BANK-ACCOUNT", .paymentCard: "CARD-NUMBER", .vehicleRegistration: "VEHICLE-REG",
        .dateOfBirth: "DOB", .ipAddress: "IP-ADDRESS", .streetAddress: "ADDRESS",
    ]
}
