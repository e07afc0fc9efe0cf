import ExhibitCore
import Foundation

/// A list of values bound to one statement as a JSON array and read with `json_each(?)`: one statement for a part of
/// a thousand files, where a statement per file costs more in binding and stepping than the rows themselves.
enum SQLList {
    /// `values` as a JSON array of strings.
    /// - Throws: `.environment` when they cannot be encoded.
    static func json(_ values: [String]) throws -> String {
        String(decoding: try JSONOutput.compact(values), as: UTF8.self)
    }
}
