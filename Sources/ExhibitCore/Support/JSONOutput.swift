import Foundation

/// The two JSON encodings Exhibit writes: keys sorted and slashes left unescaped, either indented for people
/// (`--json`, manifests, reports) or on one line (ledger entries, custody extract lines).
public enum JSONOutput {
    /// Indented JSON with sorted keys.
    /// - Throws: `.environment` when the value cannot be encoded.
    public static func pretty<T: Encodable>(_ value: T) throws -> [UInt8] {
        try encode(value, [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }

    /// One-line JSON with sorted keys and no insignificant white space.
    /// - Throws: `.environment` when the value cannot be encoded.
    public static func compact<T: Encodable>(_ value: T) throws -> [UInt8] {
        try encode(value, [.sortedKeys, .withoutEscapingSlashes])
    }

    private static func encode<T: Encodable>(_ value: T, _ formatting: JSONEncoder.OutputFormatting) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw ExhibitError.environment("cannot encode \(T.self) as JSON: \(error)")
        }
    }
}
