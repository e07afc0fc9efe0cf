import ExhibitCore
import GRDB

extension CaseStore {
    /// Which of `hashes` the store already holds as objects (looked up 500 at a time). An object erased by a
    /// recorded destruction is not held: content registered again is stored again.
    func objectsHeld(_ hashes: Set<String>) throws -> Set<String> {
        let sorted = hashes.sorted()
        return try read { db in
            var held = Set<String>()
            let destruction = try db.tableExists(DestroyedObjectRow.databaseTableName)
            for start in stride(from: 0, to: sorted.count, by: 500) {
                let batch = Array(sorted[start..<min(start + 500, sorted.count)])
                held.formUnion(try ObjectRow.filter(keys: batch).fetchAll(db).map(\.sha256))
                if destruction { held.subtract(try DestroyedObjectRow.filter(keys: batch).fetchAll(db).map(\.sha256)) }
            }
            return held
        }
    }
}
