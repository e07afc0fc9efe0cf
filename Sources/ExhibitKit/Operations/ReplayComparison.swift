import ExhibitCore
import GRDB

/// Compares the tables a replay of the ledger built (the scratch database, `main`) with the store's own tables
/// (attached as `store`), row for row, in SQL: memory does not grow with the size of the case. Every extra,
/// missing or changed row is named.
enum ReplayComparison {
    /// A projected table: its name, the columns that identify a row, and how a row is named in a message.
    struct Table: Sendable {
        var name: String
        var key: [String]
        /// What the store's row without a ledger entry is said to lack (`registered it`, `accounts for it`).
        var unaccounted: String = "accounts for it"
        var describe: @Sendable (Row) -> String
    }

    /// The tables the ledger determines, in the order they are reported.
    static let tables: [Table] = [
        Table(name: "exhibit", key: ["ref"], unaccounted: "registered it") { "exhibit \(text($0, "ref"))" },
        Table(name: "exhibit_file", key: ["exhibit_ref", "position"]) {
            "exhibit \(text($0, "exhibit_ref")): file \(text($0, "name")) (position \(text($0, "position")))"
        },
        Table(name: "object", key: ["sha256"]) { "object \(text($0, "sha256"))" },
        Table(name: "party", key: ["position"]) { "party \(text($0, "position")) (\(text($0, "role")))" },
        Table(name: "partner", key: ["id"]) { "partner \(text($0, "id"))" },
        Table(name: "mark", key: ["seq"]) {
            "mark of entry \(text($0, "seq")) on \(text($0, "exhibit_ref")) \(text($0, "file"))"
        },
        Table(name: "derivation", key: ["seq", "exhibit_ref", "file", "derived"]) {
            "derived object \(text($0, "derived")) (\(text($0, "exhibit_ref")) \(text($0, "file")), policy \(text($0, "policy_id")))"
        },
        Table(name: "setting", key: ["name"]) { "setting \(text($0, "name"))" },
        Table(name: "material", key: ["ref"]) { "material \(text($0, "ref"))" },
        Table(name: "destroyed_exhibit", key: ["ref"]) { "destruction of \(text($0, "ref")) (entry \(text($0, "seq")))" },
        Table(name: "destroyed_object", key: ["sha256"]) {
            "erasure of object \(text($0, "sha256")) (entry \(text($0, "seq")))"
        },
        Table(name: "timestamp_authority", key: ["seq"]) { "the time-stamp authority of entry \(text($0, "seq"))" },
        Table(name: "ledger_exhibit", key: ["ref", "seq"]) { "the index of entry \(text($0, "seq")) under \(text($0, "ref"))" },
        Table(name: "ledger_action", key: ["action", "seq"]) { "the index of entry \(text($0, "seq")) as \(text($0, "action"))" },
        Table(name: "merkle_node", key: ["level", "idx"]) { "Merkle node \(text($0, "level"))/\(text($0, "idx"))" },
    ]

    /// At most this many differences are named per table (the count says how many there are).
    static let namedPerTable = 50

    /// Every difference between the replay and the store's tables.
    /// - Throws: the database's errors.
    static func differences(_ db: Database) throws -> [String] {
        var problems: [String] = []
        for table in tables {
            let extra = try rows(db, table, from: "store", notIn: "main")
            let missing = try rows(db, table, from: "main", notIn: "store")
            let changedKeys = Set(extra.rows.map { key($0, table) }).intersection(missing.rows.map { key($0, table) })
            for row in extra.rows {
                let rowKey = key(row, table)
                if changedKeys.contains(rowKey), let expected = missing.rows.first(where: { key($0, table) == rowKey }) {
                    let columns = row.columnNames.filter { row[$0] as DatabaseValue != expected[$0] as DatabaseValue }
                    problems.append(
                        "\(table.describe(expected)): \(columns.joined(separator: ", ")) in the database "
                            + "\(columns.count == 1 ? "differs" : "differ") from the ledger")
                } else {
                    problems.append("\(table.describe(row)) is in the database but no ledger entry \(table.unaccounted)")
                }
            }
            for row in missing.rows where !changedKeys.contains(key(row, table)) {
                problems.append("\(table.describe(row)) is in the ledger but missing from the database")
            }
            let unnamed = max(extra.count, missing.count) - namedPerTable
            if unnamed > 0 { problems.append("\(unnamed) more difference(s) in table \(table.name)") }
        }
        return problems
    }

    /// Rows of `schema`.`table` that the other schema does not hold (the first `namedPerTable`), and their count.
    private static func rows(_ db: Database, _ table: Table, from schema: String, notIn other: String) throws -> (
        rows: [Row], count: Int
    ) {
        let difference = "SELECT * FROM \(schema).\(table.name) EXCEPT SELECT * FROM \(other).\(table.name)"
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(difference))") ?? 0
        guard count > 0 else { return ([], 0) }
        let order = table.key.joined(separator: ", ")
        return (try Row.fetchAll(db, sql: "\(difference) ORDER BY \(order) LIMIT \(namedPerTable)"), count)
    }

    private static func key(_ row: Row, _ table: Table) -> [DatabaseValue] {
        table.key.map { row[$0] as DatabaseValue }
    }

    /// A column's value as text, for a message.
    private static func text(_ row: Row, _ column: String) -> String {
        let value: DatabaseValue = row[column]
        switch value.storage {
        case .null: return "none"
        case .int64(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let string): return string
        case .blob(let data): return Hex.encode(Array(data))
        }
    }
}
