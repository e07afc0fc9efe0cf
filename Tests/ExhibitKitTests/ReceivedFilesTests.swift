import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// A received bag's entries and its manifest's items wait in a scratch database (`ReceivedFiles`, `ReceivedItems`):
/// the extractor claims each path once, by its bytes; the bag's folder is found and every other entry must be in
/// it; the payload manifest marks files listed once; the items come back in order, per exhibit, a part at a time,
/// joined with the bag's digests; and the custody extract's objects account for them or the first one that is not
/// is named.
@Suite struct ReceivedFilesTests {
    static func files() throws -> ReceivedFiles {
        try ReceivedFiles(folder: try RunItemsTests.folder())
    }

    static func entry(_ path: String, directory: Bool = false, index: Int = 0) -> SafeTarExtractor.Entry {
        let sha256 = String(format: "%064x", index)
        return SafeTarExtractor.Entry(
            path: path, size: directory ? 0 : Int64(index), isDirectory: directory, sha256: directory ? nil : sha256,
            digests: directory ? nil : FileDigests(size: Int64(index), sha256: sha256, sha1: "s\(index)", md5: "m\(index)"),
            mediaType: directory ? nil : "text/plain")
    }

    static func add(_ entry: SafeTarExtractor.Entry, to files: ReceivedFiles) throws -> Bool {
        guard try files.claim(entry.path) else { return false }
        try files.record(entry)
        return true
    }

    @Test func pathsAreClaimedOnceByTheirBytes() throws {
        let files = try Self.files()
        #expect(try Self.add(Self.entry("B", directory: true), to: files))
        #expect(try Self.add(Self.entry("B/data/caf\u{E9}.txt", index: 1), to: files))
        // The decomposed spelling is another file on disk, so another entry; the same bytes again are refused.
        #expect(try Self.add(Self.entry("B/data/cafe\u{301}.txt", index: 2), to: files))
        #expect(try !files.claim("B/data/caf\u{E9}.txt"))
        #expect(try files.enterBag(name: "the inner archive") == "B")
        #expect(files.count == 2)
        #expect(try files.file("data/caf\u{E9}.txt")?.sha256 == String(format: "%064x", 1))
        #expect(try files.file("data/cafe\u{301}.txt")?.sha256 == String(format: "%064x", 2))
        #expect(try files.file("data") == nil)
    }

    @Test func theBagFolderMustHoldEveryEntry() throws {
        for paths in [["B", "C", "B/x"], ["B", "Bx/y"], ["B/x"], ["B", "x"]] {
            let files = try Self.files()
            for (index, path) in paths.enumerated() {
                let directory = !path.contains("/") && path != "x"
                #expect(try Self.add(Self.entry(path, directory: directory, index: index), to: files))
            }
            #expect(throws: ExhibitError.self) { try files.enterBag(name: "the inner archive") }
        }
    }

    @Test func filesAreListedOnceAndReadBackInPartsInOrder() throws {
        let files = try Self.files()
        let count = ReceivedFiles.partSize * 2 + 17
        #expect(try Self.add(Self.entry("B", directory: true), to: files))
        #expect(try Self.add(Self.entry("B/data", directory: true), to: files))
        for index in 0..<count { #expect(try Self.add(Self.entry("B/data/f\(count - index).txt", index: index), to: files)) }
        #expect(try files.enterBag(name: "bag") == "B")
        guard case .file(let first) = try files.markListed("data/f\(count).txt") else {
            Issue.record("a file of the bag is not found")
            return
        }
        #expect(first.digests?.md5 == "m0")
        guard case .listedBefore = try files.markListed("data/f\(count).txt") else {
            Issue.record("a file listed twice is not noticed")
            return
        }
        guard case .missing = try files.markListed("data/none.txt") else {
            Issue.record("a missing file is found")
            return
        }
        var seen: [(String, Bool)] = []
        try files.forEachFile { entry, listed in seen.append((entry.path, listed)) }
        #expect(seen.count == count)
        #expect(seen.map(\.0) == (0..<count).map { "data/f\(count - $0).txt" })
        #expect(seen.filter(\.1).map(\.0) == ["data/f\(count).txt"])
    }

    @Test func itemsComeBackPerExhibitWithTheBagsDigests() throws {
        let files = try Self.files()
        #expect(try Self.add(Self.entry("B", directory: true), to: files))
        let count = 2_500
        for index in 0..<count { #expect(try Self.add(Self.entry("B/data/f\(index)", index: index), to: files)) }
        #expect(try files.enterBag(name: "bag") == "B")
        let items = try ReceivedItems(files: files)
        func made(_ index: Int) -> BundleManifest.Item {
            let travels = index % 5 != 0
            let hash = String(format: "%064x", index)
            return BundleManifest.Item(
                ref: index % 3 == 0 ? "A/1" : "B/2", treatment: travels ? .share : .withhold, sourceSHA256: hash,
                file: travels ? "data/f\(index)" : nil, sha256: travels ? hash : nil, size: Int64(index))
        }
        let made: [BundleManifest.Item] = (0..<count).map(made)
        for start in stride(from: 0, to: count, by: 1000) { try items.append(Array(made[start..<min(start + 1000, count)])) }
        #expect(items.count == count)
        #expect(try items.all() == made)
        #expect(items.travellingRefs == ["B/2", "A/1"])
        let travellingA = made.filter { $0.ref == "A/1" && $0.file != nil }
        #expect(items.travellingCount("A/1") == travellingA.count)
        let part = try items.travelling("A/1", 10..<20)
        #expect(part.map(\.item) == Array(travellingA[10..<20]))
        #expect(part.map(\.digests.sha1) == travellingA[10..<20].map { "s\($0.size ?? -1)" })

        // Accounted for only once every source and every travelling content is registered.
        let missing = String(format: "%064x", 1_234)
        try items.register(made.map { (item: BundleManifest.Item) in item.sourceSHA256 }.filter { $0 != missing })
        #expect(try items.firstUnaccounted()?.sourceSHA256 == missing)
        try items.register([missing])
        #expect(try items.firstUnaccounted() == nil)
    }

    @Test func theFirstItemNotHeldByTheBagAsListedIsFound() throws {
        func bag() throws -> ReceivedItems {
            let files = try Self.files()
            for entry in [
                Self.entry("B", directory: true), Self.entry("B/data", directory: true),
                Self.entry("B/data/d", directory: true), Self.entry("B/data/f", index: 3), Self.entry("B/bag-info.txt", index: 5),
            ] {
                #expect(try Self.add(entry, to: files))
            }
            #expect(try files.enterBag(name: "bag") == "B")
            return try ReceivedItems(files: files)
        }
        let hash = { (index: Int) in String(format: "%064x", index) }
        func item(_ file: String?, _ sha256: String?) -> BundleManifest.Item {
            BundleManifest.Item(
                ref: "A/1", treatment: file == nil ? .withhold : .share, sourceSHA256: "x", file: file, sha256: sha256)
        }
        let good = [item("data/f", hash(3)), item(nil, nil)]
        // Another hash, none, no such file, a folder, a tag file (not under data/).
        for bad in [
            item("data/f", hash(4)), item("data/f", nil), item("data/g", hash(3)), item("data/d", nil),
            item("bag-info.txt", hash(5)),
        ] {
            let items = try bag()
            try items.append(good + [bad] + good)
            #expect(try items.firstUnmatched() == bad)
        }
        let items = try bag()
        try items.append(good + good)
        #expect(try items.firstUnmatched() == nil)
    }

    @Test func canonicallyEquivalentReferencesAreOneExhibit() throws {
        let files = try Self.files()
        #expect(try Self.add(Self.entry("B", directory: true), to: files))
        for index in 0..<4 { #expect(try Self.add(Self.entry("B/data/f\(index)", index: index), to: files)) }
        #expect(try files.enterBag(name: "bag") == "B")
        let items = try ReceivedItems(files: files)
        try items.append(
            (0..<4).map { index in
                BundleManifest.Item(
                    ref: index % 2 == 0 ? "Caf\u{E9}/1" : "Cafe\u{301}/1", treatment: .share, sourceSHA256: "x",
                    file: "data/f\(index)", sha256: String(format: "%064x", index))
            })
        #expect(items.travellingRefs.count == 1)
        #expect(items.travellingCount("Caf\u{E9}/1") == 4)
        #expect(try items.travelling("Cafe\u{301}/1", 0..<4).map(\.item.file) == (0..<4).map { "data/f\($0)" })
    }

    @Test func anItemWhoseFileIsNotAPayloadFileOfTheBagIsRefused() throws {
        let files = try Self.files()
        #expect(try Self.add(Self.entry("B", directory: true), to: files))
        #expect(try Self.add(Self.entry("B/data/f", index: 3), to: files))
        #expect(try files.enterBag(name: "bag") == "B")
        let items = try ReceivedItems(files: files)
        try items.append([
            BundleManifest.Item(
                ref: "A/1", treatment: .share, sourceSHA256: "x", file: "data/f", sha256: String(format: "%064x", 4))
        ])
        #expect(throws: ExhibitError.self) { try items.travelling("A/1", 0..<1) }
    }
}
