import ExhibitCore
import GRDB

extension CaseStore {
    /// Which of `hashes` the store already holds as objects (looked up in one query). An object erased by a
    /// recorded destruction is not held: content registered again is stored again.
    func objectsHeld(_ hashes: Set<String>) throws -> Set<String> {
        guard !hashes.isEmpty else { return [] }
        return try read { db in
            let list = try SQLList.json(hashes.sorted())
            var held = Set(
                try String.fetchAll(
                    db, sql: "SELECT sha256 FROM object WHERE sha256 IN (SELECT value FROM json_each(?))", arguments: [list]))
            if try db.tableExists(DestroyedObjectRow.databaseTableName) {
                held.subtract(
                    try String.fetchAll(
                        db, sql: "SELECT sha256 FROM destroyed_object WHERE sha256 IN (SELECT value FROM json_each(?))",
                        arguments: [list]))
            }
            return held
        }
    }
}
