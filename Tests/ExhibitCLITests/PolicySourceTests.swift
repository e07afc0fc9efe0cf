import Foundation
import Testing

/// Where the binary finds its shipped policies (issue 8): never in the current folder, wherever the binary
/// runs from; beside an installed binary in `share/exhibit/Policies`; `policy list` says where each came from.
@Suite struct PolicySourceTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shipped = repository.appendingPathComponent("Policies").path
    /// The shipped policies' ids, from the repository's Policies folder.
    static let ids: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: shipped)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()

    /// Plants a `Policies/` folder in `folder`: a changed copy of a shipped policy under its own id, and a new one.
    static func plant(in folder: String) throws {
        let planted = "\(folder)/Policies"
        try FileManager.default.createDirectory(atPath: planted, withIntermediateDirectories: true)
        let original = try String(contentsOfFile: "\(shipped)/police-to-cps.yaml", encoding: .utf8)
        let changed = original.replacingOccurrences(of: "title: Police to CPS", with: "title: PLANTED Police to CPS")
        try changed.write(toFile: "\(planted)/police-to-cps.yaml", atomically: true, encoding: .utf8)
        try changed.replacingOccurrences(of: "id: police-to-cps", with: "id: planted")
            .write(toFile: "\(planted)/planted.yaml", atomically: true, encoding: .utf8)
    }

    /// `policy list --json` rows, run by `binary` (default: the one under test) in `folder`.
    static func listing(_ harness: CLIHarness, in folder: String, binary: String? = nil, environment: [String: String] = [:])
        throws -> [[String: String]]
    {
        let run: (status: Int32, output: String)
        let variables = environment.map { "\($0.key)=\($0.value)" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["-u", "EXHIBIT_POLICIES"] + variables + [binary ?? CLIHarness.binary.path, "policy", "list", "--json"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = harness.environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        run = (process.terminationStatus, String(decoding: data, as: UTF8.self))
        #expect(run.status == 0, "\(run.output)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: String]])
    }

    /// The binary under test placed at `path` (a hard link where the file system allows, else a copy).
    static func placeBinary(at path: String) throws {
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        do {
            try FileManager.default.linkItem(atPath: CLIHarness.binary.path, toPath: path)
        } catch {
            try FileManager.default.copyItem(atPath: CLIHarness.binary.path, toPath: path)
        }
    }

    @Test func aPlantedPoliciesFolderInTheCurrentFolderIsIgnored() throws {
        let harness = try CLIHarness.withCase()
        try Self.plant(in: harness.caseFolder.path)
        let rows = try Self.listing(harness, in: harness.caseFolder.path)
        #expect(rows.compactMap { $0["id"] } == Self.ids)
        for row in rows {
            #expect(row["source"] == "checkout" && row["path"] == "\(Self.shipped)/\(row["id"] ?? "").yaml", "\(row)")
            #expect(!(row["title"] ?? "").contains("PLANTED"))
        }
        // Named by id, the shipped policy is used, not the planted file of the same name.
        let preview = try harness.run(["redact", "--policy", "police-to-cps", "--preview", "--json"])
        #expect(preview.status == 0, "\(preview.stderr)")
        let policy = try #require((try preview.json() as? [String: Any])?["policy"] as? [String: Any])
        let shippedHash = try runTool("openssl", ["dgst", "-sha256", "-r", "\(Self.shipped)/police-to-cps.yaml"]).output.prefix(
            64)
        #expect(policy["sha256"] as? String == String(shippedHash))
        // An id that only the planted folder has is refused, one line, exit 2; as a path it is the user's choice.
        let planted = try harness.run(["redact", "--policy", "planted", "--preview"])
        #expect(planted.status == 2 && planted.stderr.contains("no shipped policy planted"), "\(planted.stderr)")
        #expect(planted.stderr.split(separator: "\n").count == 1)
        let byPath = try harness.run(["redact", "--policy", "./Policies/planted.yaml", "--preview", "--json"])
        #expect(byPath.status == 0, "\(byPath.stderr)")
        // The text listing names the source too.
        let text = try harness.run(["policy", "list"])
        #expect(text.stdout.contains("from \(Self.shipped)/police-to-cps.yaml (checkout)"), "\(text.stdout)")
    }

    @Test func anInstalledLayoutUnderADestdirFindsItsPolicies() throws {
        let harness = try CLIHarness()
        let stage = harness.path("stage/usr")
        try Self.placeBinary(at: "\(stage)/bin/exhibit")
        try FileManager.default.createDirectory(atPath: "\(stage)/share/exhibit", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.shipped, toPath: "\(stage)/share/exhibit/Policies")
        try Self.plant(in: harness.caseFolder.path)
        let rows = try Self.listing(harness, in: harness.caseFolder.path, binary: "\(stage)/bin/exhibit")
        #expect(rows.compactMap { $0["id"] } == Self.ids)
        for row in rows {
            #expect(row["source"] == "installed" && row["path"] == "\(stage)/share/exhibit/Policies/\(row["id"] ?? "").yaml")
        }
        // Through a symbolic link from elsewhere, the real executable still decides.
        try FileManager.default.createDirectory(atPath: harness.path("links"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: harness.path("links/exhibit"), withDestinationPath: "\(stage)/bin/exhibit")
        let linked = try Self.listing(harness, in: harness.caseFolder.path, binary: harness.path("links/exhibit"))
        #expect(linked.allSatisfy { $0["source"] == "installed" })
        // EXHIBIT_POLICIES overrides the installation.
        let overridden = try Self.listing(
            harness, in: harness.caseFolder.path, binary: "\(stage)/bin/exhibit", environment: ["EXHIBIT_POLICIES": Self.shipped])
        #expect(overridden.allSatisfy { $0["source"] == "EXHIBIT_POLICIES" && ($0["path"] ?? "").hasPrefix(Self.shipped + "/") })
    }

    @Test func aBinaryWithNoInstallationFindsNoPoliciesAndSaysSo() throws {
        let harness = try CLIHarness()
        try Self.placeBinary(at: harness.path("loose/exhibit"))
        try Self.plant(in: harness.caseFolder.path)
        #expect(try Self.listing(harness, in: harness.caseFolder.path, binary: harness.path("loose/exhibit")).isEmpty)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: harness.path("loose/exhibit"))
        process.arguments = ["redact", "--policy", "police-to-cps", "--preview"]
        process.currentDirectoryURL = harness.caseFolder
        var environment = harness.environment
        environment.removeValue(forKey: "EXHIBIT_POLICIES")
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2 && message.contains("no shipped policies found"), "\(message)")
        #expect(message.contains("EXHIBIT_POLICIES"))
    }
}
