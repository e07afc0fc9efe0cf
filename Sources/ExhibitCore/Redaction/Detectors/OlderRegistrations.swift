/// UK vehicle registrations in the formats before 2001, still on the road, in capitals:
/// - prefix (1983–2001): a year letter, 1–3 digits, three letters: `R474 HNW`, `A1 ABC`;
/// - suffix (1963–1983): three letters, 1–3 digits, a year letter: `ABC 123D`;
/// - dateless (before 1963): 1–3 letters and 1–4 digits either way round: `ABC 123`, `1234 AB`, only after a vehicle
///   word ("reg", "VRM", "car", "vehicle", "van", "plate", …) in the 40 bytes before, since so many references look
///   the same.
///
/// Prefix and suffix forms need their space unless a vehicle word comes before; year letters exclude I, O, Q, U and
/// Z, the three-letter groups I and Q; a three-letter group that is a common word in capitals ("A1 AND") is not a
/// registration.
enum OlderRegistrations {
    /// The older-format registration around the run of digits at `digit` (of length `run`), not starting before
    /// `lowerBound`.
    static func range(in text: UnsafeBufferPointer<UInt8>, digit: Int, run: Int, notBefore lowerBound: Int) -> Range<Int>? {
        guard run <= 4 else { return nil }
        let end = digit + run
        let spaced = ByteScan.byte(text, end) == ByteScan.space
        // Quick rejection: a capital next to the digits, or a space and a capital.
        let before = ByteScan.byte(text, digit - 1)
        let after = ByteScan.byte(text, end)
        guard
            ByteScan.isUpper(before) || ByteScan.isUpper(after)
                || (before == ByteScan.space && ByteScan.isUpper(ByteScan.byte(text, digit - 2)))
                || (spaced && ByteScan.isUpper(ByteScan.byte(text, end + 1)))
        else { return nil }
        let lettersAfter = spaced ? end + 1 : end
        // Prefix: one letter before the digits, three letters after.
        if run <= 3, ByteScan.isLetterWord(text, count: 1, before: digit, notBefore: lowerBound),
            isYearLetter(text[digit - 1]), capitals(text, lettersAfter, 3), ByteScan.boundaryAfter(text, lettersAfter + 3),
            !isCommonWord(text, lettersAfter), spaced || hasVehicleWord(text, before: digit - 1)
        {
            return (digit - 1)..<(lettersAfter + 3)
        }
        // Suffix and dateless with letters first: letters, an optional space, digits.
        var letters = digit
        if ByteScan.byte(text, letters - 1) == ByteScan.space { letters -= 1 }
        let spacedBefore = letters < digit
        var count = 0
        while count < 3 && ByteScan.isUpper(ByteScan.byte(text, letters - 1)) {
            letters -= 1
            count += 1
        }
        if count > 0, letters >= lowerBound, ByteScan.boundaryBefore(text, letters) {
            let groupOK = (letters..<(letters + count)).allSatisfy { text[$0] != 0x49 && text[$0] != 0x51 }
            if count == 3, run <= 3, groupOK, ByteScan.isUpper(ByteScan.byte(text, end)), isYearLetter(text[end]),
                ByteScan.boundaryAfter(text, end + 1), !isCommonWord(text, letters),
                spacedBefore || hasVehicleWord(text, before: letters)
            {
                return letters..<(end + 1)
            }
            if groupOK, isDatelessNumber(text, digit, run), !datelessExclusions.contains(text, letters..<(letters + count)),
                hasVehicleWord(text, before: letters, within: 24)
            {
                return letters..<end
            }
        }
        // Dateless with digits first: digits, a space, 1-3 letters.
        if ByteScan.boundaryBefore(text, digit), digit >= lowerBound, spaced, text[digit] != ByteScan.zero {
            var stop = lettersAfter
            while stop - lettersAfter < 3 && ByteScan.isUpper(ByteScan.byte(text, stop)) { stop += 1 }
            if stop > lettersAfter, ByteScan.boundaryAfter(text, stop), !datelessExclusions.contains(text, lettersAfter..<stop),
                hasVehicleWord(text, before: digit, within: 24)
            {
                return digit..<stop
            }
        }
        return nil
    }

    /// Whether `count` capital letters other than I and Q start at `start`.
    private static func capitals(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Bool {
        for index in start..<(start + count) {
            let byte = ByteScan.byte(text, index)
            guard ByteScan.isUpper(byte), byte != 0x49, byte != 0x51 else { return false }
        }
        return true
    }

    /// A year letter of the prefix and suffix formats: A–Y without I, O, Q, U, Z.
    @inline(__always)
    private static func isYearLetter(_ byte: UInt8) -> Bool {
        ByteScan.isUpper(byte) && byte != 0x49 && byte != 0x4F && byte != 0x51 && byte != 0x55 && byte != 0x5A
    }

    /// Three-letter words written in capitals that are not registration letters.
    private static let commonWords = WordSet(
        """
        and the for are but not you all any can had her was one our out day get has him his how man new now old see two way \
        who boy did its let put say she too use dob ref tel mob fao att eta age yes ltd plc inc est apr may jun jul aug sep \
        oct nov dec jan feb mar mon tue wed thu fri sat sun gmt bst utc
        """)

    private static func isCommonWord(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        commonWords.contains(text, start..<(start + 3))
    }

    /// Words that introduce a vehicle registration.
    private static let vehicleWords = WordSet(
        """
        reg registration registered vrm vrn index plate plates numberplate car cars vehicle vehicles van vans veh taxi \
        motorbike motorcycle moped lorry truck suv hatchback saloon estate driving drove driven
        """)

    /// Letter groups that are not dateless registrations ("NHS 999", "PC 1234", "REF 12").
    private static let datelessExclusions = WordSet(
        """
        nhs ni pc dc ds di ps cad urn mg tel fax no or at on in to of by is it an as a i ref dob age mob ext box po flat         unit apt room page tab vol ch sec pt
        """)

    /// Whether the digits of a dateless registration (1–4, not starting with 0) end there, not in a longer number.
    private static func isDatelessNumber(_ text: UnsafeBufferPointer<UInt8>, _ digit: Int, _ run: Int) -> Bool {
        let end = digit + run
        guard text[digit] != ByteScan.zero, ByteScan.boundaryAfter(text, end) else { return false }
        let next = ByteScan.byte(text, end)
        if (next == ByteScan.space || next == ByteScan.hyphen || next == ByteScan.slash || next == ByteScan.dot)
            && ByteScan.isDigit(ByteScan.byte(text, end + 1))
        {
            return false
        }
        return true
    }

    /// Whether a vehicle word ends in the `within` bytes before `start`.
    static func hasVehicleWord(_ text: UnsafeBufferPointer<UInt8>, before start: Int, within: Int = 40) -> Bool {
        var index = start
        let stop = max(0, start - within)
        while index > stop {
            guard ByteScan.isLetter(text[index - 1]) else {
                index -= 1
                continue
            }
            let end = index
            while index > stop && ByteScan.isLetter(text[index - 1]) { index -= 1 }
            if ByteScan.boundaryBefore(text, index), vehicleWords.contains(text, index..<end) { return true }
        }
        return false
    }
}
