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

    /// Moves flushed staging copies into the object store, each content once: new objects are claimed as
    /// pending first (so a crash before the commit leaves nothing unaccounted for), renamed into place and
    /// their folders flushed. Copies of content already held are left in staging for the caller to delete.
    /// Must be called with the writer lock held, before the commit that registers the objects.
    /// - Returns: how many objects were new.
    func admit(_ staged: [StagedFile]) throws -> Int {
        let held = try objectsHeld(Set(staged.map(\.digests.sha256)))
        var fresh: [String: String] = [:]
        for file in staged where !held.contains(file.digests.sha256) && fresh[file.digests.sha256] == nil {
            fresh[file.digests.sha256] = file.stagingPath
        }
        try claimPending(fresh.keys.sorted())
        var touched = Set<String>()
        for (hash, path) in fresh.sorted(by: { $0.key < $1.key }) { touched.insert(try objects.place(staged: path, as: hash)) }
        if touched.count > 8 {
            try FileSystem.syncFileSystem(containing: objects.root)
        } else {
            for folder in touched.sorted() { try FileSystem.syncDirectory(folder) }
        }
        return fresh.count
    }
}
