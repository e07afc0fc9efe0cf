import ExhibitCore
import Foundation
import GRDB

/// One redaction run inside a write: applies a policy to the chosen exhibits' files, writes the derived files
/// into a folder, admits each redacted file as an object (still pending until the caller commits), and keeps
/// what the `redacted` entry, `redactions.json` and an export need. The text redactor is built once and kept,
/// so the export reuses it (custody extract, purpose) and the pseudonyms stay consistent across the run.
struct RedactionRun {
    let policy: SharingPolicy
    /// The run's text redactor (the policy's rules and the case's people).
    let text: TextRedactor
    /// One item per source file, in order, in the run's scratch database.
    let items: RunItems
    /// `redactions.json` without its items, which `reportItems` makes as they are written.
    let reportHead: RedactionReport
    /// Makes the report's item for each of `items`.
    let reporter: RedactionReport.ItemMaker
    /// Where the derived files were written.
    let folder: String

    /// Redacts into `folder` (which exists and is empty).
    /// - Parameters:
    ///   - writer: the store's writer; redacted files are admitted through it.
    ///   - refs: the exhibits (empty: all).
    ///   - policy: the sharing policy.
    ///   - folder: where the output files go, as `REF/path` (see `outputName`).
    ///   - shareCopies: when false, files the policy shares as they are are not copied (their output path is
    ///     still named): an export reads them from the object store.
    ///   - time: the run's time (`redactions.json`'s `generatedAt`).
    ///   - progress: called with bytes of source files done and in all, after each file.
    /// - Returns: the run's items, report and text redactor.
    /// - Throws: `.badInput` for an unknown exhibit; the writer's errors.
    static func perform(
        _ writer: StoreWriter, refs: [String], policy: SharingPolicy, into folder: String, shareCopies: Bool, time: String,
        progress: ((Int64, Int64) -> Void)? = nil
    ) throws -> RedactionRun {
        let store = writer.store
        let inputs = try writer.read { db in try RedactExhibits.inputs(db, store: store, refs: refs) }
        let text = TextRedactor(rules: RedactionRules(policy: policy, parties: inputs.parties))
        let redactor = FileRedactor(policy: policy, text: text)

        let scratch = try RunItems.Writer(folder: try writer.makeWorkFolder("items"))
        var names = NameParts(text: text)
        var madeFolders = Set<String>()
        let total = inputs.totalBytes
        var done: Int64 = 0
        try inputs.forEachPart(store: store, read: writer.read) { part in
            try scratch.writePart { claim in
                var items: [RedactedItem] = []
                for source in part {
                    let relative = try outputName(
                        source, index: scratch.stored + items.count, policy: policy, names: &names, claim: claim)
                    let target = Path.join(folder, relative)
                    // One folder holds many files: each is made once.
                    if madeFolders.insert(Path.parent(target)).inserted {
                        try FileSystem.makeDirectory(Path.parent(target), mode: 0o755)
                    }
                    let writes = shareCopies || policy.treatment(for: source.category) != .share
                    var item = redactor.process(source, destination: writes ? target : nil)
                    item.samples = [:]
                    item.findings = nil
                    if item.treatment == .redact || item.treatment == .share { item.output = relative }
                    items.append(item)
                    done += source.digests.size
                    progress?(done, total)
                }
                // Each redacted file becomes an object of the store, linked to its source by the entry.
                let produced = items.indices.filter { items[$0].treatment == .redact }
                let scanned = try IntakeScanner.scan(
                    produced.map { Path.join(folder, items[$0].output ?? "") }, storeDirectory: store.directory)
                let staged = try writer.stage(scanned.files).files
                for (index, file) in zip(produced, staged) { items[index].derived = file.digests }
                _ = try writer.admit(staged)
                return items
            }
        }
        removeEmptyFolders(folder)

        return RedactionRun(
            policy: policy, text: text, items: try scratch.finish(),
            reportHead: RedactionReport.head(policy: policy, caseRef: store.info.caseRef, generatedAt: time),
            reporter: RedactionReport.ItemMaker(policy: policy, descriptions: inputs.descriptions, redactor: text),
            folder: folder)
    }

    /// The report's items, one per item, made as they are read (not held beside the items).
    var reportItems: LazyMapSequence<RunItems.Rows<RedactedItem>, RedactionReport.Item> {
        items.all.lazy.map(reporter.item)
    }

    /// `redactions.json` whole, items included.
    /// - Throws: `.environment` when the items cannot be read back.
    func report() throws -> RedactionReport {
        var report = reportHead
        report.items = Array(reportItems)
        try items.requireIntact()
        return report
    }

    /// The `redacted` entries for this run: the policy and, per file, its source, treatment, derived object and rules,
    /// at most `RegistrationEntries.filesPerEntry` files an entry (one entry for an ordinary run; a phone extraction's
    /// thousands of files in several, recorded together).
    /// Each entry is made as it is read (an export reads them twice: to prepare them and to record them), all with
    /// `time` when given.
    /// A run of no items has one entry, with none. (Check `items.requireIntact()` after reading them.)
    func entries(caseID: String, actor: Actor, time: String? = nil) -> some Sequence<LedgerEntry> {
        (items.count == 0 ? AnySequence<[RedactedItem]>([[]]) : AnySequence(items.parts)).lazy.map { part in
            let details = RedactionDetails(
                policy: RedactExhibits.reference(policy),
                items: part.map {
                    RedactionItem(
                        ref: $0.ref, file: $0.file, source: $0.sha256, treatment: $0.treatment, derived: $0.derived,
                        rules: $0.rules, reason: $0.reason)
                })
            return LedgerEntry(
                caseID: caseID, time: time ?? Timestamp.now(), action: .redacted, actor: actor,
                exhibits: Array(Set(part.map(\.ref))).sorted(),
                objects: Array(Set(part.compactMap(\.derived?.sha256))).sorted(),
                reason: "redacted under \(policy.id) \(policy.version)", details: EntryDetails(redaction: details))
        }
    }

    /// Removes the folders made for files that were then withheld, deepest first.
    private static func removeEmptyFolders(_ root: String) {
        for name in FileSystem.listDirectory(root) {
            let path = Path.join(root, name)
            guard FileSystem.isDirectory(path) else { continue }
            removeEmptyFolders(path)
            rmdir(path)
        }
    }

    /// The output path of a file: `REF/path`, with the reference made a folder name, the path cleaned of
    /// anything that could escape the folder, and the original name kept only when the policy lets names travel
    /// and its text rules find nothing in it (otherwise `file-N.ext`).
    private static func outputName(
        _ source: RedactionSource, index: Int, policy: SharingPolicy, names: inout NameParts,
        claim: (String) throws -> Bool
    ) throws -> String {
        let folder = sanitise(source.ref.replacingOccurrences(of: "/", with: "-"))
        // A file shared in another format (a HEIC photo as JPEG, a Word document as PDF) gets that format's extension.
        let converted = policy.treatment(for: source.category) == .redact ? SharedFormat.extension(for: source.mediaType) : nil
        let ext = converted ?? sanitise(Path.fileExtension(source.name))
        let numbered = "file-\(index + 1)" + (ext.isEmpty || ext.count > 10 ? "" : ".\(ext)")
        var name = numbered
        if policy.allows(.fileNames) {
            // A name travels only if the policy's text rules find nothing in it, read as written or with its
            // separators and camelCase as spaces ("jade_wilson", "JadeWilson"); otherwise it is numbered.
            let components = Path.components(source.file)
            // Folder names repeat from file to file and are read once; each file's own name is read afresh.
            let folders = components.dropLast()
            let own = components.last ?? ""
            if !folders.contains(where: { names.findsAnything(in: $0) }) && !names.text.findsAnything(in: own) {
                name = (folders.map { names.sanitised($0) } + [sanitise(own)]).filter {
                    !$0.isEmpty && $0 != "." && $0 != ".."
                }.joined(separator: "/")
                if let converted { name = SharedFormat.renamed(name, to: converted) }
            }
        }
        var candidate = "\(folder)/\(name.isEmpty ? numbered : name)"
        var counter = 2
        while try !claim(candidate) {
            candidate = "\(folder)/\(counter)-\(name)"
            counter += 1
        }
        return candidate
    }

    /// The verdicts on the folder names of shared paths, remembered for the run: a phone extraction's 100,000 files
    /// sit in a few hundred folders, whose names would otherwise be read again for every file in them.
    private struct NameParts {
        let text: TextRedactor
        private var finds: [String: Bool] = [:]
        private var cleaned: [String: String] = [:]

        init(text: TextRedactor) { self.text = text }

        /// Whether the run's text rules find anything in a folder name.
        mutating func findsAnything(in part: String) -> Bool {
            if let known = finds[part] { return known }
            let found = text.findsAnything(in: part)
            finds[part] = found
            return found
        }

        /// The folder name as it may travel (`sanitise`).
        mutating func sanitised(_ part: String) -> String {
            if let known = cleaned[part] { return known }
            let result = RedactionRun.sanitise(part)
            cleaned[part] = result
            return result
        }
    }

    /// What a shared name keeps as it is; anything else becomes `_`. Then dots and spaces are trimmed from its ends.
    /// (Built once: every file of an export passes here.)
    private static let allowedInNames = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.[] "))
    private static let trimmedFromNames = CharacterSet(charactersIn: ". ")

    private static func sanitise(_ component: String) -> String {
        let cleaned = String(
            String.UnicodeScalarView(component.unicodeScalars.map { allowedInNames.contains($0) ? $0 : "_" }))
        return cleaned.trimmingCharacters(in: trimmedFromNames)
    }
}
