import Foundation
import Testing

/// Bad input gets one clear line naming the file and the problem, the documented exit code, and the store
/// is left exactly as it was.
@Suite struct BadInputTests {
    static func caseWithOneExhibit() throws -> CLIHarness {
        let cli = try CLIHarness.withCase()
        try cli.write("e/a.txt", "evidence")
        try cli.expectSuccess([
            "add", cli.path("e/a.txt"), "--ref", "JD/1", "--description", "d", "--seized-by", "s", "--seized-from", "f",
        ])
        return cli
    }

    /// Runs a command that must fail with `status`, print one `exhibit:` line containing `fragment`, and
    /// change nothing.
    static func expectRefused(
        _ cli: CLIHarness, _ arguments: [String], status: Int32, _ fragment: String, environment: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try cli.snapshot()
        let run = try cli.run(arguments, environment: environment)
        #expect(run.status == status, "exit \(run.status), stderr: \(run.stderr)", sourceLocation: sourceLocation)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one line, got: \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.hasPrefix("exhibit: "), sourceLocation: sourceLocation)
        #expect(run.stderr.contains(fragment), "stderr: \(run.stderr)", sourceLocation: sourceLocation)
        #expect(try cli.snapshot() == before, "the store changed", sourceLocation: sourceLocation)
        #expect(try cli.run(["verify"]).status == 0, sourceLocation: sourceLocation)
    }

    static let exhibitFlags = ["--description", "d", "--seized-by", "s", "--seized-from", "f"]

    @Test func missingPath() throws {
        let cli = try Self.caseWithOneExhibit()
        try Self.expectRefused(
            cli, ["add", cli.path("e/a.txt"), cli.path("e/nope.png"), "--ref", "JD/2"] + Self.exhibitFlags, status: 2,
            "nope.png: no such file")
    }

    @Test func existingReference() throws {
        let cli = try Self.caseWithOneExhibit()
        try Self.expectRefused(
            cli, ["add", cli.path("e/a.txt"), "--ref", "JD/1"] + Self.exhibitFlags, status: 2, "JD/1 already exists")
    }

    @Test func onlySymbolicLinks() throws {
        let cli = try Self.caseWithOneExhibit()
        try FileManager.default.createSymbolicLink(atPath: cli.path("e/link"), withDestinationPath: "/etc/hostname")
        try Self.expectRefused(
            cli, ["add", cli.path("e/link"), "--ref", "JD/2"] + Self.exhibitFlags, status: 2, "nothing to register")
    }

    @Test func contradictoryOrMalformedFlags() throws {
        let cli = try Self.caseWithOneExhibit()
        try Self.expectRefused(
            cli, ["add", cli.path("e/a.txt"), "--ref", "JD/2", "--seized-at", "2999-01-01T00:00:00Z"] + Self.exhibitFlags,
            status: 2, "is in the future")
        try Self.expectRefused(
            cli, ["add", cli.path("e/a.txt"), "--ref", "JD/2", "--seized-at", "last tuesday"] + Self.exhibitFlags,
            status: 2, "is not a time: give RFC 3339")
        try Self.expectRefused(
            cli, ["add", cli.path("e/a.txt"), "--ref", "JD/2", "--category", "Screen Shot"] + Self.exhibitFlags,
            status: 2, "category \"Screen Shot\" is not valid")
        try Self.expectRefused(
            cli, ["add", cli.path("e/a.txt"), "--ref", "JD/2", "--description", " ", "--seized-by", "s", "--seized-from", "f"],
            status: 2, "--description must not be empty")
        try Self.expectRefused(
            cli, ["transfer", "JD/1", "--to", CLIHarness.oic, "--reason", "r"], status: 2, "already in the custody of")
        try Self.expectRefused(cli, ["transfer", "JD/9", "--to", "x", "--reason", "r"], status: 2, "no exhibit JD/9")
        try Self.expectRefused(cli, ["add", "--ref", "JD/2"] + Self.exhibitFlags, status: 2, "at least one file")
        try Self.expectRefused(cli, ["frobnicate"], status: 2, "unexpected argument")
    }

    @Test func wrongPassphrase() throws {
        let cli = try Self.caseWithOneExhibit()
        let wrong = try cli.write("wrong-pass", "not the passphrase\n")
        try Self.expectRefused(
            cli, ["note", "JD/1", "--text", "t"], status: 3, "wrong passphrase", environment: ["EXHIBIT_PASSPHRASE_FILE": wrong])
    }

    @Test func noPassphraseAndNoTerminal() throws {
        let cli = try Self.caseWithOneExhibit()
        let before = try cli.snapshot()
        var environment = cli.environment
        environment.removeValue(forKey: "EXHIBIT_PASSPHRASE_FILE")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = ["--wait", CLIHarness.binary.path, "note", "JD/1", "--text", "t"]
        process.currentDirectoryURL = cli.caseFolder
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 3)
        #expect(message.contains("no passphrase") && message.contains("EXHIBIT_PASSPHRASE_FILE"))
        #expect(try cli.snapshot() == before)
    }

    @Test func keyFileOthersCanRead() throws {
        let cli = try Self.caseWithOneExhibit()
        chmod(cli.path("keys/agency.key"), 0o644)
        try Self.expectRefused(cli, ["note", "JD/1", "--text", "t"], status: 3, "too open")
    }

    @Test func keyThatIsNotTheCasesKey() throws {
        let cli = try Self.caseWithOneExhibit()
        try cli.expectSuccess(["keys", "generate", "--agency", "Other", "--out", cli.path("other/o")])
        try Self.expectRefused(
            cli, ["note", "JD/1", "--text", "t", "--key", cli.path("other/o.key")], status: 3,
            "does not belong to the certificate")
    }

    @Test func notAStore() throws {
        let cli = try CLIHarness()
        let run = try cli.run(["list"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no Exhibit case store"))
        let named = try cli.run(["list", "--store", cli.root.path])
        #expect(named.status == 2)
        #expect(named.stderr.contains("is not an Exhibit case store"))
        // A folder with an .exhibit that holds something else.
        try cli.write(
            "case/.exhibit/case.sqlite", "this is not a database at all, just text " + String(repeating: "x", count: 200))
        let garbage = try cli.run(["list"])
        #expect(garbage.status == 1)
        #expect(garbage.stderr.contains("case.sqlite is damaged"))
    }

    @Test func corruptDatabase() throws {
        let cli = try Self.caseWithOneExhibit()
        let database = cli.store + "/case.sqlite"
        // Fold the WAL into the database, then overwrite a page in the middle with garbage.
        try cli.sql("PRAGMA wal_checkpoint(TRUNCATE)")
        let handle = try #require(FileHandle(forUpdatingAtPath: database))
        try handle.seek(toOffset: 4096 * 2)
        try handle.write(contentsOf: Data(repeating: 0xEE, count: 4096))
        try handle.close()
        let verify = try cli.run(["verify"])
        #expect(verify.status == 1)
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let note = try cli.run(["note", "JD/1", "--text", "t"])
        #expect(note.status == 1, "stderr: \(note.stderr)")
        #expect(note.stderr.contains("case.sqlite is damaged"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
        #expect(note.stderr.hasPrefix("exhibit: ") && note.stderr.split(separator: "\n").count == 1)
    }

    @Test func unreadableFile() throws {
        let cli = try Self.caseWithOneExhibit()
        try cli.write("e/secret.txt", "cannot be read")
        if geteuid() == 0 {
            // root reads anything: run this one command as nobody, on a store nobody may write.
            let nobody: uid_t = 65534
            for path in try [cli.root.path]
                + (FileManager.default.subpathsOfDirectory(atPath: cli.root.path).map { cli.root.path + "/" + $0 })
            {
                chown(path, nobody, gid_t(nobody))
            }
            chmod(cli.path("e/secret.txt"), 0o000)
            let before = try cli.snapshot()
            let run = try cli.run(
                ["add", cli.path("e/secret.txt"), "--ref", "JD/2"] + Self.exhibitFlags,
                prefix: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
            #expect(run.status == 3, "stderr: \(run.stderr)")
            #expect(run.stderr.contains("secret.txt") && run.stderr.contains("Permission denied"))
            #expect(try cli.snapshot() == before)
        } else {
            chmod(cli.path("e/secret.txt"), 0o000)
            try Self.expectRefused(
                cli, ["add", cli.path("e/secret.txt"), "--ref", "JD/2"] + Self.exhibitFlags, status: 3, "Permission denied")
        }
    }

    @Test func initRefusesToOverwriteAStoreOrAnIdentity() throws {
        let cli = try Self.caseWithOneExhibit()
        try Self.expectRefused(
            cli,
            [
                "init", "--case-ref", "X", "--agency", "A", "--oic", "O", "--key", cli.path("keys/agency.key"), "--cert",
                cli.path("keys/agency.crt"),
            ],
            status: 2, "already holds a case store")
        let again = try cli.run(["keys", "generate", "--agency", "A", "--out", cli.path("keys/agency")])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
    }
}
