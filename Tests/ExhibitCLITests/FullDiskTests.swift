import Foundation
import Testing

/// A full disk during `export`: the bundle cannot be written, and nothing changes (no ledger entry, no derived
/// object, no output, nothing in staging). The disk is a small tmpfs the test mounts (CI runs as root); where
/// mounting is not allowed the test says so and stops.
@Suite struct FullDiskTests {
    @Test func anExportThatFillsTheDiskChangesNothing() throws {
        let pair = try BundleTests.pair()
        let police = pair.police
        // The bundle this case makes is larger than the disk below.
        let size = (try FileManager.default.attributesOfItem(atPath: pair.bundle)[.size] as? Int) ?? 0
        #expect(size > 256 * 1024, "the Samples bundle is \(size) bytes")
        let full = police.path("full")
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        let mounted = try runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", full])
        guard mounted.status == 0 else {
            print("FullDiskTests: skipped, a tmpfs cannot be mounted here (\(mounted.output.prefix(200)))")
            return
        }
        defer { _ = try? runTool("/bin/umount", [full]) }
        let before = try police.expectSuccess(["history", "--json"]).stdout
        let objectsBefore = (FileManager.default.enumerator(atPath: police.store + "/objects")?.allObjects.count) ?? 0
        let run = try police.run([
            "export", "--policy", "police-to-childrens-services", "--to", "ncsc", "--purpose", "strategy discussion",
            "--out", "\(full)/bundle.exhibit",
        ])
        #expect(run.status != 0 && run.status < 128, "export should fail cleanly: \(run.status) \(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: full).isEmpty, "something was left on the full disk")
        #expect(try police.expectSuccess(["history", "--json"]).stdout == before, "the ledger changed")
        #expect((FileManager.default.enumerator(atPath: police.store + "/objects")?.allObjects.count ?? 0) == objectsBefore)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: police.store + "/tmp")) ?? []).isEmpty)
        #expect(((try? FileManager.default.subpathsOfDirectory(atPath: police.store + "/work")) ?? []).isEmpty)
        try police.expectSuccess(["verify"])
    }
}
