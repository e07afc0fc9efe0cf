import Foundation

/// A known-image hash list as read from a file (`exhibit hashset import`): one hex digest a line (32, 40 or 64
/// hex digits: MD5, SHA-1, SHA-256), or CSV whose header names `md5`, `sha1` and/or `sha256` columns and
/// optionally a `category` column (A, B or C). Blank lines and lines starting with `#` are skipped; any other
/// line that is not a digest (or a row with a malformed cell) is refused, naming the file and the line.
package struct HashListFile: Sendable, Equatable {
    /// A digest algorithm of a hash list.
    package enum Algorithm: String, Sendable, CaseIterable, Codable {
        case md5
        case sha1
        case sha256

        /// The algorithm whose hex digests have `length` digits.
        package init?(hexLength length: Int) {
            switch length {
            case 32: self = .md5
            case 40: self = .sha1
            case 64: self = .sha256
            default: return nil
            }
        }

        /// Hex digits in a digest.
        package var hexLength: Int {
            switch self {
            case .md5: return 32
            case .sha1: return 40
            case .sha256: return 64
            }
        }
    }

    /// One known digest and its category, when the list gives one.
    package struct Entry: Sendable, Equatable, Hashable {
        package var algorithm: Algorithm
        /// Lower-case hex.
        package var digest: String
        package var category: String?
    }

    /// The categories a list may give.
    package static let categories: Set<String> = ["A", "B", "C"]

    /// The entries, without duplicates, in file order.
    package var entries: [Entry]

    /// Parses a hash list.
    /// - Parameters:
    ///   - text: the file's text.
    ///   - source: the file's name, for messages.
    /// - Returns: the list's distinct entries.
    /// - Throws: `ExhibitError.badInput` naming the file and line of the first malformed line, or for a list with
    ///   no digest.
    package static func parse(_ text: String, source: String) throws -> HashListFile {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.first?.hasPrefix("\u{FEFF}") == true, let first = lines.first { lines[0] = String(first.dropFirst()) }
        var entries: [Entry] = []
        var seen = Set<Entry>()
        func add(_ entry: Entry) { if seen.insert(entry).inserted { entries.append(entry) } }
        var header: [String]?
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if header == nil, entries.isEmpty {
                let names = fields(line).map { $0.lowercased() }
                if names.contains(where: { Algorithm(rawValue: $0) != nil }) {
                    header = names
                    continue
                }
            }
            if let header {
                for entry in try row(fields(line), header: header, at: "\(source):\(number)") { add(entry) }
                continue
            }
            guard let entry = digest(line, category: nil) else {
                throw ExhibitError.badInput(
                    "\(source):\(number): not a hex digest (32, 40 or 64 hex digits: MD5, SHA-1, SHA-256)")
            }
            add(entry)
        }
        guard !entries.isEmpty else { throw ExhibitError.badInput("\(source): the hash list holds no digest") }
        return HashListFile(entries: entries)
    }

    /// How many entries of each algorithm the list holds.
    package var counts: [Algorithm: Int] {
        entries.reduce(into: [:]) { counts, entry in counts[entry.algorithm, default: 0] += 1 }
    }

    private static func fields(_ line: String) -> [String] {
        (CSVReader.rows(line + "\n").first ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private static func digest(_ text: String, category: String?) -> Entry? {
        let lower = text.lowercased()
        guard let algorithm = Algorithm(hexLength: lower.utf8.count), Hex.isLowerHex(lower, byteCount: lower.utf8.count / 2)
        else { return nil }
        return Entry(algorithm: algorithm, digest: lower, category: category)
    }

    private static func row(_ cells: [String], header: [String], at location: String) throws -> [Entry] {
        guard cells.count == header.count else {
            throw ExhibitError.badInput("\(location): \(cells.count) fields where the header names \(header.count)")
        }
        var category: String?
        if let column = header.firstIndex(of: "category"), !cells[column].isEmpty {
            let value = cells[column].uppercased()
            guard categories.contains(value) else {
                throw ExhibitError.badInput("\(location): category must be A, B or C (or empty)")
            }
            category = value
        }
        var found: [Entry] = []
        for (column, name) in header.enumerated() {
            guard let algorithm = Algorithm(rawValue: name), !cells[column].isEmpty else { continue }
            guard let entry = digest(cells[column], category: category), entry.algorithm == algorithm else {
                throw ExhibitError.badInput(
                    "\(location): the \(name) column is not a \(algorithm.hexLength)-digit hex \(name.uppercased()) digest")
            }
            found.append(entry)
        }
        guard !found.isEmpty else { throw ExhibitError.badInput("\(location): the row has no digest") }
        return found
    }
}
