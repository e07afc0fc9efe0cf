import ExhibitCore
import GRDB

/// `exhibit setting NAME VALUE` and `init --record-consultation`: store settings, each a `setting` ledger entry.
public enum CaseSettings {
    /// Records a new value for a setting.
    /// - Returns: the `setting` entry.
    /// - Throws: `.badInput` for an unknown setting or a malformed value.
    public static func set(
        name: String, value: String, reason: String?, store: CaseStore, signer: LedgerSigner, actor: Actor
    ) throws -> LedgerEntry {
        let (known, normalised) = try StoreSettings.normalise(name: name, value: value)
        let reason = try ExhibitFields.optional(reason, flag: "--reason")
        return try store.write(signer: signer) { writer in
            try writer.commitOne(
                LedgerEntry(
                    caseID: store.info.id, action: .setting, actor: actor, reason: reason,
                    details: EntryDetails(setting: SettingDetails(name: known.rawValue, value: normalised))))
        }
    }

    /// The store's settings as recorded (defaults for those never set).
    public static func current(_ store: CaseStore) throws -> StoreSettings {
        try store.read { db in
            var settings = StoreSettings()
            for row in try SettingRow.fetchAll(db) { settings.apply(name: row.name, value: row.value) }
            return settings
        }
    }
}
