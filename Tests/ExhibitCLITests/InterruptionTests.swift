import Foundation
import Testing

/// All or nothing under interruption: `add`, `export`, `redact --out` and `receive --import --report --receipt`
/// are stopped with SIGINT, SIGTERM and SIGKILL at random instants (from a printed seed; set
/// `EXHIBIT_TEST_SEED` to replay a run). After each, the ledger holds either nothing of the command or all of
/// it, with its outputs; nothing else is beside the outputs; after SIGINT and SIGTERM the process itself left
/// nothing in the store's staging; after SIGKILL the next writer clears what was left; `verify` passes.
@Suite(.serialized) struct InterruptionTests {
    static let attempts = 21
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGKILL]

    /// SplitMix64: a small seeded generator, so a failing run can be replayed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func generator(_ name: String) -> SeededGenerator {
        let seed = ProcessInfo.processInfo.environment["EXHIBIT_TEST_SEED"].flatMap { UInt64($0) } ?? 20_261_201
        print("interruption test \(name): seed \(seed) (EXHIBIT_TEST_SEED replays it)")
        return SeededGenerator(state: seed)
    }

    /// One interruptible command: how to run attempt `n`, how many entries it records, and the outputs it makes.
    struct Scenario {
        var cli: CLIHarness
        var outputFolder: String
        var arguments: (Int) throws -> [String]
        var entries: Int
        var outputs: (Int) -> [String]
    }

    static func ledgerSize(_ cli: CLIHarness) throws -> Int {
        let checkpoint = try #require(try cli.expectSuccess(["checkpoint", "--json"]).json() as? [String: Any])
        return try #require(checkpoint["size"] as? Int)
    }

    static func names(_ folder: String) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
    }

    static func scratch(_ cli: CLIHarness) -> [String] {
        let staging = (try? FileManager.default.contentsOfDirectory(atPath: cli.store + "/tmp")) ?? []
        let work = (try? FileManager.default.subpathsOfDirectory(atPath: cli.store + "/work")) ?? []
        return staging.map { "tmp/\($0)" } + work.map { "work/\($0)" }
    }

    /// Runs the scenario `attempts` times, each stopped by the next signal at a random instant within `spread` times
    /// the first run's time (a first run can be the slowest: less of it is cached).
    static func interrupt(_ name: String, _ scenario: Scenario, attempts: Int = attempts, spread: Double = 1.2) throws {
        var random = generator(name)
        let cli = scenario.cli
        // One run to completion gives the span over which the stops are spread.
        let first = try scenario.arguments(0)
        let started = Date()
        try cli.expectSuccess(first)
        let span = max(Date().timeIntervalSince(started), 0.05)
        var expected = names(scenario.outputFolder)
        var completed = 0
        for attempt in 1...attempts {
            let signal = signals[attempt % signals.count]
            let arguments = try scenario.arguments(attempt)
            let before = try ledgerSize(cli)
            let process = try cli.start(arguments)
            let delay = Double.random(in: 0...(span * spread), using: &random)
            usleep(useconds_t(delay * 1_000_000))
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            let label = "\(name) attempt \(attempt), signal \(signal) after \(Int(delay * 1000)) ms"
            if signal != SIGKILL {
                // The process cleaned up after itself.
                #expect(scratch(cli).isEmpty, "\(label): left \(scratch(cli).prefix(3))")
            }
            let verify = try cli.run(["verify", "--json"])
            #expect(verify.status == 0, "\(label): verify failed: \(verify.stdout.prefix(600))")
            // The next writer clears whatever a SIGKILL left (and completes a committed output's rename).
            try cli.expectSuccess(["verify", "--record"])
            #expect(scratch(cli).isEmpty, "\(label): the next writer left \(scratch(cli).prefix(3))")
            let after = try ledgerSize(cli) - 1
            let outputs = scenario.outputs(attempt)
            if after == before + scenario.entries {
                completed += 1
                for output in outputs {
                    #expect(FileManager.default.fileExists(atPath: output), "\(label): recorded without \(output)")
                }
                expected.formUnion(outputs.map { URL(fileURLWithPath: $0).lastPathComponent })
            } else {
                #expect(after == before, "\(label): the ledger went from \(before) to \(after) entries")
                for output in outputs {
                    #expect(!FileManager.default.fileExists(atPath: output), "\(label): \(output) exists, nothing recorded")
                }
            }
            let present = names(scenario.outputFolder)
            #expect(present == expected, "\(label): beside the outputs: \(present.subtracting(expected).sorted())")
        }
        #expect(completed < attempts, "\(name): no run was interrupted")
        print("interruption test \(name): \(attempts) runs stopped, \(completed) had completed")
    }

    static let flags = ["--description", "phone download", "--seized-by", "DC 1 Crash", "--seized-from", "phone"]

    @Test func interruptedAdds() throws {
        let cli = try CLIHarness.withCase()
        try RobustnessTests.makeFiles(cli, folder: "evidence", count: 80, size: 16_384, seed: 7)
        try cli.write("evidence/video.bin", Data((0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 29) }))
        let outputs = cli.path("outputs")
        try FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
        try Self.interrupt(
            "add",
            Scenario(
                cli: cli, outputFolder: outputs, arguments: { ["add", cli.path("evidence"), "--ref", "IN/\($0)"] + Self.flags },
                entries: 1, outputs: { _ in [] }))
    }

    /// An add of several parts (1,000 files each) moves each part's objects into the store before the commit: a stop
    /// in any part leaves none of them behind.
    @Test func interruptedAddsOfSeveralParts() throws {
        let cli = try CLIHarness.withCase()
        let outputs = cli.path("outputs")
        try FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
        // New content for every attempt, so each one stores objects of its own.
        let phone = { (attempt: Int) throws -> String in
            for index in 0..<2_300 {
                try cli.write("phone-\(attempt)/DCIM/\(index / 500)/msg-\(index).txt", "message \(index) of run \(attempt)\n")
            }
            return cli.path("phone-\(attempt)")
        }
        try Self.interrupt(
            "large add",
            Scenario(
                cli: cli, outputFolder: outputs,
                arguments: { ["add", try phone($0), "--ref", "PH/\($0)", "--category", "phone"] + Self.flags },
                entries: 3, outputs: { _ in [] }), attempts: 8, spread: 0.7)
    }

    @Test func interruptedRedactions() throws {
        let cli = try RedactionWorkflowTests.samplesCase()
        let outputs = cli.path("redacted")
        try FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
        try Self.interrupt(
            "redact --out",
            Scenario(
                cli: cli, outputFolder: outputs,
                arguments: { ["redact", "--policy", "police-to-childrens-services", "--out", "\(outputs)/run-\($0)"] },
                entries: 1, outputs: { ["\(outputs)/run-\($0)"] }))
    }

    @Test func interruptedExports() throws {
        let pair = try BundleTests.pair()
        let outputs = pair.police.path("bundles")
        try FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
        try Self.interrupt(
            "export",
            Scenario(
                cli: pair.police, outputFolder: outputs,
                arguments: {
                    [
                        "export", "--policy", "police-to-childrens-services", "--to", "ncsc", "--purpose", "strategy discussion",
                        "--out", "\(outputs)/b-\($0).exhibit",
                    ]
                }, entries: 2, outputs: { ["\(outputs)/b-\($0).exhibit"] }))
    }

    @Test func interruptedReceives() throws {
        let pair = try BundleTests.pair()
        let outputs = pair.csc.path("received")
        try FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
        // Each attempt receives a bundle of its own (an imported bundle cannot be imported again).
        let bundle = { (attempt: Int) in pair.police.path("bundles/b-\(attempt).exhibit") }
        let imported = try #require(
            try pair.csc.expectSuccess(["receive", pair.bundle, "--json"]).json() as? [String: Any])
        let exhibits = Set(
            ((imported["items"] as? [[String: Any]]) ?? []).filter { $0["file"] != nil }.compactMap { $0["ref"] as? String })
        try Self.interrupt(
            "receive --import --report --receipt",
            Scenario(
                cli: pair.csc, outputFolder: outputs,
                arguments: { attempt in
                    if !FileManager.default.fileExists(atPath: bundle(attempt)) {
                        try pair.police.expectSuccess([
                            "export", "--policy", "police-to-childrens-services", "--to", "ncsc", "--purpose", "p",
                            "--out", bundle(attempt),
                        ])
                    }
                    // A previous attempt that imported leaves PARTNER:REF taken: each attempt imports under a new
                    // partner id registered for the same police certificate.
                    try pair.csc.expectSuccess([
                        "partners", "add", pair.police.certificate, "--name", "Police \(attempt)", "--id", "np\(attempt)",
                    ])
                    try pair.csc.expectSuccess(["partners", "remove", attempt == 0 ? "np" : "np\(attempt - 1)"])
                    return [
                        "receive", bundle(attempt), "--import", "--report", "\(outputs)/report-\(attempt).html", "--receipt",
                        "\(outputs)/receipt-\(attempt).p7s",
                    ]
                    // One `received` entry per exhibit, and the `witnessed` entry of the sender's checkpoint.
                }, entries: exhibits.count + 1,
                outputs: { ["\(outputs)/report-\($0).html", "\(outputs)/receipt-\($0).p7s"] }))
    }
}
