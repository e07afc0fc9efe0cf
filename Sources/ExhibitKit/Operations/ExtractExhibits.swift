import ExhibitCore
import Foundation
import GRDB

/// `exhibit extract REF... --out DIR` (and `receive --import --out DIR`): copies of exhibits' files, under
/// their recorded names made safe (`SafeNames`), in a new folder someone can open: one sub-folder per exhibit,
/// every file read-only and hashed as it is written, checked against its registered SHA-256, and a
/// `manifest-sha256.txt` beside them that `sha256sum -c` accepts. Taking material out of the store is a
/// disclosure, so it is recorded as one `extracted` entry (who, which exhibits, how many files, where, why),
/// which is also the consultation record of those exhibits. The folder appears only once the entry is committed;
/// a copy that does not match its registered hash stops the command with nothing written and nothing recorded.
public enum ExtractExhibits {
    /// How to extract.
    public struct Options: Sendable {
        /// Why the files are taken out (recorded).
        public var reason: String?
        /// Called with bytes written and bytes in all, as the copies are written.
        public var progress: (@Sendable (Int64, Int64) -> Void)?
        /// Extract content on a known-image hash list too (needs a reason; recorded as an override).
        public var override: Bool

        /// Creates options.
        public init(reason: String? = nil, progress: (@Sendable (Int64, Int64) -> Void)? = nil, override: Bool = false) {
            self.reason = reason
            self.progress = progress
            self.override = override
        }
    }

    /// One copy written.
    public struct ExtractedFile: Sendable, Codable, Equatable {
        /// The exhibit.
        public var ref: String
        /// The file's path as recorded with the exhibit.
        public var recorded: String
        /// Where the copy is, relative to the folder.
        public var file: String
        /// Its SHA-256 (the registered one, checked).
        public var sha256: String
        /// Its size in bytes.
        public var size: Int64
    }

    /// What was extracted.
    public struct Result: Sendable, Codable {
        /// The folder (absolute).
        public var folder: String
        /// The copies, in order.
        public var files: [ExtractedFile]
        /// The `extracted` ledger entry.
        public var entry: Int
    }

    /// The name of the hash list written beside the copies.
    public static let manifestName = "manifest-sha256.txt"

    /// A file to copy: where its content is and what it must hash to.
    struct Source {
        var ref: String
        var recorded: String
        var digests: FileDigests
        var content: String
        var sha256: String { digests.sha256 }
        var size: Int64 { digests.size }
    }

    /// Extracts the files of `refs` into a new folder.
    /// - Parameters:
    ///   - store: the case store.
    ///   - refs: the exhibits (at least one).
    ///   - output: a folder that does not exist yet, or is empty.
    ///   - options: the reason and a progress callback.
    ///   - signer: the agency key.
    ///   - actor: who extracts.
    /// - Returns: the folder, the copies and the ledger entry.
    /// - Throws: `.badInput` for no or an unknown or destroyed exhibit, or a refused folder; `.verificationFailed`
    ///   when a stored object no longer matches its registered SHA-256 (nothing is written or recorded then).
    public static func run(
        _ store: CaseStore, refs: [String], output: String, options: Options, signer: LedgerSigner, actor: Actor
    ) throws -> Result {
        guard !refs.isEmpty else { throw ExhibitError.badInput("name the exhibits to extract (exhibit list shows them)") }
        let destination = try OutputPath.folder(output, flag: "--out", storeDirectory: store.directory)
        var reason = try ExhibitFields.optional(options.reason, flag: "--reason")
        if options.override {
            guard let given = reason else {
                throw ExhibitError.badInput("--override needs --reason TEXT: why content on a known-image hash list is taken out")
            }
            reason = "override of the known-image hash lists: \(given)"
        }
        var unique: [String] = []
        for ref in refs where !unique.contains(ref) { unique.append(ref) }
        return try store.write(signer: signer) { writer in
            let sources = try writer.read { db in
                let found = try Self.sources(db, store: store, refs: unique)
                if !options.override { try requireNoneListed(found, lists: HashListMatches.load(db)) }
                return found
            }
            let folder = try writer.prepareOutput(destination, kind: .folder)
            let files = try write(sources, into: folder.temporary, progress: options.progress)
            let entry = try writer.commitOne(
                Self.entry(
                    caseID: store.info.id, refs: unique, files: files, destination: destination, command: "extract",
                    reason: reason, actor: actor))
            return Result(folder: destination, files: files, entry: entry.sequence)
        }
    }

    /// The files of the exhibits, in the order given and each exhibit's own order.
    /// - Throws: `.badInput` for an unknown or destroyed exhibit; `.verificationFailed` for a missing object row.
    static func sources(_ db: Database, store: CaseStore, refs: [String]) throws -> [Source] {
        let destroyed = Set(try DestroyedExhibitRow.fetchAll(db).map(\.ref))
        var sources: [Source] = []
        for ref in refs {
            guard try ExhibitRow.fetchOne(db, key: ref) != nil else {
                throw ExhibitError.badInput("no exhibit \(ref) in case \(store.info.caseRef); exhibit list shows the references")
            }
            guard !destroyed.contains(ref) else {
                throw ExhibitError.badInput("\(ref) was destroyed; its files are no longer held")
            }
            let files = try ExhibitFileRow.filter(Column("exhibit_ref") == ref).order(Column("position")).fetchAll(db)
            for file in files {
                guard let object = try ObjectRow.fetchOne(db, key: file.sha256) else {
                    throw ExhibitError.verificationFailed("object \(file.sha256) of \(ref) is missing; run exhibit verify")
                }
                sources.append(
                    Source(
                        ref: ref, recorded: file.path,
                        digests: FileDigests(size: object.size, sha256: object.sha256, sha1: object.sha1, md5: object.md5),
                        content: store.objects.path(file.sha256)))
            }
        }
        return sources
    }

    /// Refuses content on a known-image hash list: it is never taken out of the store without `--override`.
    /// - Throws: `.badInput` naming the file and the list (never the content).
    static func requireNoneListed(_ sources: [Source], lists: HashListMatches) throws {
        for source in sources {
            guard let match = lists.blocks(source.digests) else { continue }
            throw ExhibitError.badInput(
                "\(source.recorded) of \(source.ref) is on the known-image hash list \(match.list)"
                    + "\(match.category.map { " (category \($0))" } ?? ""); it is never extracted: nothing was written. "
                    + "exhibit extract --override --reason TEXT takes it out, recorded as an override")
        }
    }

    /// Writes the copies and the manifest into `folder` (which exists and is empty): one sub-folder per exhibit
    /// (its reference made a folder name, `PS/1` → `PS-1`), each file created read-only, hashed as it is written
    /// and flushed.
    /// - Throws: `.verificationFailed` when a copy's SHA-256 is not the registered one; `.environment` when the
    ///   disk refuses.
    static func write(_ sources: [Source], into folder: String, progress: ((Int64, Int64) -> Void)?) throws
        -> [ExtractedFile]
    {
        var names = SafeNames(reserved: [manifestName])
        let total = sources.reduce(Int64(0)) { $0 + $1.size }
        var done: Int64 = 0
        var written: [ExtractedFile] = []
        var folders: Set<String> = [folder]
        for (index, source) in sources.enumerated() {
            let relative = names.place([exhibitFolder(source.ref)] + recordedPath(source), fallback: "file-\(index + 1)")
            let path = Path.join(folder, relative)
            try FileSystem.makeDirectory(Path.parent(path), mode: 0o755)
            folders.insert(Path.parent(path))
            let copy = try HashingFileSink(creating: path, mode: 0o444)
            do {
                let size = try FileSource(source.content, sequential: true).forEachChunk { chunk in
                    try copy.write(chunk)
                    done += Int64(chunk.count)
                    progress?(done, total)
                }
                let sha256 = try copy.finish()
                guard sha256 == source.sha256 else {
                    throw ExhibitError.verificationFailed(
                        "the stored copy of \(source.recorded) of \(source.ref) no longer matches its registered SHA-256 "
                            + "(it reads \(sha256)); nothing was extracted; run exhibit verify")
                }
                written.append(
                    ExtractedFile(ref: source.ref, recorded: source.recorded, file: relative, sha256: sha256, size: size))
            }
        }
        let manifest = written.map { "\($0.sha256)  \($0.file)\n" }.joined()
        try FileSystem.writeAtomically(Array(manifest.utf8), to: Path.join(folder, manifestName), mode: 0o444)
        for path in folders.sorted() { try FileSystem.syncDirectory(path) }
        return written
    }

    /// The `extracted` entry.
    static func entry(
        caseID: String, refs: [String], files: [ExtractedFile], destination: String, command: String, reason: String?,
        actor: Actor
    ) -> LedgerEntry {
        LedgerEntry(
            caseID: caseID, action: .extracted, actor: actor, exhibits: refs, objects: Array(Set(files.map(\.sha256))).sorted(),
            reason: reason,
            details: EntryDetails(
                extraction: ExtractionDetails(destination: destination, fileCount: files.count, command: command)))
    }

    /// The folder an exhibit's files go in: its reference with `/` and `:` as `-` (`np:PS/1` → `np-PS-1`).
    static func exhibitFolder(_ ref: String) -> String {
        ref.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ":", with: "-")
    }

    /// The recorded path split into components, without the leading folder a bundle gives each item (a received
    /// `np:PS/1` holds `PS-1/photo.jpg`: the exhibit's folder already says which it is).
    static func recordedPath(_ source: Source) -> [String] {
        let components = Path.components(source.recorded)
        let local = exhibitFolder(String(source.ref.split(separator: ":").last ?? Substring(source.ref)))
        if components.count > 1, components.first == local { return Array(components.dropFirst()) }
        return components
    }
}
