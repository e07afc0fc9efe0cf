import Foundation

/// Checks on what users type: references, categories, free text and times.
public enum ExhibitFields {
    /// Longest free-text value accepted.
    public static let maximumTextLength = 4096

    /// Checks an exhibit reference such as `JD/1`: 1–64 printable characters, no spaces at the ends.
    /// - Throws: `.badInput` naming the problem.
    public static func checkReference(_ ref: String) throws {
        guard !ref.isEmpty, ref.count <= 64, ref == ref.trimmingCharacters(in: .whitespaces),
            ref.unicodeScalars.allSatisfy({ !CharacterSet.controlCharacters.contains($0) })
        else {
            throw ExhibitError.badInput(
                "exhibit reference \"\(ref)\" is not valid: use 1 to 64 printable characters, such as JD/1")
        }
    }

    /// Checks a category: lower-case letters, digits and hyphens, such as `screenshot` or `chat-export`.
    public static func checkCategory(_ category: String) throws {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-")
        guard !category.isEmpty, category.count <= 64, category.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
            throw ExhibitError.badInput(
                "category \"\(category)\" is not valid: use lower-case letters, digits and hyphens, such as screenshot or chat-export"
            )
        }
    }

    /// Returns `text` trimmed, requiring it to be non-empty and of reasonable length.
    public static func required(_ text: String, flag: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ExhibitError.badInput("\(flag) must not be empty") }
        guard trimmed.count <= maximumTextLength else {
            throw ExhibitError.badInput("\(flag) is longer than \(maximumTextLength) characters")
        }
        return trimmed
    }

    /// Returns `text` trimmed, or nil when absent or blank.
    public static func optional(_ text: String?, flag: String) throws -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return try required(text, flag: flag)
    }

    /// Normalises an RFC 3339 time to UTC with milliseconds.
    public static func time(_ text: String?, flag: String) throws -> String? {
        guard let text else { return nil }
        guard let normalised = Timestamp.normalise(text) else {
            throw ExhibitError.badInput("\(flag) \"\(text)\" is not an RFC 3339 time such as 2026-11-20T14:30:00Z")
        }
        return normalised
    }
}
