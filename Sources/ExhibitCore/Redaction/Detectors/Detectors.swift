/// The standard detectors, and running a set of detectors with overlap resolution.
public enum Detectors {
    /// The standard detectors for the identifier kinds in `kinds`, one per kind, in `IdentifierKind.allCases` order.
    /// - Parameters:
    ///   - kinds: The identifier kinds to look for.
    ///   - knownBirthDates: "yyyy-mm-dd" dates of birth of the case's people; any date equal to one is a date of birth
    ///     wherever it appears.
    /// - Returns: The detectors.
    public static func make(_ kinds: Set<IdentifierKind>, knownBirthDates: Set<String>) -> [any TextDetector] {
        IdentifierKind.allCases.filter { kinds.contains($0) }.map { kind -> any TextDetector in
            switch kind {
            case .email: return EmailDetector()
            case .ukPhone: return UKPhoneDetector()
            case .postcode: return PostcodeDetector()
            case .nhsNumber: return NHSNumberDetector()
            case .niNumber: return NINumberDetector()
            case .bankAccount: return BankAccountDetector()
            case .paymentCard: return PaymentCardDetector()
            case .vehicleRegistration: return VehicleRegistrationDetector()
            case .dateOfBirth: return DateOfBirthDetector(knownBirthDates: knownBirthDates)
            case .ipAddress: return IPAddressDetector()
            case .streetAddress: return StreetAddressDetector()
            }
        }
    }

    /// Runs detectors and resolves overlaps: the result is sorted by start and non-overlapping; when findings overlap,
    /// the longer wins; on equal length, party findings beat identifiers, then in `IdentifierKind.allCases` order, then
    /// unregistered names; an unregistered name never wins over a registered person's name it overlaps.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - detectors: The detectors to run.
    /// - Returns: The findings that survive, sorted by start.
    public static func scan(_ text: UnsafeBufferPointer<UInt8>, detectors: [any TextDetector]) -> [Finding] {
        var findings: [Finding] = []
        // The standard digit-triggered detectors share one pass; the result is the same as running them one by one.
        var digitRunKinds: [IdentifierKind] = []
        for detector in detectors {
            if let digitRunDetector = detector as? any DigitRunDetector {
                digitRunKinds.append(digitRunDetector.digitRunKind)
            } else {
                detector.scan(text, into: &findings)
            }
        }
        if !digitRunKinds.isEmpty { DigitRunScanner.scan(text, kinds: digitRunKinds, into: &findings) }
        return resolveOverlaps(findings)
    }

    /// Sorts findings by start and drops those that lose an overlap (see `scan(_:detectors:)`).
    /// - Parameter findings: Findings in any order, possibly overlapping.
    /// - Returns: Non-overlapping findings sorted by start.
    static func resolveOverlaps(_ findings: [Finding]) -> [Finding] {
        let sorted = findings.filter { !$0.range.isEmpty }.sorted {
            $0.range.lowerBound != $1.range.lowerBound
                ? $0.range.lowerBound < $1.range.lowerBound : $0.range.upperBound > $1.range.upperBound
        }
        var result: [Finding] = []
        result.reserveCapacity(sorted.count)
        // Findings that overlap form clusters; each cluster is resolved on its own (they are small in practice).
        var clusterStart = 0
        while clusterStart < sorted.count {
            var clusterEnd = clusterStart + 1
            var reach = sorted[clusterStart].range.upperBound
            while clusterEnd < sorted.count && sorted[clusterEnd].range.lowerBound < reach {
                reach = max(reach, sorted[clusterEnd].range.upperBound)
                clusterEnd += 1
            }
            if clusterEnd - clusterStart == 1 {
                result.append(sorted[clusterStart])
            } else {
                result += resolveCluster(sorted[clusterStart..<clusterEnd])
            }
            clusterStart = clusterEnd
        }
        return result
    }

    private static func resolveCluster(_ cluster: ArraySlice<Finding>) -> [Finding] {
        // A registered person wins over an unregistered name found at the same place, whatever their lengths.
        let registered = cluster.filter { if case .party = $0.kind { return $0.ambiguity != .kept } else { return false } }
        let cluster = cluster.filter { finding in
            !finding.kind.isUnregisteredPerson || !registered.contains { $0.range.overlaps(finding.range) }
        }
        let byPriority = cluster.sorted { left, right in
            if left.range.count != right.range.count { return left.range.count > right.range.count }
            let leftRank = rank(left.kind)
            let rightRank = rank(right.kind)
            if leftRank != rightRank { return leftRank < rightRank }
            return left.range.lowerBound < right.range.lowerBound
        }
        var accepted: [Finding] = []
        for finding in byPriority where !accepted.contains(where: { $0.range.overlaps(finding.range) }) {
            accepted.append(finding)
        }
        return accepted.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Tie-break order on equal length: party findings first, then identifiers in `IdentifierKind.allCases` order.
    private static func rank(_ kind: FindingKind) -> Int {
        switch kind {
        case .party: return 0
        case .identifier(let identifier): return 1 + (IdentifierKind.allCases.firstIndex(of: identifier) ?? 0)
        case .person: return 1 + IdentifierKind.allCases.count
        }
    }
}
