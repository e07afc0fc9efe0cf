import ArgumentParser
import Foundation
import Testing

@testable import exhibit

/// Every command's `--help`, word for word, against the snapshots in `Snapshots/help/` (as swift-argument-parser's
/// own tests do). A changed help text is a change users see: run with `UPDATE_SNAPSHOTS=1` to rewrite the
/// snapshots, and review the diff.
@Suite struct HelpSnapshotTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/help")
    static let columns = 100

    /// Every command in the tree with the words that name it (`["partners", "add"]`).
    static func commands(_ type: ParsableCommand.Type = Exhibit.self, path: [String] = []) -> [([String], ParsableCommand.Type)] {
        let here = (path, type)
        return [here]
            + type.configuration.subcommands.flatMap { sub in
                commands(sub, path: path + [sub.configuration.commandName ?? sub._commandName])
            }
    }

    static func snapshot(_ path: [String]) -> URL {
        folder.appendingPathComponent((["exhibit"] + path).joined(separator: "-") + ".txt")
    }

    @Test(arguments: commands().map(\.0))
    func helpMatchesItsSnapshot(_ path: [String]) throws {
        let type = try #require(Self.commands().first { $0.0 == path }?.1)
        let help = Exhibit.helpMessage(for: type, columns: Self.columns) + "\n"
        let file = Self.snapshot(path)
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try help.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(help == expected, "exhibit \(path.joined(separator: " ")) --help changed; UPDATE_SNAPSHOTS=1 rewrites it")
    }

    @Test func everySnapshotBelongsToACommand() throws {
        let known = Set(Self.commands().map { Self.snapshot($0.0).lastPathComponent })
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: Self.folder.path))
        #expect(files == known, "stale or missing help snapshots: \(files.symmetricDifference(known).sorted())")
    }

    /// The built binary prints the same text as a user sees it.
    @Test(arguments: [[], ["partners", "add"], ["receive"]])
    func theBinaryPrintsTheSnapshot(_ path: [String]) throws {
        let harness = try CLIHarness()
        harness.environment["COLUMNS"] = String(Self.columns)
        let run = try harness.run(path + ["--help"])
        #expect(run.status == 0)
        #expect(run.stdout == (try String(contentsOf: Self.snapshot(path), encoding: .utf8)))
    }

    /// Commands also run in process with an explicit context, as tests and embedders need.
    @Test func commandsRunInProcessWithTheirOwnContext() throws {
        let harness = try CLIHarness()
        let output = OutputCapture()
        let context = CommandContext(
            standardOutput: { output.append(out: $0) }, standardError: { output.append(err: $0) },
            environment: harness.environment, workingDirectory: harness.root.path, stderrIsTerminal: false)
        #expect(EntryPoint.execute(["keys", "generate", "--agency", "In Process", "--out", "k"], context: context) == 0)
        #expect(FileManager.default.fileExists(atPath: harness.path("k.key")))
        #expect(output.stdout.contains("Wrote \(harness.path("k.key"))"))
        #expect(EntryPoint.execute(["keys", "generate", "--agency", "In Process", "--out", "k"], context: context) == 2)
        #expect(output.stderr.contains("already exists"))
        #expect(EntryPoint.execute(["list"], context: context) == 2)
        #expect(output.stderr.hasSuffix("run exhibit init, or pass --store\n"))
    }
}

/// Collects what an in-process command writes.
final class OutputCapture: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var out = ""
    private var err = ""

    var stdout: String { lock.withLock { out } }
    var stderr: String { lock.withLock { err } }

    func append(out text: String) { lock.withLock { out += text } }
    func append(err text: String) { lock.withLock { err += text } }
}
