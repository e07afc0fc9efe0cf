import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// The pure report layer on ledgers built in memory: gaps in continuity, stable schedule numbering, the
/// sensitive schedule kept apart, the clocks' statuses, and escaping in every format.
struct CaseFileReportTests {
    static let oic = Actor(name: "DC 4521 Priya Shah", agency: "Northshire Police CAIU", role: "OIC", id: "4521")
    static let dmi = Actor(name: "DS 1187 Jo Reed", agency: "Northshire Police CAIU", role: "DMI")
    static let stranger = Actor(name: "PC 9999 Sam Other", agency: "Northshire Police CAIU")

    /// A ledger: entries numbered from 1, one minute apart from 18 November 2026 10:00 UTC.
    struct Ledger {
        var entries: [LedgerEntry] = []

        mutating func add(
            _ action: LedgerAction, _ actor: Actor = CaseFileReportTests.oic, refs: [String] = [], reason: String? = nil,
            text: String? = nil, details: EntryDetails? = nil
        ) {
            var entry = LedgerEntry(
                caseID: "case-1", time: Timestamp.format(Date(timeIntervalSince1970: 1_795_514_400 + Double(entries.count * 60))),
                action: action, actor: actor, exhibits: refs, reason: reason, text: text, details: details)
            entry.sequence = entries.count + 1
            entries.append(entry)
        }

        mutating func register(_ ref: String, description: String = "Screenshots") {
            let file = FileRecord(
                name: "chat.png", path: "chat.png", source: "chat.png",
                digests: FileDigests(size: 10, sha256: String(repeating: "a", count: 64), sha1: "b", md5: "c"),
                modified: "2026-11-18T09:00:00.000Z", mime: "image/png", alsoIn: nil)
            add(
                .registered, refs: [ref],
                details: EntryDetails(
                    exhibit: ExhibitDetails(
                        ref: ref, description: description, category: "screenshot", seizedBy: "PC 2231 Ali Khan",
                        seizedFrom: "the mother", seizedAt: "2026-11-18T09:30:00.000Z", note: nil, files: [file], refused: [])))
        }

        mutating func classify(
            _ ref: String, _ use: MaterialUse, sensitive: Bool = false, reason: String? = nil, description: String? = nil
        ) {
            add(
                .classified, refs: [ref], reason: reason,
                details: EntryDetails(
                    classification: ClassificationDetails(ref: ref, use: use, sensitive: sensitive, description: description)))
        }

        func file() -> CaseFile { CaseFile(entries: entries, head: "f00d") }
    }

    static func opened() -> Ledger {
        var ledger = Ledger()
        ledger.add(
            .opened,
            details: EntryDetails(
                caseRecord: CaseDetails(
                    caseRef: "CRN 13/123456/26", incident: nil, operation: nil, agency: "Northshire Police CAIU", oic: oic.name,
                    certificate: "00")))
        return ledger
    }

    @Test func gapsInContinuityAreFlaggedNotHidden() throws {
        var ledger = Self.opened()
        ledger.register("PS/1")
        ledger.add(.sealed, refs: ["PS/1"], details: EntryDetails(seal: SealDetails(number: "NP001")))
        ledger.add(.sealed, refs: ["PS/1"], details: EntryDetails(seal: SealDetails(number: "NP002")))  // 4: changed, no unseal
        ledger.add(.unsealed, refs: ["PS/1"], details: EntryDetails(seal: SealDetails(number: "NP002")))  // 5: no reason
        ledger.add(.accessed, Self.stranger, refs: ["PS/1"], reason: "looked")  // 6: not the custodian
        ledger.add(
            .transferred, refs: ["PS/1"], reason: "examination",
            details: EntryDetails(
                transfer: TransferDetails(from: Self.oic.name, to: "DS 1187 Jo Reed (digital media investigator)")))
        ledger.add(.accessed, Self.dmi, refs: ["PS/1"], reason: "examined")  // 8: the custodian, fine
        ledger.add(
            .unsealed, Self.dmi, refs: ["PS/1"], reason: "again", details: EntryDetails(seal: SealDetails(number: "NP009")))
        let report = try ContinuityReport(ledger.file())
        let statement = try #require(report.statements.first)
        #expect(statement.gaps.map(\.entry) == [4, 5, 6, 9])
        #expect(statement.gaps[0].problem.contains("from NP001 to NP002"))
        #expect(statement.gaps[1].problem.contains("no reason"))
        #expect(statement.gaps[2].problem.contains("PC 9999 Sam Other") && statement.gaps[2].problem.contains("no transfer"))
        #expect(statement.gaps[3].problem.contains("no seal of PS/1 was recorded"))
        #expect(statement.steps.first?.sentence.contains("PC 2231 Ali Khan seized") == true)
        #expect(statement.steps.first?.time == "2026-11-18T09:30:00.000Z")
        #expect(statement.steps.dropFirst().map(\.entry) == [2, 3, 4, 5, 6, 7, 8, 9])
        #expect(statement.lastVerification == nil)
        let text = String(decoding: try report.rendered(.text), as: UTF8.self)
        #expect(text.components(separatedBy: "GAP: ").count == 5)
        #expect(text.contains("Wed 18 Nov 2026 09:30 GMT: PC 2231 Ali Khan seized"))
        let html = String(decoding: try report.rendered(.html), as: UTF8.self)
        #expect(html.components(separatedBy: "<p class=\"flag\">").count == 5)
    }

    @Test func scheduleNumbersNeverChangeAndTheSensitiveScheduleStaysApart() throws {
        var ledger = Self.opened()
        for ref in ["A/1", "B/1", "C/1"] { ledger.register(ref, description: "material \(ref)") }
        ledger.classify("A/1", .unused)
        ledger.classify("B/1", .unused)
        ledger.classify("NB/1", .unused, sensitive: true, reason: "identifies the informant Zed", description: "Notebook page 4")
        let first = ScheduleReport(ledger.file(), sensitive: false)
        #expect(first.items.map { "\($0.number) \($0.ref)" } == ["1 A/1", "2 B/1"])
        ledger.classify("C/1", .unused)
        ledger.classify("A/1", .used)
        ledger.classify("B/1", .unused, sensitive: true, reason: "third-party medical record")
        ledger.classify("A/1", .unused)
        ledger.classify("D/1", .unused, description: "CCTV request log")
        let later = ScheduleReport(ledger.file(), sensitive: false)
        #expect(later.items.map { "\($0.number) \($0.ref)" } == ["1 A/1", "3 C/1", "4 D/1"])
        let sensitive = ScheduleReport(ledger.file(), sensitive: true)
        #expect(sensitive.items.map { "\($0.number) \($0.ref)" } == ["1 NB/1", "2 B/1"])
        #expect(sensitive.items.first?.reason == "identifies the informant Zed")
        for format in ReportFormat.allCases {
            let output = String(decoding: try later.rendered(format), as: UTF8.self)
            for secret in ["NB/1", "Notebook", "informant", "Zed", "B/1", "medical", "MG6D", "sensitive material"] {
                #expect(!output.contains(secret), "\(format.rawValue) MG6C output names \(secret)")
            }
        }
        let sensitiveText = String(decoding: try sensitive.rendered(.text), as: UTF8.self)
        #expect(sensitiveText.contains("MG6D") && sensitiveText.contains("never disclosed to the defence"))
        // Classification never appears in the continuity statement or the exhibit list.
        for output in [try ContinuityReport(ledger.file()).rendered(.json), try ExhibitListReport(ledger.file()).rendered(.json)]
        {
            let text = String(decoding: output, as: UTF8.self)
            #expect(!text.contains("medical") && !text.contains("informant"))
        }
    }

    @Test func clocksAreDueOverdueMetOrLate() throws {
        var ledger = Self.opened()
        func event(_ kind: MilestoneKind, _ at: String) {
            ledger.add(.milestone, details: EntryDetails(milestone: MilestoneDetails(kind: kind, at: at)))
        }
        // Friday 20 November 2026: the police learn of it at 16:00 and tell children's social care on Monday at 09:00.
        event(.policeNotified, "2026-11-20T16:00:00.000Z")
        event(.cscNotified, "2026-11-23T09:00:00.000Z")
        event(.strategyDiscussion, "2026-11-24T08:00:00.000Z")
        let holidays = try BankHolidayTable.shipped()
        let monday = try #require(Timestamp.parse("2026-11-23T10:00:00Z"))
        let clocks = try ClocksReport(ledger.file(), at: monday, holidays: holidays)
        let status = Dictionary(uniqueKeysWithValues: clocks.clocks.map { ($0.id, $0) })
        #expect(status["csc-told"]?.status == .metLate && status["csc-told"]?.due == "2026-11-20T17:00:00.000Z")
        #expect(status["csc-told"]?.minutes == 60 * 64)
        // The strategy discussion at 08:00 on Tuesday is after `at`: not yet seen, so the clock is still due.
        #expect(status["strategy-discussion"]?.status == .due && status["strategy-discussion"]?.due == "2026-11-24T09:00:00.000Z")
        #expect(status["decision"]?.status == .due && status["decision"]?.due == "2026-11-24T17:00:00.000Z")
        #expect(status["icpc"]?.status == .notStarted)
        let wednesday = try ClocksReport(
            ledger.file(), at: try #require(Timestamp.parse("2026-11-25T09:00:00Z")), holidays: holidays)
        let later = Dictionary(uniqueKeysWithValues: wednesday.clocks.map { ($0.id, $0) })
        #expect(later["strategy-discussion"]?.status == .met)
        #expect(later["decision"]?.status == .overdue && later["decision"]?.minutes == 16 * 60)
        // 15 working days from Tuesday 24 November 2026: Tuesday 15 December.
        #expect(later["icpc"]?.status == .due && later["icpc"]?.due == "2026-12-15T17:00:00.000Z")
        #expect(later["assessment"]?.due == "2027-01-28T17:00:00.000Z")
        let csv = String(decoding: try wednesday.rendered(.csv), as: UTF8.self)
        #expect(csv.contains("overdue by 16 h 0 min"))
    }

    @Test func everyFormatEscapesWhatTheLedgerHolds() throws {
        var ledger = Self.opened()
        ledger.register("PS/1", description: "<script>alert(1)</script> \u{1B}[31m\u{202E}gnp.exe")
        ledger.add(.note, refs: ["PS/1"], text: "=HYPERLINK(\"http://x\") & 'quotes'")
        let file = ledger.file()
        let html = String(decoding: try ExhibitListReport(file).rendered(.html), as: UTF8.self)
        #expect(!html.contains("<script") && html.contains("&lt;script&gt;") && !html.contains("\u{1B}"))
        #expect(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"))
        let text = String(decoding: try ExhibitListReport(file).rendered(.text), as: UTF8.self)
        #expect(!text.contains("\u{1B}") && !text.contains("\u{202E}") && text.contains("\\u{1b}") && text.contains("\\u{202e}"))
        let csv = String(decoding: try ContinuityReport(file).rendered(.csv), as: UTF8.self)
        #expect(!csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"))
        #expect(CSVReport.field("=1+1") == "'=1+1" && CSVReport.field("a,\"b\"") == "\"a,\"\"b\"\"\"")
        #expect(HTML.escape("a\"b'c&") == "a&quot;b&#39;c&amp;")
    }

    @Test func theStylesheetHashInThePolicyMatchesTheStylesheet() throws {
        let page = HTMLDocument(title: "t", marking: "OFFICIAL", body: "<p>x</p>")
        let html = page.render()
        let hash = Data(MessageDigest.sha256(Array(page.style.utf8))).base64EncodedString()
        #expect(html.contains("'sha256-\(hash)'") && html.contains("<style>\(page.style)</style>"))
        #expect(html.components(separatedBy: "<div class=\"marking\">OFFICIAL</div>").count == 3)
    }

    @Test func newEntryShapesDecodeBesideOldOnes() throws {
        var ledger = Self.opened()
        ledger.register("PS/1")
        ledger.add(.setting, details: EntryDetails(setting: SettingDetails(name: "record-consultation", value: "on")))
        ledger.add(.consulted, refs: ["PS/1"], details: EntryDetails(consultation: ConsultationDetails(command: "show")))
        for entry in ledger.entries {
            let bytes = try entry.canonicalBytes()
            #expect(try LedgerEntry.decodeCanonical(bytes, sequence: entry.sequence) == entry)
        }
        let opened = String(decoding: try ledger.entries[0].canonicalBytes(), as: UTF8.self)
        #expect(!opened.contains("classification") && !opened.contains("setting"))
        #expect(ledger.file().settings.recordConsultation)
        let log = ProcessingLogReport(ledger.file(), filter: .init(actor: "4521"))
        #expect(log.lines.map(\.operation) == [.collection, .consultation])
    }
}
