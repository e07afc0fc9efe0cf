/// Every written form of a registered person, derived by rule from their name and aliases:
/// - the name and each alias as registered, and each handle-like alias glued ("jack_96" → "jack96");
/// - first name(s) + surname, any two of the name's words in order, "Surname Forename" (as in "SURNAME, Forename"),
///   initials + surname ("K Nowak", "K.J. Nowak", "KJ Nowak"), surname + initial ("Nowak K."), first name + the
///   surname's initial ("Kacper N."), and glued joins
///   ("KacperNowak", "knowak") for handles, e-mail local parts and file names;
/// - each first name, each surname and each part of a double-barrelled name alone;
/// - spelling variants of the surname: without its apostrophe or with a space for it ("OConnor", "O Connor"),
///   Mc/Mac with and without a space ("McDonald", "Mc Donald", "MacDonald"), and the other gender's form of Polish,
///   Czech, Slovak, Lithuanian and Russian surnames ("Wróblewski" / "Wróblewska", "Novák" / "Nováková",
///   "Kazlauskas" / "Kazlauskienė", "Ivanov" / "Ivanova").
///
/// Separators (`_ . - ,`), case, diacritics, possessives and markup between words are left to the matcher
/// (`WordTrie`); a form that is also an ordinary word or very short is marked ambiguous and judged where it is found
/// (`NameJudgement`). Forms come in tiers, most specific first, so a form two people share goes to the one whose
/// own name or alias it is.
enum NameForms {
    /// One form.
    struct Form: Equatable {
        /// The text (matched by `WordTrie` rules).
        var text: String
        /// 0: as registered; 1: several words; 2: one word; 3: spelling variants.
        var tier: Int
        /// Whether a match must be judged (`NameJudgement`).
        var ambiguous: Bool
    }

    /// Words after which the rest of a name is a surname ("de Souza", "van der Berg", "bin Laden", "al Hassan").
    static let particles: Set<String> = [
        "de", "da", "di", "du", "del", "della", "dos", "das", "van", "von", "der", "den", "ter", "ten", "la", "le",
        "al", "el", "bin", "binti", "ibn", "ben", "bint", "mac", "st", "ó", "o", "ní", "ni", "nic", "uí", "ui", "mhic",
        "ap", "ab", "abu", "bar", "bat",
    ]

    /// The forms of a person named `name` with `aliases`.
    /// - Parameters:
    ///   - name: The registered name.
    ///   - aliases: The registered aliases.
    /// - Returns: The forms, without duplicates, in tier order.
    static func forms(name: String, aliases: [String]) -> [Form] {
        var forms: [Form] = []
        var seen = Set<String>()
        func add(_ text: String, _ tier: Int) {
            let words = nameWords(text)
            guard !words.isEmpty else { return }
            let key = words.map(LatinFold.folded).joined(separator: " ")
            guard key.count >= 2, seen.insert(key).inserted else { return }
            // A plural is as ambiguous as its singular ("Prices" of "Price").
            let singular = words.count == 1 && key.hasSuffix("s")
            let ambiguous =
                isAmbiguous(words) || (singular && isAmbiguous([String(words[0].dropLast())]))
                || (singular && key.hasSuffix("es") && isAmbiguous([String(words[0].dropLast(2))]))
            forms.append(Form(text: text, tier: tier, ambiguous: ambiguous))
        }
        add(name, 0)
        for alias in aliases {
            add(alias, 0)
            let glued = alias.unicodeScalars.filter { ByteScan.isWordScalar($0.value) }
            if glued.count != alias.unicodeScalars.count { add(String(String.UnicodeScalarView(glued)), 0) }
        }
        // The name always gives forms; an alias only when it is written as a name ("Kasia Nowak", not
        // "anonymous neighbour" or "jack_96").
        for source in [name] + aliases.filter(isCapitalisedName) where looksLikeName(source) { derive(source, add) }
        return forms.sorted { $0.tier < $1.tier }
    }

    /// Adds the derived forms of one name.
    private static func derive(_ name: String, _ add: (String, Int) -> Void) {
        let words = nameWords(name).filter { !NameLexicon.titles.contains($0) && !$0.allSatisfy(\.isNumber) }
        guard words.count >= 2 else {
            if let only = words.first { for variant in surnameVariants(only) { add(variant, 3) } }
            return
        }
        // The surname: the last word, with any particles before it.
        var surnameStart = words.count - 1
        while surnameStart > 1 && particles.contains(words[surnameStart - 1].lowercased()) { surnameStart -= 1 }
        let given = Array(words[..<surnameStart])
        let surname = words[surnameStart...].joined(separator: " ")
        let core = words[words.count - 1]
        // A surname of one letter ("Maisie T") gives only the first names alone.
        guard core.count >= 2 else {
            for word in given { add(word, 2) }
            return
        }
        let initials = given.compactMap(\.first).map(String.init)
        // Several words.
        for first in 0..<words.count {
            for second in (first + 1)..<words.count { add("\(words[first]) \(words[second])", 1) }
        }
        add("\(given.joined(separator: " ")) \(surname)", 1)
        for surnameForm in [surname, core] {
            add("\(surnameForm) \(given[0])", 1)
            add("\(surnameForm) \(given.joined(separator: " "))", 1)
            add("\(initials[0]) \(surnameForm)", 1)
            add("\(initials.joined(separator: " ")) \(surnameForm)", 1)
            add("\(initials.joined()) \(surnameForm)", 1)
            add("\(surnameForm) \(initials[0])", 1)
            if let surnameInitial = surnameForm.first { add("\(given[0]) \(surnameInitial)", 1) }  // "Kacper N."
            add(glue(given[0] + surnameForm), 1)
            add(glue(given[0]) + surnameForm, 1)  // "emekashah-patel"
            add("\(given[0]) \(glue(surnameForm))", 1)  // "saoirse.macgiolla"
            add(glue(initials[0] + surnameForm), 1)
            add(glue(given.joined() + surnameForm), 1)
        }
        // One word.
        for word in given { add(word, 2) }
        add(surname, 2)
        add(core, 2)
        for word in words { for part in word.split(separator: "-") where part.count >= 2 { add(String(part), 2) } }
        // The family in the plural ("the Nowaks", "the Nowaks' house").
        add(core + (core.hasSuffix("s") ? "es" : "s"), 3)
        // Spelling variants of the surname, alone and with the first name.
        for variant in surnameVariants(core) {
            add(variant, 3)
            add("\(given[0]) \(variant)", 3)
            add("\(variant) \(given[0])", 3)
            add("\(initials[0]) \(variant)", 3)
            add(glue(given[0] + variant), 3)
        }
    }

    /// Spelling variants of a surname (see the type's summary).
    static func surnameVariants(_ surname: String) -> [String] {
        var variants: [String] = []
        let scalars = Array(surname.unicodeScalars)
        if surname.contains("'") || surname.contains("\u{2019}") {
            variants.append(surname.replacingApostrophes(with: ""))
            variants.append(surname.replacingApostrophes(with: " "))
        }
        for prefix in ["Mc", "Mac"] where surname.hasPrefix(prefix) && scalars.count > prefix.count + 2 {
            let rest = String(String.UnicodeScalarView(scalars[prefix.count...]))
            guard let initial = rest.unicodeScalars.first, initial.properties.isUppercase else { continue }
            variants.append("\(prefix) \(rest)")
            variants.append("\(prefix == "Mc" ? "Mac" : "Mc")\(rest)")
        }
        let folded = LatinFold.folded(surname)
        let pairs: [(String, [String])] = [
            ("ski", ["ska"]), ("ska", ["ski"]), ("cki", ["cka"]), ("cka", ["cki"]), ("zki", ["zka"]), ("zka", ["zki"]),
            ("ova", [""]), ("ny", ["na"]), ("ov", ["ova"]), ("ev", ["eva"]), ("ova", ["ov"]), ("eva", ["ev"]),
            ("as", ["iene", "aite"]), ("is", ["iene", "yte"]), ("ys", ["iene", "yte"]), ("iene", ["as", "is"]),
            ("aite", ["as"]), ("yte", ["is", "ys"]),
        ]
        for (ending, replacements) in pairs where folded.hasSuffix(ending) && folded.count > ending.count + 2 {
            let stem = String(folded.dropLast(ending.count))
            for replacement in replacements { variants.append(stem + replacement) }
        }
        // Czech and Slovak: a man's surname gives a woman's with -ová ("Novák" → "Nováková", "Svoboda" → "Svobodová").
        if folded.count > 3, !folded.hasSuffix("ova"), !folded.hasSuffix("ski"), !folded.hasSuffix("cki"),
            let last = folded.last, !"aeiouy".contains(last) || last == "a"
        {
            variants.append((last == "a" ? String(folded.dropLast()) : folded) + "ova")
        }
        return variants
    }

    /// The words of a name: runs of letters, digits, apostrophes and hyphens.
    static func nameWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if ByteScan.isWordScalar(scalar.value)
                || ((scalar == "'" || scalar == "\u{2019}" || scalar == "-") && !current.isEmpty)
            {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current).trimmingJoiners())
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current).trimmingJoiners()) }
        return words.filter { !$0.isEmpty }
    }

    /// Whether `text` reads as a person's name (two to five words of letters, none of them digits): aliases such as
    /// "Kasia Nowak" give forms of their own; handles such as "jack_96" do not.
    static func looksLikeName(_ text: String) -> Bool {
        let words = nameWords(text)
        guard (1...5).contains(words.count) else { return false }
        return !text.contains("_") && !text.contains("@")
            && words.allSatisfy { word in word.unicodeScalars.allSatisfy { $0.properties.numericType == nil } }
    }

    /// Whether every word of `text` starts with a capital letter (or is a title or a number).
    static func isCapitalisedName(_ text: String) -> Bool {
        nameWords(text).allSatisfy { word in word.first.map { $0.isUppercase || $0.isNumber } ?? false }
    }

    /// Whether a form must be judged where it is found: every word of it is an ordinary word, or it is one word of
    /// at most two letters.
    static func isAmbiguous(_ words: [String]) -> Bool {
        if words.count == 1 && words[0].count <= 2 { return true }
        return words.allSatisfy { NameLexicon.ordinary.contains($0) }
    }

    /// `text` with everything but letters and digits removed.
    private static func glue(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { ByteScan.isWordScalar($0.value) }))
    }
}

extension String {
    fileprivate func replacingApostrophes(with replacement: String) -> String {
        var out = ""
        for character in self { out += character == "'" || character == "\u{2019}" ? replacement : String(character) }
        return out
    }

    fileprivate func trimmingJoiners() -> String {
        var scalars = Array(unicodeScalars)
        while let last = scalars.last, last == "'" || last == "\u{2019}" || last == "-" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
