import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// `exhibit list` counts an exhibit's files in the database instead of loading them: the counts and sizes must be
/// those the listing of every file gives.
@Suite struct ExhibitListingTests {
    @Test func countsWithoutFilesMatchTheFullListing() throws {
        let police = try HostileBundleTests.Agency("Northshire Police CAIU")
        let folder = "\(police.folder)/phone"
        try FileManager.default.createDirectory(atPath: "\(folder)/chats", withIntermediateDirectories: true)
        for index in 0..<7 {
            try String(repeating: "message \(index)\n", count: index + 1).write(
                toFile: "\(folder)/chats/\(index).txt", atomically: true, encoding: .utf8)
        }
        // The same bytes twice: two files, one object.
        try "same\n".write(toFile: "\(folder)/a.txt", atomically: true, encoding: .utf8)
        try "same\n".write(toFile: "\(folder)/b.txt", atomically: true, encoding: .utf8)
        let statement = "\(police.folder)/statement.txt"
        try "A statement.\n".write(toFile: statement, atomically: true, encoding: .utf8)
        for (ref, path) in [("PH/1", folder), ("ST/1", statement)] {
            _ = try AddExhibit.run(
                .init(paths: [path], ref: ref, description: ref, seizedBy: "DC 1", seizedFrom: "witness", category: "phone"),
                store: police.store, signer: police.signer, actor: police.actor)
        }

        let full = try CaseQueries.exhibits(police.store)
        let counted = try CaseQueries.exhibits(police.store, listingFiles: false)
        #expect(full.map(\.ref) == ["PH/1", "ST/1"])
        #expect(counted.map(\.ref) == full.map(\.ref))
        #expect(counted.map(\.fileCount) == [9, 1])
        #expect(counted.map(\.fileCount) == full.map(\.fileCount))
        #expect(counted.map(\.totalSize) == full.map(\.totalSize))
        #expect(counted.allSatisfy { $0.files.isEmpty })
        #expect(full.first?.files.count == 9)
    }
}
