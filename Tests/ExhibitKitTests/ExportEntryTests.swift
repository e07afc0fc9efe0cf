import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// The `exported` entry names the objects that travel while they fit one entry's part (1,000); a larger export's
/// objects are named by its `redacted` entries only, so no entry grows with the exhibit.
@Suite struct ExportEntryTests {
    static func payload(_ objects: [Int]) -> [BagArchive.PayloadFile] {
        objects.enumerated().map { index, object in
            let hash = String(repeating: "0", count: 56) + String(format: "%08x", object)
            return BagArchive.PayloadFile(bagPath: "data/P-1/f-\(index)", source: "/objects/\(hash)", size: 1, sha256: hash)
        }
    }

    @Test func aSmallExportNamesEachObjectOnceInOrder() {
        // 1,000 distinct objects in 1,500 files (shared content is one object), given out of order.
        let files = Self.payload((0..<1_500).map { ($0 * 7) % 1_000 }.reversed())
        let named = ExportBundle.travellingObjects(files)
        #expect(named.count == RegistrationEntries.filesPerEntry)
        #expect(named == Set(files.map(\.sha256)).sorted())
    }

    @Test func aLargerExportNamesNone() {
        #expect(ExportBundle.travellingObjects(Self.payload(Array(0...1_000))).isEmpty)
        #expect(ExportBundle.travellingObjects([]).isEmpty)
    }
}
