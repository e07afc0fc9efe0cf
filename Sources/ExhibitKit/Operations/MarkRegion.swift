import ExhibitCore
import GRDB

/// `exhibit mark`: records a region of one image of an exhibit that a policy may burn in.
public enum MarkRegion {
    /// Records the mark as a `marked` ledger entry.
    /// - Parameters:
    ///   - ref: the exhibit.
    ///   - file: the file's path within the exhibit, or its name when that is unique.
    ///   - region: the rectangle, which must lie within the image.
    ///   - reason: why it must not be seen.
    ///   - store: the case store.
    ///   - signer: the agency key.
    ///   - actor: who marks it.
    /// - Returns: the entry.
    /// - Throws: `.badInput` for an unknown exhibit or file, a file that is not a picture, or a region outside it.
    public static func mark(
        ref: String, file: String, region: PixelRegion, reason: String, store: CaseStore, signer: LedgerSigner, actor: Actor
    ) throws -> LedgerEntry {
        let reason = try ExhibitFields.required(reason, flag: "--reason")
        return try store.write(signer: signer) { writer in
            let target = try picture(ref: ref, file: file, writer: writer)
            let bytes = try FileSystem.read(store.objects.path(target.sha256), limit: 256 << 20)
            let (width, height) = try PictureRedactor.dimensions(bytes, mime: target.mime)
            guard region.x <= width, region.width <= width - region.x, region.y <= height, region.height <= height - region.y
            else {
                throw ExhibitError.badInput("region \(region) extends beyond the \(width)x\(height) image \(target.path)")
            }
            let entries = try record(ref: ref, target: target, regions: [region], reason: reason, writer: writer, actor: actor)
            guard let entry = entries.first else { throw ExhibitError.environment("the mark was not recorded") }
            return entry
        }
    }

    /// The picture `file` of exhibit `ref`: its path within the exhibit, or its name when that is unique.
    /// - Throws: `.badInput` for an unknown exhibit or file, or a file that is not a PNG, JPEG or HEIC picture.
    static func picture(ref: String, file: String, writer: StoreWriter) throws -> ExhibitFileRow {
        let files = try writer.read { db -> [ExhibitFileRow]? in
            guard try ExhibitRow.exists(db, key: ref) else { return nil }
            return try ExhibitFileRow.filter(Column("exhibit_ref") == ref).order(Column("position")).fetchAll(db)
        }
        guard let files else {
            throw ExhibitError.badInput(
                "no exhibit \(ref) in case \(writer.store.info.caseRef); exhibit list shows the references")
        }
        let byPath = files.filter { $0.path == file }
        let matches = byPath.isEmpty ? files.filter { $0.name == file } : byPath
        guard matches.count == 1, let target = matches.first else {
            let names = files.prefix(20).map(\.path).joined(separator: ", ")
            throw ExhibitError.badInput(
                matches.isEmpty
                    ? "\(ref) has no file \(file) (it holds: \(names)\(files.count > 20 ? ", …" : ""))"
                    : "\(file) names several files of \(ref); give the path")
        }
        guard PictureRedactor.supported.contains(target.mime) else {
            throw ExhibitError.badInput(
                "\(target.path) is \(target.mime): regions can be marked on PNG, JPEG and HEIC pictures only")
        }
        return target
    }

    /// Records one `marked` entry per region, in one commit.
    static func record(
        ref: String, target: ExhibitFileRow, regions: [PixelRegion], reason: String, writer: StoreWriter, actor: Actor
    ) throws -> [LedgerEntry] {
        try writer.commit { ledger in
            for region in regions {
                let details = MarkDetails(ref: ref, file: target.path, sha256: target.sha256, region: region, reason: reason)
                try ledger.append(
                    LedgerEntry(
                        caseID: writer.store.info.id, action: .marked, actor: actor, exhibits: [ref],
                        objects: [target.sha256], reason: reason, details: EntryDetails(mark: details)))
            }
        }
    }
}
