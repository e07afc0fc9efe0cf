import Foundation
import Testing

/// Crash safety and concurrency with real processes: `exhibit add` killed with SIGKILL at random points,
/// and two writers on one store at once.
@Suite struct RobustnessTests {
    /// Writes `count` distinct files of `size` bytes into `folder`.
    static func makeFiles(_ cli: CLIHarness, folder: String, count: Int, size: Int, seed: Int) throws {
        for index in 0..<count {
            var bytes = [UInt8](repeating: 0, count: size)
            var state = UInt64(truncatingIfNeeded: seed &* 1_000_003 &+ index &* 7919 &+ 1)
            for position in 0..<size {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes[position] = UInt8(truncatingIfNeeded: state >> 33)
            }
            try cli.write("\(folder)/file-\(index).bin", Data(bytes))
        }
    }

    static func exhibits(_ cli: CLIHarness) throws -> [String: Int] {
        let listed = try #require(try cli.expectSuccess(["list", "--json"]).json() as? [[String: Any]])
        var counts: [String: Int] = [:]
        for exhibit in listed {
            if let ref = exhibit["ref"] as? String { counts[ref] = exhibit["fileCount"] as? Int ?? -1 }
        }
        return counts
    }

    @Test func killedAddsLeaveAStoreThatVerifies() throws {
        let cli = try CLIHarness.withCase()
        try Self.makeFiles(cli, folder: "evidence", count: 120, size: 16_384, seed: 1)
        try cli.write("evidence/video.bin", Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
        let filesPerAdd = 121
        let flags = ["--description", "phone download", "--seized-by", "DC 1 Crash", "--seized-from", "phone"]

        // One uninterrupted add gives the span over which kill points are spread.
        let started = Date()
        try cli.expectSuccess(["add", cli.path("evidence"), "--ref", "BASE/0"] + flags)
        let span = max(Date().timeIntervalSince(started), 0.05)

        var completed: [String] = []
        var generator = SystemRandomNumberGenerator()
        let attempts = 32
        for attempt in 1...attempts {
            let ref = "CR/\(attempt)"
            let process = try cli.start(["add", cli.path("evidence"), "--ref", ref] + flags)
            // Kill-point injection: a random instant within (and a little beyond) a normal add's run.
            let delay = Double.random(in: 0...(span * 1.3), using: &generator)
            usleep(useconds_t(delay * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .exit, process.terminationStatus == 0 { completed.append(ref) }
        }

        #expect(completed.count < attempts, "no add was interrupted")
        let verify = try cli.run(["verify", "--json"])
        #expect(verify.status == 0, "verify after \(attempts) kills: \(verify.stdout)")
        let counts = try Self.exhibits(cli)
        for (ref, files) in counts {
            #expect(files == filesPerAdd, "\(ref) is half-registered: \(files) files")
        }
        for ref in completed { #expect(counts[ref] == filesPerAdd, "\(ref) completed but is not fully present") }
        print(
            "crash test: \(attempts) adds killed at random points; \(completed.count) had finished, \(counts.count - 1) registered"
        )

        // The next writer rolls back whatever the last kill left; afterwards nothing is pending.
        try cli.write("late/one.txt", "after the crashes")
        try cli.expectSuccess(["add", cli.path("late/one.txt"), "--ref", "LATE/1"] + flags)
        let clean = try #require(try cli.run(["verify", "--json"]).json() as? [String: Any])
        #expect((clean["problems"] as? [String])?.isEmpty == true)
        #expect((clean["warnings"] as? [String])?.isEmpty == true, "leftovers: \(clean["warnings"] ?? "")")
        let staging = try FileManager.default.contentsOfDirectory(atPath: cli.store + "/tmp")
        #expect(staging.isEmpty)
    }

    @Test func twoProcessesAddingTwoHundredFilesEach() throws {
        let cli = try CLIHarness.withCase()
        try Self.makeFiles(cli, folder: "a", count: 200, size: 2048, seed: 2)
        try Self.makeFiles(cli, folder: "b", count: 200, size: 2048, seed: 3)
        let flags = ["--description", "d", "--seized-by", "s", "--seized-from", "f"]
        let first = try cli.start(["add", cli.path("a"), "--ref", "A/1"] + flags)
        let second = try cli.start(["add", cli.path("b"), "--ref", "B/1"] + flags)
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(first.terminationStatus == 0 && second.terminationStatus == 0)
        let counts = try Self.exhibits(cli)
        #expect(counts == ["A/1": 200, "B/1": 200])
        let report = try #require(try cli.run(["verify", "--json"]).json() as? [String: Any])
        #expect((report["problems"] as? [String])?.isEmpty == true)
        #expect(report["objects"] as? Int == 400)
        #expect(report["entries"] as? Int == 3)
    }

    @Test func twoWritersInterleavingManyCommands() throws {
        let cli = try CLIHarness.withCase()
        try Self.makeFiles(cli, folder: "x", count: 20, size: 512, seed: 4)
        try Self.makeFiles(cli, folder: "y", count: 20, size: 512, seed: 5)
        let binary = CLIHarness.binary.path
        func loop(_ folder: String, _ prefix: String) -> String {
            """
            set -e; for i in $(seq 0 19); do
              "\(binary)" add "\(cli.path(folder))/file-$i.bin" --ref "\(prefix)/$i" --description d --seized-by s --seized-from f >/dev/null
              "\(binary)" note "\(prefix)/$i" --text "checked $i" >/dev/null
            done
            """
        }
        var processes: [Process] = []
        for (folder, prefix) in [("x", "X"), ("y", "Y")] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", loop(folder, prefix)]
            process.currentDirectoryURL = cli.caseFolder
            process.environment = cli.environment
            try process.run()
            processes.append(process)
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let counts = try Self.exhibits(cli)
        #expect(counts.count == 40)
        let report = try #require(try cli.run(["verify", "--json"]).json() as? [String: Any])
        #expect((report["problems"] as? [String])?.isEmpty == true)
        #expect(report["entries"] as? Int == 1 + 80)
        let history = try #require(try cli.expectSuccess(["history", "--json"]).json() as? [[String: Any]])
        #expect(history.map { $0["seq"] as? Int } == (1...81).map { $0 })
    }
}
