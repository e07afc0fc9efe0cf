import Foundation
import Yams

/// Reads a policy file strictly: unknown keys, duplicate keys, wrong types and contradictions are
/// rejected with the file, line and key in the message (exit code 2).
public enum PolicyLoader {
    /// Loads and checks a policy file.
    /// - Parameter path: the YAML file.
    /// - Returns: the policy, with its SHA-256 and text.
    /// - Throws: `ExhibitError.badInput` naming the file, line and key of the first problem.
    public static func load(path: String) throws -> SharingPolicy {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExhibitError.badInput("\(path): no such policy file, or it cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExhibitError.badInput("\(path): the policy is not UTF-8 text")
        }
        return try parse(text, source: path)
    }

    /// Parses policy text.
    /// - Parameters:
    ///   - text: the YAML.
    ///   - source: the file name used in messages.
    /// - Returns: the policy.
    /// - Throws: `ExhibitError.badInput` naming the line and key of the first problem.
    public static func parse(_ text: String, source: String) throws -> SharingPolicy {
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw ExhibitError.badInput("\(source): the policy is empty")
            }
            root = composed
        } catch let error as ExhibitError {
            throw error
        } catch let error as YamlError {
            throw ExhibitError.badInput("\(source)\(duplicateLine(error, text)): not valid YAML: \(Self.describe(error))")
        }
        let reader = PolicyReader(source: source)
        return try reader.policy(root, text: text)
    }

    /// The parser names a duplicated key but not where it is: find the line that repeats a key of its own
    /// mapping (same indentation, no shallower line in between).
    private static func duplicateLine(_ error: YamlError, _ text: String) -> String {
        guard "\(error)".contains("duplicated key") else { return "" }
        var blocks: [(indent: Int, keys: Set<String>)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), !trimmed.hasPrefix("-"), let colon = trimmed.firstIndex(of: ":")
            else {
                continue
            }
            let indent = line.count - trimmed.count
            let key = String(trimmed[..<colon])
            while let last = blocks.last, last.indent > indent { blocks.removeLast() }
            if let last = blocks.last, last.indent == indent {
                if last.keys.contains(key) { return ":\(number + 1)" }
                blocks[blocks.count - 1].keys.insert(key)
            } else {
                blocks.append((indent, [key]))
            }
        }
        return ""
    }

    private static func describe(_ error: YamlError) -> String {
        "\(error)".split(whereSeparator: \.isNewline).first.map(String.init) ?? "\(error)"
    }
}

/// Walks the YAML tree of a policy, keeping line numbers for messages.
private struct PolicyReader {
    let source: String

    private func fail(_ node: Node?, _ key: String, _ problem: String) -> ExhibitError {
        let line = node?.mark.map { ":\($0.line)" } ?? ""
        return ExhibitError.badInput("\(source)\(line): \(key): \(problem)")
    }

    /// The mapping's entries by key, rejecting duplicates and keys outside `allowed`.
    private func entries(_ node: Node, _ path: String, allowed: Set<String>?) throws -> [(
        key: String, keyNode: Node, value: Node
    )] {
        guard let mapping = node.mapping else { throw fail(node, path, "must be a mapping of keys to values") }
        var seen = Set<String>()
        var result: [(String, Node, Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { throw fail(keyNode, path, "keys must be plain text") }
            let full = path.isEmpty ? key : "\(path).\(key)"
            guard seen.insert(key).inserted else { throw fail(keyNode, full, "appears twice") }
            if let allowed, !allowed.contains(key) {
                throw fail(keyNode, full, "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            result.append((key, keyNode, value))
        }
        return result
    }

    private func string(_ node: Node, _ key: String) throws -> String {
        guard let scalar = node.scalar, node.tag.rawValue == Tag.Name.str.rawValue, !scalar.string.isEmpty else {
            throw fail(node, key, "must be text")
        }
        return scalar.string
    }

    private func bool(_ node: Node, _ key: String) throws -> Bool {
        guard node.tag.rawValue == Tag.Name.bool.rawValue, let value = node.bool else {
            throw fail(node, key, "must be true or false")
        }
        return value
    }

    private func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ key: String, _: T.Type) throws -> T
    where T.RawValue == String {
        guard let scalar = node.scalar, node.tag.rawValue == Tag.Name.str.rawValue, let value = T(rawValue: scalar.string) else {
            let options = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail(node, key, "must be one of: \(options)")
        }
        return value
    }

    static let imageKeys: Set<String> = [
        "strip-metadata", "burn-marked-regions", "text-in-images", "minimum-ocr-confidence", "below-confidence",
    ]

    private func integer(_ node: Node, _ key: String, in range: ClosedRange<Int>) throws -> Int {
        guard node.tag.rawValue == Tag.Name.int.rawValue, let value = node.int, range.contains(value) else {
            throw fail(node, key, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    static let topKeys: Set<String> = [
        "id", "version", "title", "from", "to", "purpose", "lawful-basis", "protective-marking", "retention",
        "onward-sharing", "categories", "metadata", "text", "parties", "images", "unsupported-types", "custody",
        "unregistered-people",
    ]

    func policy(_ root: Node, text: String) throws -> SharingPolicy {
        let top = try entries(root, "", allowed: Self.topKeys)
        var values: [String: Node] = [:]
        for entry in top { values[entry.key] = entry.value }
        for required in Self.topKeys.subtracting(["unsupported-types", "custody", "unregistered-people"]).sorted()
        where values[required] == nil {
            throw fail(root, required, "is required")
        }
        func node(_ key: String) -> Node { values[key] ?? Node("") }

        let id = try string(node("id"), "id")
        guard id.allSatisfy({ $0.isLetter && $0.isLowercase || $0.isNumber || $0 == "-" }) else {
            throw fail(node("id"), "id", "use lower-case letters, digits and hyphens")
        }
        let versionNode = node("version")
        guard let version = versionNode.scalar?.string, !version.isEmpty,
            [Tag.Name.str, .int, .float].map(\.rawValue).contains(versionNode.tag.rawValue)
        else { throw fail(versionNode, "version", "must be a version such as \"1.0\"") }
        let from = try choice(node("from"), "from", AgencyType.self)
        let to = try choice(node("to"), "to", AgencyType.self)
        if from == to {
            throw fail(
                node("to"), "to", "is the same agency type as from (\(from.rawValue)): a policy shares between two agencies")
        }

        var categories: [String: Treatment] = [:]
        var defaultTreatment = Treatment.withhold
        for entry in try entries(node("categories"), "categories", allowed: nil) {
            let treatment = try choice(entry.value, "categories.\(entry.key)", Treatment.self)
            if entry.key == "default" {
                defaultTreatment = treatment
            } else {
                do {
                    try ExhibitFields.checkCategory(entry.key)
                } catch let error as ExhibitError {
                    throw fail(entry.keyNode, "categories.\(entry.key)", error.message)
                }
                categories[entry.key] = treatment
            }
        }
        // Indecent images never travel, whatever else the policy shares (issue 14): hash-only or withhold.
        let indecent = categories["indecent-image"] ?? defaultTreatment
        if indecent == .share || indecent == .redact {
            let key = categories["indecent-image"] == nil ? "categories.default" : "categories.indecent-image"
            let at = try entries(node("categories"), "categories", allowed: nil).first {
                $0.key == (categories["indecent-image"] == nil ? "default" : "indecent-image")
            }
            throw fail(
                at?.keyNode ?? node("categories"), key,
                "indecent-image is \(indecent.rawValue): indecent images never travel; use hash-only or withhold")
        }

        guard let metadataNodes = node("metadata").sequence else {
            throw fail(node("metadata"), "metadata", "must be a list of fields")
        }
        var metadata: [MetadataField] = []
        for item in metadataNodes {
            let field = try choice(item, "metadata", MetadataField.self)
            if metadata.contains(field) { throw fail(item, "metadata", "\(field.rawValue) is listed twice") }
            metadata.append(field)
        }

        var textActions: [IdentifierKind: TextAction] = [:]
        for entry in try entries(node("text"), "text", allowed: Set(IdentifierKind.allCases.map(\.rawValue))) {
            guard let kind = IdentifierKind(rawValue: entry.key) else { continue }
            textActions[kind] = try choice(entry.value, "text.\(entry.key)", TextAction.self)
        }

        var partyActions: [PartyRole: TextAction] = [:]
        for entry in try entries(node("parties"), "parties", allowed: Set(PartyRole.allCases.map(\.rawValue))) {
            guard let role = PartyRole(rawValue: entry.key) else { continue }
            let action = try choice(entry.value, "parties.\(entry.key)", TextAction.self)
            if action == .mask {
                throw fail(entry.value, "parties.\(entry.key)", "mask does not apply to people: use redact, pseudonymise or keep")
            }
            partyActions[role] = action
        }

        var images = ImageRules(stripMetadata: true, burnMarkedRegions: true)
        let imageEntries = try entries(node("images"), "images", allowed: Self.imageKeys)
        for entry in imageEntries {
            switch entry.key {
            case "strip-metadata": images.stripMetadata = try bool(entry.value, "images.strip-metadata")
            case "text-in-images": images.textInImages = try choice(entry.value, "images.text-in-images", ImageTextAction.self)
            case "minimum-ocr-confidence":
                images.minimumOCRConfidence = try integer(entry.value, "images.minimum-ocr-confidence", in: 0...100)
            case "below-confidence":
                images.belowConfidence = try choice(entry.value, "images.below-confidence", LowConfidenceAction.self)
            default: images.burnMarkedRegions = try bool(entry.value, "images.burn-marked-regions")
            }
        }
        if images.textInImages == .keep,
            let entry = imageEntries.first(where: { ["minimum-ocr-confidence", "below-confidence"].contains($0.key) })
        {
            throw fail(entry.keyNode, "images.\(entry.key)", "applies only when text is read: text-in-images is keep")
        }
        let redacts = defaultTreatment == .redact || categories.values.contains(.redact)
        if redacts && !images.stripMetadata {
            throw fail(
                node("images"), "images.strip-metadata", "false contradicts redaction: a redacted image must lose its metadata")
        }

        var unsupported = Treatment.withhold
        if let unsupportedNode = values["unsupported-types"] {
            unsupported = try choice(unsupportedNode, "unsupported-types", Treatment.self)
            guard unsupported == .withhold else {
                throw fail(unsupportedNode, "unsupported-types", "a file type with no redactor can only be withheld (withhold)")
            }
        }

        let custody = try values["custody"].map { try choice($0, "custody", CustodyDetail.self) } ?? .hashes
        let recorded: [MetadataField] = [.seizedBy, .seizedFrom, .description, .fileNames, .custodian]
        if custody == .full, let missing = recorded.first(where: { !metadata.contains($0) }) {
            throw fail(
                values["custody"], "custody",
                "full sends custody entries as recorded (who seized what from whom, descriptions, file names, custodians), but metadata does not let \(missing.rawValue) travel: add it or use hashes"
            )
        }

        // People nobody registered: redacted unless the policy says otherwise (fail closed).
        let unregistered =
            try values["unregistered-people"].map { try choice($0, "unregistered-people", UnregisteredPeopleAction.self) }
            ?? .redact

        return SharingPolicy(
            id: id, version: version, title: try string(node("title"), "title"), from: from, to: to,
            purpose: try string(node("purpose"), "purpose"), lawfulBasis: try string(node("lawful-basis"), "lawful-basis"),
            protectiveMarking: try string(node("protective-marking"), "protective-marking"),
            retention: try string(node("retention"), "retention"),
            onwardSharing: try string(node("onward-sharing"), "onward-sharing"),
            categories: categories, defaultTreatment: defaultTreatment, metadata: metadata, text: textActions,
            parties: partyActions, images: images, custody: custody, unsupportedTypes: unsupported,
            unregisteredPeople: unregistered, sha256: MessageDigest.sha256Hex(text), sourceText: text)
    }
}
