/// A detector whose every match contains a run of ASCII digits that triggers it: several of them can share one pass
/// over the text (see `DigitRunScanner`), which `Detectors.scan` does.
protocol DigitRunDetector: TextDetector {
    /// The kind of identifier this detector reports.
    static var kind: IdentifierKind { get }

    /// The finding triggered by the run of digits at `digit`, if any.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - digit: Offset of the first digit of a run (the byte before it is not a digit).
    ///   - run: Length of the run (at most 32; a longer run is reported in pieces, which no detector accepts).
    ///   - lowerBound: The finding may not start before this offset (the end of this detector's previous finding, or of
    ///     the previous run of digits).
    /// - Returns: The finding, or `nil`.
    static func finding(
        in text: UnsafeBufferPointer<UInt8>, digitRunAt digit: Int, length run: Int, notBefore lowerBound: Int
    ) -> Finding?
}

extension DigitRunDetector {
    /// The kind of identifier this detector reports.
    var digitRunKind: IdentifierKind { Self.kind }

    func scan(_ text: UnsafeBufferPointer<UInt8>, into findings: inout [Finding]) {
        DigitRunScanner.scan(text, kinds: [Self.kind], into: &findings)
    }
}

/// One pass over the runs of digits in a text for several digit-triggered detectors: the text is skipped 16 bytes at a
/// time to the next digit, and each detector is asked about each run that starts after its previous finding. The
/// findings are exactly those of running the detectors one by one.
enum DigitRunScanner {
    /// Appends the findings of the standard digit-triggered detectors for `kinds` (others are ignored) to `findings`.
    /// - Parameters:
    ///   - text: UTF-8 text.
    ///   - kinds: The kinds to look for.
    ///   - findings: Where the findings are appended.
    static func scan(_ text: UnsafeBufferPointer<UInt8>, kinds: [IdentifierKind], into findings: inout [Finding]) {
        // Per detector: where its next finding may start; Int.max when it is not wanted. One direct call site per
        // detector keeps the branches predictable.
        func bound(_ kind: IdentifierKind) -> Int { kinds.contains(kind) ? 0 : Int.max }
        var phone = bound(.ukPhone)
        var postcode = bound(.postcode)
        var nhs = bound(.nhsNumber)
        var ni = bound(.niNumber)
        var bank = bound(.bankAccount)
        var card = bound(.paymentCard)
        var registration = bound(.vehicleRegistration)
        var address = bound(.streetAddress)
        var index = 0
        while true {
            let digit = ByteScan.nextDigit(in: text, from: index)
            guard digit < text.count else { return }
            let run = ByteScan.digitRun(text, digit)
            if !ByteScan.isDigit(ByteScan.byte(text, digit - 1)) {
                step(UKPhoneDetector.self, &phone, text, digit, run, index, &findings)
                step(PostcodeDetector.self, &postcode, text, digit, run, index, &findings)
                step(NHSNumberDetector.self, &nhs, text, digit, run, index, &findings)
                step(NINumberDetector.self, &ni, text, digit, run, index, &findings)
                step(BankAccountDetector.self, &bank, text, digit, run, index, &findings)
                step(PaymentCardDetector.self, &card, text, digit, run, index, &findings)
                step(VehicleRegistrationDetector.self, &registration, text, digit, run, index, &findings)
                step(StreetAddressDetector.self, &address, text, digit, run, index, &findings)
            }
            index = digit + run
        }
    }

    /// Asks one detector about one run of digits, unless the run is inside its previous finding.
    @inline(__always)
    private static func step<Detector: DigitRunDetector>(
        _ detector: Detector.Type, _ bound: inout Int, _ text: UnsafeBufferPointer<UInt8>, _ digit: Int, _ run: Int,
        _ previousRunEnd: Int, _ findings: inout [Finding]
    ) {
        guard digit >= bound else { return }
        if let finding = Detector.finding(in: text, digitRunAt: digit, length: run, notBefore: max(bound, previousRunEnd)) {
            findings.append(finding)
            bound = finding.range.upperBound
        }
    }
}
