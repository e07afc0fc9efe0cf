import ExhibitCore
import GRDB

/// A `setting` row: the latest value of a store setting and the entry that set it.
struct SettingRow: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "setting"
    var name: String
    var value: String
    var seq: Int
}

/// A `material` row: material classified for the schedules that is not an exhibit of this store.
struct MaterialRow: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "material"
    var ref: String
    var description: String
    var seq: Int
}

/// A `destroyed_exhibit` row: an exhibit destroyed by the entry `seq`.
struct DestroyedExhibitRow: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "destroyed_exhibit"
    var ref: String
    var seq: Int
}

/// A `destroyed_object` row: an object erased from the object store by the entry `seq` (its row in
/// `object` stays, with its hashes, for the files that held it).
struct DestroyedObjectRow: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "destroyed_object"
    var sha256: String
    var seq: Int
}
