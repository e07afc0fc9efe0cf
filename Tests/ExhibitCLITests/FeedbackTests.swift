import Foundation
import Testing

/// Feedback on long work: progress (bytes, rate, time left) and each receive check on stderr under a terminal
/// (a pseudo-terminal made by util-linux `script`), nothing but the result when piped, `--progress always` and
/// `--quiet` to choose, and errors as JSON on stdout with `--json`.
@Suite struct FeedbackTests {
    /// Runs the binary under a pseudo-terminal and returns everything it wrote (stdout and stderr together).
    static func underTerminal(_ cli: CLIHarness, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let quoted = ([CLIHarness.binary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", quoted.joined(separator: " "), "/dev/null"]
        process.currentDirectoryURL = cli.caseFolder
        process.environment = cli.environment
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func caseWithLargeExhibit() throws -> CLIHarness {
        let cli = try CLIHarness.withCase()
        var bytes = [UInt8](repeating: 0, count: 3 << 20)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 13) }
        try cli.write("evidence/disk.bin", Data(bytes))
        try cli.expectSuccess([
            "add", cli.path("evidence/disk.bin"), "--ref", "JD/1", "--description", "an image", "--seized-by", "PC 1",
            "--seized-from", "home",
        ])
        return cli
    }

    @Test func progressShowsOnATerminalAndNotWhenPiped() throws {
        let cli = try Self.caseWithLargeExhibit()
        let terminal = try Self.underTerminal(cli, ["extract", "JD/1", "--out", cli.path("a")])
        #expect(terminal.status == 0, "\(terminal.output)")
        #expect(terminal.output.contains("extracting ") && terminal.output.contains(" of 3.1 MB"), "\(terminal.output)")
        #expect(terminal.output.contains("\r"), "the progress line is redrawn in place")

        let piped = try cli.run(["extract", "JD/1", "--out", cli.path("b")])
        #expect(piped.status == 0 && !piped.stderr.contains("extracting"), "\(piped.stderr)")
        let forced = try cli.run(["extract", "JD/1", "--out", cli.path("c"), "--progress", "always"])
        #expect(forced.stderr.contains("extracting ") && forced.stderr.contains("(100%)"), "\(forced.stderr)")
        #expect(!forced.stdout.contains("extracting "))
        let quiet = try Self.underTerminal(cli, ["extract", "JD/1", "--out", cli.path("d"), "--quiet"])
        #expect(quiet.status == 0 && !quiet.output.contains("extracting "), "\(quiet.output)")
        let never = try Self.underTerminal(cli, ["extract", "JD/1", "--out", cli.path("e"), "--progress", "never"])
        #expect(never.status == 0 && !never.output.contains("extracting "), "\(never.output)")
        let verifying = try cli.run(["verify", "--progress", "always"])
        #expect(verifying.status == 0 && verifying.stderr.contains("verifying 3.1 MB"), "\(verifying.stderr)")
        #expect(try cli.run(["verify"]).stderr.isEmpty)
        let adding = try Self.underTerminal(
            cli,
            [
                "add", cli.path("evidence/disk.bin"), "--ref", "JD/2", "--description", "again", "--seized-by", "PC 1",
                "--seized-from", "home",
            ])
        #expect(adding.status == 0 && adding.output.contains("hashing "), "\(adding.output)")
    }

    @Test func receivePrintsEachCheckAsItCompletesOnATerminal() throws {
        let pair = try BundleTests.pair()
        let terminal = try Self.underTerminal(pair.csc, ["receive", pair.bundle])
        #expect(terminal.status == 0, "\(terminal.output)")
        #expect(terminal.output.contains("ok    The file is a complete, well-formed bundle"), "\(terminal.output)")
        // Export shows its progress too.
        let exported = try pair.police.run([
            "export", "--policy", "police-to-childrens-services", "--to", "ncsc", "--purpose", "again", "--out",
            pair.police.path("out/again.exhibit"), "--progress", "always",
        ])
        #expect(exported.status == 0 && exported.stderr.contains("encrypting ") && exported.stderr.contains("(100%)"))
        let redacted = try pair.police.run([
            "redact", "PS/3", "--policy", "police-to-childrens-services", "--out", pair.police.path("r"), "--progress", "always",
        ])
        #expect(redacted.status == 0 && redacted.stderr.contains("redacting ") && redacted.stderr.contains("(100%)"))
        let piped = try pair.csc.run(["receive", pair.bundle])
        #expect(piped.status == 0 && !piped.stderr.contains("well-formed"), "\(piped.stderr)")
        #expect(piped.stdout.contains("Bundle ACCEPTED"))
    }

    @Test func errorsAreJSONOnStdoutWithJSON() throws {
        let cli = try CLIHarness.withCase()
        let missing = try cli.run(["show", "JD/9", "--json"])
        #expect(missing.status == 2 && missing.stderr.hasPrefix("exhibit: "))
        let object = try #require(try missing.json() as? [String: Any])
        #expect(object["exitCode"] as? Int == 2 && (object["error"] as? String)?.contains("JD/9") == true)
        let usage = try cli.run(["extract", "--json", "--out", cli.path("x")])
        #expect(usage.status == 2)
        #expect((try usage.json() as? [String: Any])?["exitCode"] as? Int == 2)
        let plain = try cli.run(["show", "JD/9"])
        #expect(plain.stdout.isEmpty)
    }
}

/// Command-line times through the binary: the same instant whatever TZ says, and how it was read.
@Suite struct CommandLineTimeTests {
    @Test func ukTimesAreReadAsEuropeLondonWhateverTheMachinesZone() throws {
        let cli = try CLIHarness.withCase()
        for (zone, kind) in [("America/New_York", "police-notified"), ("Asia/Tokyo", "csc-notified")] {
            let result = try cli.run(["event", kind, "--at", "18/11/2026 17:05"], environment: ["TZ": zone])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("read as 17:05 GMT, UK time (2026-11-18T17:05:00.000Z)"), "\(result.stderr)")
        }
        let history = try #require(try cli.expectSuccess(["history", "--json"]).json() as? [[String: Any]])
        let times = history.compactMap {
            (($0["entry"] as? [String: Any])?["details"] as? [String: Any]).flatMap {
                ($0["milestone"] as? [String: Any])?["at"] as? String
            }
        }
        #expect(times == ["2026-11-18T17:05:00.000Z", "2026-11-18T17:05:00.000Z"])
        let gap = try cli.run(["event", "decision", "--at", "29/03/2026 01:30"])
        #expect(gap.status == 2 && gap.stderr.contains("offset"), "\(gap.stderr)")
        let twice = try cli.run(["event", "decision", "--at", "25/10/2026 01:30"])
        #expect(twice.status == 2 && twice.stderr.contains("+01:00 for the first (BST)"), "\(twice.stderr)")
    }
}
