import ExhibitCore
import GRDB

/// The case database's versioned migrations. A migration is never edited once released; changes are
/// new migrations.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "case_info") { table in
                table.primaryKey("id", .text)
                table.column("case_ref", .text).notNull()
                table.column("incident", .text)
                table.column("operation", .text)
                table.column("agency", .text).notNull()
                table.column("oic", .text).notNull()
                table.column("key_path", .text).notNull()
                table.column("certificate_pem", .text).notNull()
                table.column("certificate_fingerprint", .text).notNull()
                table.column("created_at", .text).notNull()
            }
            try db.create(table: "ledger") { table in
                table.primaryKey("seq", .integer)
                table.column("entry_hash", .text).notNull()
                table.column("body", .text).notNull()
            }
            try db.create(table: "checkpoint") { table in
                table.primaryKey("tree_size", .integer)
                table.column("note", .text).notNull()
                table.column("signature", .blob).notNull()
            }
            try db.create(table: "object") { table in
                table.primaryKey("sha256", .text)
                table.column("size", .integer).notNull()
                table.column("sha1", .text).notNull()
                table.column("md5", .text).notNull()
                table.column("stored_seq", .integer).notNull()
            }
            try db.create(table: "exhibit") { table in
                table.primaryKey("ref", .text)
                table.column("description", .text).notNull()
                table.column("category", .text)
                table.column("seized_by", .text).notNull()
                table.column("seized_from", .text).notNull()
                table.column("seized_at", .text)
                table.column("registered_seq", .integer).notNull()
                table.column("registered_at", .text).notNull()
                table.column("custodian", .text).notNull()
                table.column("location", .text)
            }
            try db.create(table: "exhibit_file") { table in
                table.column("exhibit_ref", .text).notNull().references("exhibit", column: "ref")
                table.column("position", .integer).notNull()
                table.column("name", .text).notNull()
                table.column("path", .text).notNull()
                table.column("sha256", .text).notNull().references("object", column: "sha256")
                table.column("modified_at", .text).notNull()
                table.column("mime", .text).notNull()
                table.primaryKey(["exhibit_ref", "position"])
            }
            try db.create(index: "exhibit_file_sha256", on: "exhibit_file", columns: ["sha256"])
            try db.create(table: "pending_object") { table in
                table.primaryKey("sha256", .text)
                table.column("claimed_at", .text).notNull()
            }
        }
        migrator.registerMigration("v2: parties, marks, derivations") { db in
            try db.create(table: "party") { table in
                table.primaryKey("position", .integer)
                table.column("name", .text).notNull()
                table.column("role", .text).notNull()
                table.column("aliases", .text).notNull()
                table.column("dob", .text)
                table.column("address", .text)
                table.column("phone", .text)
                table.column("email", .text)
                table.column("added_seq", .integer).notNull()
            }
            try db.create(table: "mark") { table in
                table.column("seq", .integer).notNull()
                table.column("exhibit_ref", .text).notNull().references("exhibit", column: "ref")
                table.column("file", .text).notNull()
                table.column("sha256", .text).notNull()
                table.column("x", .integer).notNull()
                table.column("y", .integer).notNull()
                table.column("width", .integer).notNull()
                table.column("height", .integer).notNull()
                table.column("reason", .text).notNull()
                table.primaryKey(["seq"])
            }
            try db.create(table: "derivation") { table in
                table.column("derived", .text).notNull().references("object", column: "sha256")
                table.column("source", .text).notNull().references("object", column: "sha256")
                table.column("exhibit_ref", .text).notNull().references("exhibit", column: "ref")
                table.column("file", .text).notNull()
                table.column("policy_id", .text).notNull()
                table.column("policy_version", .text).notNull()
                table.column("policy_sha256", .text).notNull()
                table.column("rules", .text).notNull()
                table.column("seq", .integer).notNull()
                table.primaryKey(["seq", "derived", "exhibit_ref", "file"])
            }
        }
        migrator.registerMigration("v3: partners") { db in
            try db.create(table: "partner") { table in
                table.primaryKey("id", .text)
                table.column("name", .text).notNull()
                table.column("certificate_pem", .text).notNull()
                table.column("fingerprint", .text).notNull()
                table.column("ca_pem", .text)
                table.column("crl_pem", .text)
                table.column("added_seq", .integer).notNull()
            }
        }
        migrator.registerMigration("v4: pending outputs") { db in
            // Files and folders a writing command is preparing outside the store (a bundle, a report, a receipt, a
            // redaction folder), recorded before they are created so that a killed command's leftovers are found.
            // `committed_seq` is set in the transaction that records the command: then the next writer completes
            // the rename instead of deleting the output.
            try db.create(table: "pending_output") { table in
                table.primaryKey("destination", .text)
                table.column("temporary", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("claimed_at", .text).notNull()
                table.column("committed_seq", .integer)
            }
        }
        migrator.registerMigration("v5: settings, other material, destruction") { db in
            try db.create(table: "setting") { table in
                table.primaryKey("name", .text)
                table.column("value", .text).notNull()
                table.column("seq", .integer).notNull()
            }
            try db.create(table: "material") { table in
                table.primaryKey("ref", .text)
                table.column("description", .text).notNull()
                table.column("seq", .integer).notNull()
            }
            try db.create(table: "destroyed_exhibit") { table in
                table.primaryKey("ref", .text)
                table.column("seq", .integer).notNull()
            }
            try db.create(table: "destroyed_object") { table in
                table.primaryKey("sha256", .text)
                table.column("seq", .integer).notNull()
            }
        }
        migrator.registerMigration("v6: scale (file lookups, history index, stored Merkle tree)") { db in
            try db.create(index: "exhibit_file_path", on: "exhibit_file", columns: ["exhibit_ref", "path"])
            try db.create(table: "ledger_exhibit", options: [.withoutRowID]) { table in
                table.column("ref", .text).notNull()
                table.column("seq", .integer).notNull()
                table.primaryKey(["ref", "seq"])
            }
            try db.create(table: "merkle_node", options: [.withoutRowID]) { table in
                table.column("level", .integer).notNull()
                table.column("idx", .integer).notNull()
                table.column("hash", .blob).notNull()
                table.primaryKey(["level", "idx"])
            }
            try LedgerProjection.indexExistingLedger(db)
        }
        migrator.registerMigration("v7 (issue 14, trust): hash lists") { db in
            // Known-image hash lists (`hashset import`). Not a projection of the ledger: the ledger records each
            // list's name, counts and file digest, never the digests, so these rows are kept only here.
            try db.create(table: "hash_list") { table in
                table.primaryKey("name", .text)
                table.column("file_sha256", .text).notNull()
                table.column("entries", .integer).notNull()
                table.column("imported_seq", .integer).notNull()
            }
            try db.create(table: "hash_list_entry") { table in
                table.column("list", .text).notNull().references("hash_list", column: "name")
                table.column("algorithm", .text).notNull()
                table.column("digest", .text).notNull()
                table.column("category", .text)
                table.primaryKey(["list", "algorithm", "digest"])
            }
            try db.create(index: "hash_list_entry_digest", on: "hash_list_entry", columns: ["digest"])
        }
        migrator.registerMigration("v8: entries by action") { db in
            // Which entries are of each action (witnessed checkpoints, receipts, exports), so the commands that look
            // for them do not read the whole ledger.
            try db.create(table: "ledger_action", options: [.withoutRowID]) { table in
                table.column("action", .text).notNull()
                table.column("seq", .integer).notNull()
                table.primaryKey(["action", "seq"])
            }
            try db.execute(
                sql: "INSERT INTO ledger_action (action, seq) SELECT json_extract(body, '$.action'), seq FROM ledger ORDER BY seq"
            )
        }
        migrator.registerMigration("v9 (issue 14, independent time): time-stamp authority, checkpoint tokens") { db in
            // The authority each `timestamp-authority` entry named (a projection of the ledger).
            try db.create(table: "timestamp_authority") { table in
                table.primaryKey("seq", .integer)
                table.column("url", .text).notNull()
                table.column("certificate_pem", .text).notNull()
                table.column("fingerprint", .text).notNull()
            }
            // RFC 3161 tokens over checkpoints' signatures, or the note that one is waiting. Not a projection: a
            // token is self-authenticating and may be added after its checkpoint.
            try db.create(table: "checkpoint_token") { table in
                table.primaryKey("tree_size", .integer).references("checkpoint", column: "tree_size")
                table.column("state", .text).notNull()
                table.column("token", .blob)
                table.column("authority", .text).notNull()
                table.column("gen_time", .text)
                table.column("requested_at", .text).notNull()
            }
            try db.create(index: "checkpoint_token_state", on: "checkpoint_token", columns: ["state"])
        }
        migrator.registerMigration("v10 (issue 11, scale): object claims in the order made") { db in
            // A claim is written before its object is moved into place, a part of an intake at a time, and is read
            // back whole (by recovery and at the commit): kept in the order made, with no index on the object, a part's
            // claims are a few appended pages instead of a page of a random index each, and its flush is that small.
            // A release that still writes `INSERT OR REPLACE` claims writes them here as well.
            try db.execute(
                sql: """
                    CREATE TABLE pending_object_claim (
                        position INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, claimed_at TEXT NOT NULL);
                    INSERT INTO pending_object_claim (sha256, claimed_at) SELECT sha256, claimed_at FROM pending_object;
                    DROP TABLE pending_object;
                    ALTER TABLE pending_object_claim RENAME TO pending_object;
                    """)
        }
        return migrator
    }
}
