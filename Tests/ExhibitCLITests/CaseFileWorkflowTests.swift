import Foundation
import Testing

/// The case file with the real binary: a case driven through registration, transfers, seals, accesses,
/// redaction, export and receipt between two agencies, then every report checked line by line against the
/// ledger (`history --json`).
@Suite struct CaseFileWorkflowTests {
    /// The ledger as `history --json` prints it: entry by sequence number.
    static func ledger(_ cli: CLIHarness) throws -> [Int: [String: Any]] {
        let history = try #require(try cli.expectSuccess(["history", "--json"]).json() as? [[String: Any]])
        var entries: [Int: [String: Any]] = [:]
        for item in history {
            guard let seq = item["seq"] as? Int, let entry = item["entry"] as? [String: Any] else { continue }
            entries[seq] = entry
        }
        return entries
    }

    /// RFC 4180 rows keyed by the header.
    static func csv(_ text: String) -> [[String: String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\r\n" || character == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(zip(header, $0).map { ($0, $1) }, uniquingKeysWith: { first, _ in first }) }
    }

    /// The two agencies with a case driven through every kind of handling.
    static func drivenCase() throws -> BundleTests.Pair {
        let police = try RedactionWorkflowTests.samplesCase()
        let csc = try CLIHarness.withCase(agency: BundleTests.csc, oic: "Tom Okafor", caseRef: "NCSC-2026-0881")
        try police.expectSuccess(["partners", "add", csc.certificate, "--name", BundleTests.csc, "--id", "ncsc"])
        try csc.expectSuccess(["partners", "add", police.certificate, "--name", BundleTests.police, "--id", "np"])
        try police.expectSuccess(["seal", "PS/1", "--seal", "NP00412345", "--location", "CAIU exhibits store"])
        try police.expectSuccess([
            "transfer", "PS/1", "--to", "DS 1187 Jo Reed (digital media investigator)", "--reason", "examination",
            "--location", "DFU Northbridge",
        ])
        try police.expectSuccess([
            "unseal", "PS/1", "--seal", "NP00412345", "--reason", "examination", "--actor", "DS 1187 Jo Reed",
        ])
        try police.expectSuccess([
            "access", "PS/1", "--reason", "screenshots reviewed", "--actor", "DS 1187 Jo Reed", "--actor-role", "DMI",
            "--actor-id",
            "1187",
        ])
        try police.expectSuccess(["seal", "PS/1", "--seal", "NP00412399", "--actor", "DS 1187 Jo Reed"])
        try police.expectSuccess(["access", "PS/2", "--reason", "a look", "--actor", "PC 9999 Sam Other"])
        try police.expectSuccess(["redact", "PS/3", "--policy", "disclosure-to-parents", "--out", police.path("to-parent")])
        let bundle = police.path("out/case.exhibit")
        try police.expectSuccess([
            "export", "--policy", "police-to-childrens-services", "--to", "ncsc", "--purpose", "strategy discussion", "--out",
            bundle,
        ])
        try csc.expectSuccess(["receive", bundle, "--import", "--receipt", csc.path("receipt.p7s")])
        try police.expectSuccess(["receipt", "import", csc.path("receipt.p7s")])
        try police.expectSuccess(["verify", "--record"])
        return BundleTests.Pair(police: police, csc: csc, bundle: bundle)
    }

    @Test func everyReportMatchesTheLedgerLineByLine() throws {
        let pair = try Self.drivenCase()
        let police = pair.police
        let ledger = try Self.ledger(police)
        let list = try #require(try police.expectSuccess(["list", "--json"]).json() as? [[String: Any]])

        // Exhibit list: every exhibit, its fields and the entries behind them.
        let exhibits = try #require(
            (try police.expectSuccess(["report", "exhibits", "--json"]).json() as? [String: Any])?["exhibits"] as? [[String: Any]]
        )
        #expect(exhibits.map { $0["ref"] as? String } == list.map { $0["ref"] as? String })
        for (item, listed) in zip(exhibits, list) {
            let ref = try #require(listed["ref"] as? String)
            let registered = try #require((item["registered"] as? [String: Any])?["entry"] as? Int)
            #expect(registered == listed["registeredEntry"] as? Int)
            #expect(ledger[registered]?["action"] as? String == "registered")
            #expect((item["description"] as? [String: Any])?["value"] as? String == listed["description"] as? String)
            #expect((item["custodian"] as? [String: Any])?["value"] as? String == listed["custodian"] as? String)
            let custodyEntry = try #require((item["custodian"] as? [String: Any])?["entry"] as? Int)
            let lastTransfer = ledger.filter {
                ($0.value["exhibits"] as? [String])?.contains(ref) == true && $0.value["action"] as? String == "transferred"
            }
            .keys.max()
            #expect(custodyEntry == lastTransfer ?? registered, "\(ref)")
            let hashes = (item["files"] as? [[String: Any]])?.compactMap { $0["sha256"] as? String }
            #expect(hashes == (listed["files"] as? [[String: Any]])?.compactMap { $0["sha256"] as? String })
        }
        let ps1 = try #require(exhibits.first { $0["ref"] as? String == "PS/1" })
        #expect((ps1["status"] as? [String: Any])?["value"] as? String == "sealed (NP00412399)")
        let exhibitRows = Self.csv(try police.expectSuccess(["report", "exhibits", "--format", "csv"]).stdout)
        #expect(exhibitRows.count == list.count)
        for row in exhibitRows {
            let seq = try #require(Int(row["Exhibit entry"] ?? ""))
            #expect(row["Registered (UTC)"] == ledger[seq]?["time"] as? String)
            #expect((ledger[seq]?["exhibits"] as? [String]) == [row["Exhibit"] ?? ""])
        }

        // Continuity: every row is an entry about the exhibit, at the entry's time, in ledger order; nothing missing.
        let continuity = Self.csv(try police.expectSuccess(["report", "continuity", "--format", "csv"]).stdout)
        for ref in list.compactMap({ $0["ref"] as? String }) {
            let rows = continuity.filter { $0["Exhibit"] == ref && $0["Flag"] == "" && $0["Entry"] != "" }
            let expected = ledger.filter {
                ($0.value["exhibits"] as? [String])?.contains(ref) == true
                    && !["classified", "consulted"].contains($0.value["action"] as? String ?? "")
            }.keys.sorted()
            let verification = ledger.filter { $0.value["action"] as? String == "verified" }.keys.max()
            #expect(rows.compactMap { Int($0["Entry"] ?? "") } == expected + [verification].compactMap { $0 }, "\(ref)")
            for row in rows {
                let seq = try #require(Int(row["Entry"] ?? ""))
                #expect(row["When (UTC)"] == ledger[seq]?["time"] as? String)
            }
        }
        let statement = try police.expectSuccess(["report", "continuity", "PS/1"]).stdout
        #expect(statement.contains("PC 2231 Ali Khan seized or produced this exhibit from Claire Turner (mother)"))
        #expect(
            statement.contains(
                "transferred it from DC 4521 Priya Shah to DS 1187 Jo Reed (digital media investigator) (examination) at DFU Northbridge"
            ))
        #expect(statement.contains("DS 1187 Jo Reed, Northshire Police CAIU broke seal NP00412345 (examination)"))
        #expect(statement.contains("DS 1187 Jo Reed (DMI, 1187), Northshire Police CAIU examined it (screenshots reviewed)"))
        #expect(statement.contains("exported it to Northshire Children's Social Care in bundle EXB-"))
        #expect(statement.contains("signed receipt for bundle EXB-") && statement.contains(": accepted"))
        #expect(statement.contains("verified the case store") && !statement.contains("GAP:"))
        let ps2 = try police.expectSuccess(["report", "continuity", "PS/2"]).stdout
        #expect(ps2.contains("GAP: PC 9999 Sam Other examined PS/2 while it was in the custody of DC 4521 Priya Shah"))

        // Disclosure record sheet: the standalone redaction, the export and the receipt, nothing else.
        let disclosures = Self.csv(try police.expectSuccess(["report", "disclosures", "--format", "csv"]).stdout)
        #expect(disclosures.map { $0["Disclosure"] ?? "" } == ["redacted copies", "export", "receipt"])
        for row in disclosures {
            let seq = try #require(Int(row["Entry"] ?? ""))
            #expect(row["Date (UTC)"] == ledger[seq]?["time"] as? String)
        }
        let export = try #require(ledger.values.first { $0["action"] as? String == "exported" })
        let exportDetails = try #require((export["details"] as? [String: Any])?["export"] as? [String: Any])
        #expect(disclosures[1]["Recipient"]?.hasPrefix("Northshire Children's Social Care (partner ncsc") == true)
        #expect(disclosures[1]["Bundle"]?.contains(exportDetails["bundleID"] as? String ?? "?") == true)
        #expect(disclosures[1]["Policy applied"]?.hasPrefix("police-to-childrens-services") == true)
        #expect(disclosures[0]["Policy applied"]?.hasPrefix("disclosure-to-parents") == true)

        // The s.62 log: one line per logged entry, in order, with its operation.
        let log = Self.csv(try police.expectSuccess(["report", "log", "--format", "csv"]).stdout)
        let operations: [String: String] = [
            "registered": "collection", "party-added": "collection", "received": "combination", "redacted": "alteration",
            "marked": "alteration", "accessed": "consultation", "consulted": "consultation", "exported": "disclosure",
            "returned": "disclosure", "destroyed": "erasure",
        ]
        let logged = ledger.filter { operations[$0.value["action"] as? String ?? ""] != nil }.keys.sorted()
        #expect(log.compactMap { Int($0["Entry"] ?? "") } == logged)
        for row in log {
            let entry = try #require(ledger[Int(row["Entry"] ?? "") ?? 0])
            #expect(row["Operation"] == operations[entry["action"] as? String ?? ""])
            #expect(row["When (UTC)"] == entry["time"] as? String)
            #expect(row["Who"]?.hasPrefix((entry["actor"] as? [String: Any])?["name"] as? String ?? "?") == true)
        }
        #expect(log.first { $0["Operation"] == "disclosure" }?["Recipients"] == "Northshire Children's Social Care (ncsc)")
        let byJo = Self.csv(try police.expectSuccess(["report", "log", "--format", "csv", "--actor", "DS 1187 Jo Reed"]).stdout)
        #expect(byJo.count == 1 && byJo.first?["Justification"] == "screenshots reviewed")
        let firstTime = try #require(ledger[2]?["time"] as? String)
        let fromSecond = Self.csv(try police.expectSuccess(["report", "log", "--format", "csv", "--to", firstTime]).stdout)
        #expect(fromSecond.compactMap { Int($0["Entry"] ?? "") } == [2])

        // The receiving agency: its exhibits came from the bundle, combined into its case.
        let received = try #require(
            (try pair.csc.expectSuccess(["report", "exhibits", "--json"]).json() as? [String: Any])?["exhibits"]
                as? [[String: Any]])
        #expect(
            received.contains {
                $0["ref"] as? String == "np:PS/1" && ($0["receivedFrom"] as? String)?.contains("bundle EXB-") == true
            })
        let cscLog = Self.csv(try pair.csc.expectSuccess(["report", "log", "--format", "csv"]).stdout)
        #expect(cscLog.filter { $0["Operation"] == "combination" }.count == received.count)
        #expect(try police.run(["verify"]).status == 0)
    }

    @Test func scheduleNumbersAreStableAndTheSensitiveScheduleNeverLeaksIntoTheOther() throws {
        let cli = try RedactionWorkflowTests.samplesCase()
        try cli.expectSuccess(["classify", "PS/2", "--unused"])
        try cli.expectSuccess(["classify", "RP/1", "--unused"])
        try cli.expectSuccess([
            "classify", "NB/7", "--unused", "--sensitive", "--reason", "names the informant Kestrel", "--description",
            "Pocket notebook page 7",
        ])
        try cli.expectSuccess(["classify", "PS/1", "--used"])
        func schedule(_ extra: [String] = []) throws -> [(Int, String)] {
            let json = try #require(try cli.expectSuccess(["report", "schedule", "--json"] + extra).json() as? [String: Any])
            return (json["items"] as? [[String: Any]] ?? []).map { ($0["number"] as? Int ?? 0, $0["ref"] as? String ?? "") }
        }
        #expect(try schedule().map { "\($0.0) \($0.1)" } == ["1 PS/2", "2 RP/1"])
        try cli.expectSuccess(["classify", "SW/1", "--unused"])
        try cli.expectSuccess(["classify", "PS/2", "--used"])
        try cli.expectSuccess(["classify", "PS/2", "--unused"])
        try cli.expectSuccess(["classify", "RP/1", "--unused", "--sensitive", "--reason", "third-party school record"])
        try cli.expectSuccess(["classify", "CCTV/1", "--unused", "--description", "CCTV request log"])
        #expect(try schedule().map { "\($0.0) \($0.1)" } == ["1 PS/2", "3 SW/1", "4 CCTV/1"])
        #expect(try schedule(["--sensitive"]).map { "\($0.0) \($0.1)" } == ["1 NB/7", "2 RP/1"])
        for format in ["html", "csv", "json", "text"] {
            let output = try cli.expectSuccess(["report", "schedule", "--format", format]).stdout
            for secret in ["NB/7", "Pocket notebook", "Kestrel", "RP/1", "school record", "MG6D"] {
                #expect(!output.contains(secret), "the \(format) MG6C names \(secret)")
            }
        }
        let sensitive = try cli.expectSuccess(["report", "schedule", "--sensitive", "--format", "text"]).stdout
        #expect(sensitive.contains("Kestrel") && sensitive.contains("third-party school record"))
        // Usage errors record nothing.
        #expect(try cli.run(["classify", "PS/3", "--unused", "--sensitive"]).status == 2)
        #expect(try cli.run(["classify", "XX/1", "--unused"]).status == 2)
        #expect(try cli.run(["classify", "PS/3", "--used", "--unused"]).status == 2)
        #expect(try cli.run(["verify"]).status == 0)
    }

    @Test func consultationIsRecordedOnlyWhenTheCaseSaysSo() throws {
        let cli = try RedactionWorkflowTests.samplesCase()
        let reads: [[String]] = [
            ["show", "PS/1"], ["report", "exhibits"], ["report", "continuity", "PS/1"],
            ["redact", "PS/3", "--policy", "disclosure-to-parents", "--preview"],
        ]
        let before = try Self.ledger(cli).count
        for command in reads { try cli.expectSuccess(command) }
        #expect(try Self.ledger(cli).count == before, "a reading command wrote to the ledger with consultation off")

        try cli.expectSuccess(["setting", "record-consultation", "on", "--reason", "DPA 2018 s.62"])
        var size = try Self.ledger(cli).count
        for command in reads {
            let result = try cli.expectSuccess(command + ["--reason", "case review"])
            #expect(result.stderr.contains("consultation recorded as ledger entry \(size + 1)"))
            let ledger = try Self.ledger(cli)
            #expect(ledger.count == size + 1, "\(command)")
            let entry = try #require(ledger[size + 1])
            #expect(entry["action"] as? String == "consulted" && entry["reason"] as? String == "case review")
            let consulted = (entry["details"] as? [String: Any])?["consultation"] as? [String: Any]
            #expect((consulted?["command"] as? String)?.hasPrefix(command[0]) == true)
            size += 1
        }
        // Without the key's passphrase nothing is shown and nothing recorded.
        let refused = try cli.run(["show", "PS/1"], environment: ["EXHIBIT_PASSPHRASE_FILE": cli.path("missing")])
        #expect(refused.status == 3 && refused.stdout.isEmpty)
        #expect(try Self.ledger(cli).count == size)
        // The s.62 log shows the consultations.
        let log = Self.csv(try cli.expectSuccess(["report", "log", "--format", "csv"]).stdout)
        #expect(log.filter { $0["Ledger action"] == "consulted" }.count == reads.count)
        try cli.expectSuccess(["setting", "record-consultation", "off"])
        let afterOff = try Self.ledger(cli).count
        try cli.expectSuccess(["show", "PS/1"])
        #expect(try Self.ledger(cli).count == afterOff)

        // init --record-consultation turns it on from the start.
        let fresh = try CLIHarness()
        try fresh.expectSuccess(["keys", "generate", "--agency", CLIHarness.agency, "--out", fresh.path("keys/a")])
        try fresh.expectSuccess([
            "init", "--case-ref", "CRN 1", "--agency", CLIHarness.agency, "--oic", CLIHarness.oic, "--key",
            fresh.path("keys/a.key"), "--cert", fresh.path("keys/a.crt"), "--record-consultation",
        ])
        let opened = try Self.ledger(fresh)
        #expect(
            opened.count == 2
                && ((opened[2]?["details"] as? [String: Any])?["setting"] as? [String: Any])?["value"] as? String == "on")
        try fresh.expectSuccess(["report", "exhibits"])
        #expect(try Self.ledger(fresh)[3]?["action"] as? String == "consulted")
        #expect(try fresh.run(["verify"]).status == 0 && (try cli.run(["verify"])).status == 0)
    }

    @Test func destructionErasesTheObjectsAndVerifyAcceptsOnlyThatAbsence() throws {
        let cli = try RedactionWorkflowTests.samplesCase()
        let screenshot = "\(RedactionWorkflowTests.samples)/screenshots/chat-01.png"
        // RP/9 holds the same content as one of PS/1's files: destroying PS/1 must keep that object.
        try cli.expectSuccess([
            "add", screenshot, "--ref", "RP/9", "--description", "copy", "--seized-by", "x", "--seized-from", "y",
        ])
        let result = try #require(
            try cli.expectSuccess(["destroy", "PS/1", "--reason", "court order", "--authority", "Judge A", "--json"]).json()
                as? [String: Any])
        let erased = try #require(result["erased"] as? [String])
        let retained = try #require(result["retained"] as? [String])
        #expect(erased.count == 2 && retained.count == 1)
        for hash in erased {
            #expect(!FileManager.default.fileExists(atPath: "\(cli.store)/objects/sha256/\(hash.prefix(2))/\(hash.dropFirst(2))"))
        }
        let verified = try cli.run(["verify", "--json"])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect((try verified.json() as? [String: Any])?["destroyed"] as? Int == 2)
        // A destroyed exhibit has no further custody: every continuity event on it is refused.
        let transfer = try cli.run(["transfer", "PS/1", "--to", "x", "--reason", "y"])
        #expect(transfer.status == 2 && transfer.stderr.contains("was destroyed"))
        #expect(try cli.run(["access", "PS/1", "--reason", "y"]).status == 2)
        #expect(try cli.run(["seal", "PS/1", "--seal", "N1"]).status == 2)
        #expect(try cli.run(["destroy", "PS/1", "--reason", "again", "--authority", "x"]).status == 2)
        // Export and redaction of the whole case skip it.
        try cli.expectSuccess(["redact", "--policy", "police-to-childrens-services", "--out", cli.path("all")])
        // Any other missing object is still a failure.
        let kept = try #require(retained.first)
        let path = "\(cli.store)/objects/sha256/\(kept.prefix(2))/\(kept.dropFirst(2))"
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try FileManager.default.removeItem(atPath: path)
        let broken = try cli.run(["verify"])
        #expect(broken.status == 1 && broken.stdout.contains(kept))
        // The same content registered again is stored again.
        let fresh = try RedactionWorkflowTests.samplesCase()
        try fresh.expectSuccess(["destroy", "PS/2", "--reason", "r", "--authority", "a"])
        try fresh.expectSuccess([
            "add", "\(RedactionWorkflowTests.samples)/photos", "--ref", "PS/2B", "--description", "again", "--seized-by", "x",
            "--seized-from", "y",
        ])
        #expect(try fresh.run(["verify"]).status == 0)
    }

    @Test func reportsGoToANewFileOnly() throws {
        let cli = try RedactionWorkflowTests.samplesCase()
        let out = cli.path("reports/exhibits.html")
        try FileManager.default.createDirectory(atPath: cli.path("reports"), withIntermediateDirectories: true)
        try cli.expectSuccess(["report", "exhibits", "--out", out])
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("Exhibit list (MG12)"))
        let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try cli.run(["report", "exhibits", "--out", out])
        #expect(again.status == 2 && again.stderr.contains("already exists"))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == html)
        #expect((try FileManager.default.contentsOfDirectory(atPath: cli.path("reports"))) == ["exhibits.html"])
        let bare = try cli.expectSuccess(["report"]).stdout
        for name in ["exhibits", "continuity", "schedule", "disclosures", "log", "clocks", "case-uco"] {
            #expect(bare.contains(name))
        }
        #expect(try cli.run(["report", "continuity", "NOPE/1"]).status == 2)
        #expect(try cli.run(["report", "case-uco", "--format", "csv"]).status == 2)
    }
}
