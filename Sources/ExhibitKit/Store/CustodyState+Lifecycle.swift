import ExhibitCore

extension CustodyState {
    /// Applies the entries of the exhibit lifecycle and the case file: classification, seals, return,
    /// destruction, milestones, settings and consultations.
    /// - Throws: `ExhibitError.verificationFailed` when the entry lacks its details or names an exhibit that
    ///   was never registered (or was already destroyed).
    mutating func applyLifecycle(_ entry: LedgerEntry, label: String) throws {
        switch entry.action {
        case .classified:
            guard let classification = entry.details?.classification, entry.exhibits == [classification.ref] else {
                throw ExhibitError.verificationFailed("\(label) has no classification details for the material it names")
            }
            if exhibits[classification.ref] == nil, materials[classification.ref] == nil {
                guard let description = classification.description else {
                    throw ExhibitError.verificationFailed(
                        "\(label) classifies \(classification.ref), which is neither an exhibit nor described")
                }
                materials[classification.ref] = MaterialRow(
                    ref: classification.ref, description: description, seq: entry.sequence)
            }
        case .sealed, .unsealed:
            guard entry.details?.seal != nil else { throw ExhibitError.verificationFailed("\(label) has no seal number") }
            try requireExhibits(entry, label, alive: true)
        case .returned:
            guard let transfer = entry.details?.transfer else {
                throw ExhibitError.verificationFailed("\(label) does not say to whom the exhibit was returned")
            }
            try requireExhibits(entry, label, alive: true)
            for ref in entry.exhibits {
                exhibits[ref]?.custodian = transfer.to
                if let location = entry.location { exhibits[ref]?.location = location }
            }
        case .destroyed:
            guard let destruction = entry.details?.destruction, entry.exhibits.count == 1, let ref = entry.exhibits.first else {
                throw ExhibitError.verificationFailed("\(label) has no destruction details for one exhibit")
            }
            try requireExhibits(entry, label, alive: true)
            for hash in destruction.erased {
                guard objects[hash] != nil else {
                    throw ExhibitError.verificationFailed("\(label) erases object \(hash), which was never stored")
                }
                destroyedObjects[hash] = DestroyedObjectRow(sha256: hash, seq: entry.sequence)
            }
            destroyedExhibits[ref] = DestroyedExhibitRow(ref: ref, seq: entry.sequence)
        case .milestone:
            guard entry.details?.milestone != nil else {
                throw ExhibitError.verificationFailed("\(label) has no milestone details")
            }
        case .setting:
            guard let setting = entry.details?.setting else {
                throw ExhibitError.verificationFailed("\(label) has no setting details")
            }
            settings[setting.name] = SettingRow(name: setting.name, value: setting.value, seq: entry.sequence)
        case .consulted:
            try requireExhibits(entry, label, alive: false)
        default:
            throw ExhibitError.verificationFailed("\(label) is not an action of the exhibit lifecycle")
        }
    }

    /// Requires every exhibit the entry names to be registered (and, when `alive`, not destroyed).
    private func requireExhibits(_ entry: LedgerEntry, _ label: String, alive: Bool) throws {
        guard !entry.exhibits.isEmpty || entry.action == .consulted else {
            throw ExhibitError.verificationFailed("\(label) names no exhibit")
        }
        for ref in entry.exhibits {
            guard exhibits[ref] != nil else {
                throw ExhibitError.verificationFailed("\(label) names \(ref), which was never registered")
            }
            if alive, let destroyed = destroyedExhibits[ref] {
                throw ExhibitError.verificationFailed("\(label) names \(ref), which was destroyed by entry \(destroyed.seq)")
            }
        }
    }
}
