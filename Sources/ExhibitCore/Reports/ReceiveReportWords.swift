import Foundation

/// The words of the receive report for the people who read it (a social worker, an officer): each check as a
/// plain sentence, what a redaction removed from its records in the bundle ("2 phone numbers, 1 name replaced
/// by [WITNESS-1], location data removed"), what a category or file type is, and why an item was withheld.
package enum ReceiveReportWords {
    /// What a check establishes, in plain words (its stable id and technical title stay in the detail).
    package static func title(_ check: BundleCheck) -> String { check.plainTitle }

    /// One verdict sentence, first on the page.
    package static func verdict(
        passed: Bool, sender: String, shared: Int, withheld: Int, imported: [String], failed: String?
    ) -> String {
        guard passed else {
            return
                "Do not use this bundle: it failed the check “\(failed ?? "unknown")”, and nothing from it was imported or kept."
        }
        var sentence = "All checks passed: this bundle is exactly what \(sender) sent, and it was meant for you. "
        sentence += "\(count(shared, "item")) shared"
        if withheld > 0 { sentence += ", \(withheld) withheld" }
        sentence +=
            imported.isEmpty ? "; nothing was imported yet." : "; imported into this case as \(imported.joined(separator: ", "))."
        return sentence
    }

    /// What the redaction removed, from the rule counts recorded for the item and the labels found in the shared
    /// text (such as `[WITNESS-1]`); nil when nothing was changed.
    package static func removed(rules: [String: Int], labels: [String]) -> String? {
        var parts: [String] = []
        var names = 0
        var hiddenData = false
        for (rule, times) in rules.sorted(by: { $0.key < $1.key }) where times > 0 {
            if rule.hasPrefix("party:") || ["unregistered-person", "professional", "party"].contains(rule) {
                names += times
            } else if rule.hasPrefix("metadata:"), rule != "metadata:exif" {
                hiddenData = true
            } else if let phrase = phrase(rule, times) {
                parts.append(phrase)
            }
        }
        if names > 0 {
            let people = labels.filter { !Self.isIdentifierLabel($0) }
            let phrase =
                people.isEmpty
                ? "\(count(names, "name")) removed"
                : "names replaced by \(people.joined(separator: ", ")) (\(count(names, "place")))"
            parts.insert(phrase, at: 0)
        }
        if hiddenData { parts.append("hidden file data removed") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// True for a label redaction writes in place of an identifier (`[PHONE]`, `[PHONE-1]`), not a person's pseudonym.
    static func isIdentifierLabel(_ label: String) -> Bool {
        let kinds = [
            "PHONE", "EMAIL", "ADDRESS", "POSTCODE", "NHS", "NI", "BANK", "CARD", "PAYMENT", "VEHICLE", "DOB", "DATE", "IP",
            "REDACTED", "REGISTRATION", "ACCOUNT",
        ]
        let word = label.dropFirst().prefix { $0 != "-" && $0 != "]" }
        return kinds.contains(String(word))
    }

    private static func phrase(_ rule: String, _ times: Int) -> String? {
        let identifiers: [String: (String, String)] = [
            "uk-phone": ("phone number", "phone numbers"), "email": ("e-mail address", "e-mail addresses"),
            "postcode": ("postcode", "postcodes"), "nhs-number": ("NHS number", "NHS numbers"),
            "ni-number": ("National Insurance number", "National Insurance numbers"),
            "bank-account": ("bank account detail", "bank account details"),
            "payment-card": ("payment card number", "payment card numbers"),
            "vehicle-registration": ("vehicle registration", "vehicle registrations"),
            "date-of-birth": ("date of birth", "dates of birth"), "ip-address": ("IP address", "IP addresses"),
            "street-address": ("address", "addresses"),
        ]
        if let (one, many) = identifiers[rule] { return "\(times) \(times == 1 ? one : many)" }
        switch rule {
        case "metadata:exif": return "location and camera data removed"
        case "ocr:low-confidence": return "\(count(times, "unclear word")) covered to be safe"
        case "ocr:all-text": return "all readable text covered"
        case "pages-rebuilt": return "pages rebuilt as pictures (no hidden text left)"
        case "burned-regions": return "\(count(times, "marked area")) blacked out"
        case "email:attachment-withheld": return "\(count(times, "attachment")) withheld"
        case "email:attachment-redacted": return "\(count(times, "attachment")) redacted"
        case "email:header-removed": return "\(count(times, "e-mail header")) removed"
        case "ambiguous-name": return nil
        default:
            if rule.hasPrefix("converted:") { return "converted to a shareable format" }
            return "\(rule.replacingOccurrences(of: "-", with: " ")) (\(times))"
        }
    }

    /// Bracketed labels in redacted text, in order of first appearance (`[WITNESS-1]`, `[PHONE]`).
    package static func labels(in text: String) -> [String] {
        var found: [String] = []
        var scalars = text.unicodeScalars[...]
        while let open = scalars.firstIndex(of: "[") {
            scalars = scalars[scalars.index(after: open)...]
            guard let close = scalars.prefix(40).firstIndex(of: "]") else { continue }
            let inside = String(String.UnicodeScalarView(scalars[..<close]))
            let allowed = inside.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            if !inside.isEmpty, allowed, inside.unicodeScalars.first.map({ ("A"..."Z").contains($0) }) == true {
                let label = "[\(inside)]"
                if !found.contains(label) { found.append(label) }
            }
            scalars = scalars[scalars.index(after: close)...]
        }
        return found
    }

    /// What an item is: its category and file type in words (`screenshot, PNG picture`).
    package static func kind(category: String?, mediaType: String?) -> String {
        let types: [String: String] = [
            "image/png": "PNG picture", "image/jpeg": "JPEG photo", "application/pdf": "PDF document",
            "text/plain": "text", "message/rfc822": "e-mail", "image/heic": "HEIC photo",
        ]
        let type = mediaType.map { types[$0] ?? $0 }
        let category = category.map { $0.replacingOccurrences(of: "-", with: " ") }
        return [category, type].compactMap { $0 }.joined(separator: ", ")
    }

    /// Why an item did not travel, in plain words.
    package static func withheld(_ treatment: Treatment, reason: String?) -> String {
        if treatment == .hashOnly {
            let base = "Only its fingerprint (SHA-256) was shared, so you can confirm a copy you may be given later"
            return reason.map { "\(base) (\($0))." } ?? base + "."
        }
        guard let reason, let first = reason.first else {
            return "The sharing policy does not let this kind of material be shared."
        }
        return "Not sent: " + first.lowercased() + reason.dropFirst() + "."
    }

    /// `1 item`, `3 items`.
    package static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
}
