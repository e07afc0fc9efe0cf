import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// The policy loader rejects unknown keys, wrong types and contradictions with file, line and key.
struct PolicyLoaderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shippedIDs = [
        "childrens-services-to-police", "disclosure-to-parents", "disclosure-to-solicitor", "hash-only-referral",
        "police-to-childrens-services", "police-to-cps",
    ]

    static func shippedText(_ id: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("Policies/\(id).yaml"), encoding: .utf8)
    }

    @Test(arguments: shippedIDs)
    func shippedPoliciesLoadAndStartWithAComment(_ id: String) throws {
        let text = try Self.shippedText(id)
        #expect(text.hasPrefix("# "), "each shipped policy opens with a comment on when it applies")
        let policy = try PolicyLoader.parse(text, source: "\(id).yaml")
        #expect(policy.id == id)
        #expect(policy.sha256 == Hex.encode(MessageDigest.sha256(Array(text.utf8))))
        #expect(policy.unsupportedTypes == .withhold)
        #expect(policy.treatment(for: "indecent-image") != .share && policy.treatment(for: "indecent-image") != .redact)
    }

    @Test func disclosureToParentsIsTheStrictest() throws {
        let policy = try PolicyLoader.parse(try Self.shippedText("disclosure-to-parents"), source: "d.yaml")
        for category in ["screenshot", "photo", "video", "indecent-image"] {
            #expect(policy.treatment(for: category) == .withhold)
        }
        for role: PartyRole in [.otherChild, .witness, .informant] { #expect(policy.action(for: role) == .redact) }
        for kind: IdentifierKind in [.postcode, .streetAddress, .ipAddress, .vehicleRegistration, .ukPhone, .email] {
            #expect(policy.action(for: kind) == .redact)
        }
    }

    @Test func shippedPoliciesSayWhatHappensToTextInPictures() throws {
        let csc = try PolicyLoader.parse(try Self.shippedText("police-to-childrens-services"), source: "c.yaml").images
        #expect(csc.textInImages == .redact && csc.minimumOCRConfidence == 60 && csc.belowConfidence == .burn)
        let parents = try PolicyLoader.parse(try Self.shippedText("disclosure-to-parents"), source: "d.yaml").images
        #expect(parents.textInImages == .redact && parents.minimumOCRConfidence == 75)
        let hashes = try PolicyLoader.parse(try Self.shippedText("hash-only-referral"), source: "h.yaml").images
        #expect(hashes.textInImages == .keep)
        // Left out, text in pictures is redacted: fail closed.
        let bare = try Self.shippedText("police-to-childrens-services").replacingOccurrences(
            of: "  text-in-images: redact\n  minimum-ocr-confidence: 60\n  below-confidence: burn\n", with: "")
        let defaults = try PolicyLoader.parse(bare, source: "b.yaml").images
        #expect(defaults.textInImages == .redact && defaults.minimumOCRConfidence == 60 && defaults.belowConfidence == .burn)
    }

    /// Each broken variant of a valid policy, the line reported, and a fragment of the message.
    static let broken: [(String, String, Int, String)] = [
        ("version: \"1.0\"", "version: \"1.0\"\nextra: 1", 13, "extra: unknown key"),
        ("  email: keep", "  emial: keep", 44, "text.emial: unknown key"),
        ("  witness: pseudonymise", "  witness: mask", 61, "parties.witness: mask does not apply to people"),
        ("unsupported-types: withhold", "unsupported-types: share", 73, "can only be withheld"),
        ("  text-in-images: redact", "  text-in-images: ocr", 70, "must be one of: redact, burn-all-text, keep"),
        ("  text-in-images: redact", "  text-in-images: keep", 71, "applies only when text is read"),
        ("  minimum-ocr-confidence: 60", "  minimum-ocr-confidence: 101", 71, "a whole number from 0 to 100"),
        ("  minimum-ocr-confidence: 60", "  minimum-ocr-confidence: \"60\"", 71, "a whole number from 0 to 100"),
        ("  below-confidence: burn", "  below-confidence: blur", 72, "must be one of: burn, withhold"),
        ("  strip-metadata: true", "  strip-metadata: false", 66, "false contradicts redaction"),
        ("  strip-metadata: true", "  strip-metadata: 1", 66, "images.strip-metadata: must be true or false"),
        ("to: childrens-services", "to: police", 15, "to: is the same agency type as from"),
        ("to: childrens-services", "to: social-services", 15, "to: must be one of"),
        (
            "  screenshot: redact", "  screenshot: blur", 31,
            "categories.screenshot: must be one of: share, redact, hash-only, withhold"
        ),
        ("  screenshot: redact", "  Screen Shot: redact", 31, "categories.Screen Shot"),
        ("  indecent-image: hash-only", "  indecent-image: share", 40, "categories.indecent-image: indecent-image is share"),
        ("  indecent-image: hash-only", "  indecent-image: redact", 40, "use hash-only or withhold"),
        (
            "  indecent-image: hash-only\n  default: withhold", "  default: share", 40,
            "categories.default: indecent-image is share"
        ),
        ("metadata: [case-ref,", "metadata: [postcode, case-ref,", 42, "metadata: must be one of"),
        ("  email: keep", "  email: keep\n  email: redact", 45, "duplicated key"),
        (
            "title: Police to children's social care - joint enquiry / strategy discussion", "title: [1, 2]", 13,
            "title: must be text"
        ),
    ]

    @Test(arguments: broken.indices)
    func brokenPoliciesAreRejectedWithLineAndKey(_ index: Int) throws {
        let (original, replacement, line, fragment) = Self.broken[index]
        let text = try Self.shippedText("police-to-childrens-services")
        #expect(text.contains(original), "fixture drifted: \(original)")
        let changed = text.replacingOccurrences(of: original, with: replacement)
        do {
            _ = try PolicyLoader.parse(changed, source: "Policies/x.yaml")
            Issue.record("accepted: \(replacement)")
        } catch let error as ExhibitError {
            #expect(error.category == .badInput)
            #expect(error.message.hasPrefix("Policies/x.yaml:\(line):"), "\(error.message)")
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test func missingRequiredKeysAndNonYAMLAreRejected() {
        #expect(throws: ExhibitError.self) { _ = try PolicyLoader.parse("id: x\nversion: 1\n", source: "p.yaml") }
        #expect(throws: ExhibitError.self) { _ = try PolicyLoader.parse("{ this is: [not", source: "p.yaml") }
        #expect(throws: ExhibitError.self) { _ = try PolicyLoader.parse("", source: "p.yaml") }
        #expect(throws: ExhibitError.self) { _ = try PolicyLoader.load(path: "/nonexistent/policy.yaml") }
    }
}
