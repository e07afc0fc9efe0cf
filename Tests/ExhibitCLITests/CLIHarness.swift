import Foundation
import Testing

/// Runs the built `exhibit` binary as a user would, in a temporary case folder of its own.
final class CLIHarness: @unchecked Sendable {
    /// What one run printed and returned.
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String

        /// The stdout parsed as JSON.
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    /// The temporary folder holding keys, evidence and the case.
    let root: URL
    /// The case folder (the store is `case/.exhibit`).
    let caseFolder: URL
    /// Environment for every run.
    var environment: [String: String]

    static let agency = "Northshire Police CAIU"
    static let oic = "DC 4521 Priya Shah"

    /// The binary under test: $EXHIBIT_BINARY, else `exhibit` beside the test runner.
    static var binary: URL {
        if let explicit = ProcessInfo.processInfo.environment["EXHIBIT_BINARY"] { return URL(fileURLWithPath: explicit) }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("exhibit")
            if FileManager.default.isExecutableFile(atPath: candidate.path), !candidate.hasDirectoryPath { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/exhibit")
    }

    /// A fresh temporary folder with a passphrase file; nothing else yet.
    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("exhibit-cli-\(UUID().uuidString)")
        caseFolder = root.appendingPathComponent("case")
        try FileManager.default.createDirectory(at: caseFolder, withIntermediateDirectories: true)
        let passphrase = root.appendingPathComponent("passphrase.txt")
        try "correct horse battery staple\n".write(to: passphrase, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["EXHIBIT_PASSPHRASE_FILE"] = passphrase.path
        for name in ["EXHIBIT_STORE", "EXHIBIT_ACTOR", "EXHIBIT_KEY", "EXHIBIT_ACTOR_ROLE", "EXHIBIT_ACTOR_ID"] {
            environment.removeValue(forKey: name)
        }
        self.environment = environment
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// A harness with an agency key and an open case.
    static func withCase(
        algorithm: String = "p256", agency: String = CLIHarness.agency, oic: String = CLIHarness.oic,
        caseRef: String = "CRN 13/123456/26"
    ) throws -> CLIHarness {
        let harness = try CLIHarness()
        try harness.expectSuccess([
            "keys", "generate", "--agency", agency, "--out", harness.path("keys/agency"), "--algorithm", algorithm,
        ])
        try harness.expectSuccess([
            "init", "--case-ref", caseRef, "--agency", agency, "--oic", oic,
            "--key", harness.path("keys/agency.key"), "--cert", harness.path("keys/agency.crt"),
        ])
        return harness
    }

    /// The agency certificate of a harness made by `withCase`.
    var certificate: String { path("keys/agency.crt") }

    /// A path inside the temporary folder.
    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The store folder.
    var store: String { caseFolder.appendingPathComponent(".exhibit").path }

    /// Writes a file (creating folders), returning its path.
    @discardableResult
    func write(_ relative: String, _ contents: String) throws -> String {
        try write(relative, Data(contents.utf8))
    }

    /// Writes bytes to a file (creating folders), returning its path.
    @discardableResult
    func write(_ relative: String, _ contents: Data) throws -> String {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url)
        return url.path
    }

    /// A process for the binary (optionally run through `prefix`, such as setpriv), not yet started.
    private func makeProcess(_ arguments: [String], in folder: URL?, environment extra: [String: String], prefix: [String])
        -> Process
    {
        let process = Process()
        if let launcher = prefix.first {
            process.executableURL = URL(fileURLWithPath: launcher)
            process.arguments = Array(prefix.dropFirst()) + [Self.binary.path] + arguments
        } else {
            process.executableURL = Self.binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = folder ?? caseFolder
        process.environment = environment.merging(extra) { $1 }
        process.standardInput = FileHandle.nullDevice
        return process
    }

    /// Starts the binary without waiting.
    func start(_ arguments: [String], in folder: URL? = nil) throws -> Process {
        let process = makeProcess(arguments, in: folder, environment: [:], prefix: [])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs the binary to completion in the case folder (or `folder`).
    @discardableResult
    func run(_ arguments: [String], in folder: URL? = nil, environment extra: [String: String] = [:], prefix: [String] = [])
        throws -> Run
    {
        let process = makeProcess(arguments, in: folder, environment: extra, prefix: prefix)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let collected = CollectedOutput()
        let group = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isOut: isOut)
                group.leave()
            }
        }
        process.waitUntilExit()
        group.wait()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: collected.out, as: UTF8.self),
            stderr: String(decoding: collected.err, as: UTF8.self))
    }

    /// Runs and requires exit status 0.
    @discardableResult
    func expectSuccess(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Run {
        let result = try run(arguments)
        #expect(
            result.status == 0, "exhibit \(arguments.joined(separator: " ")) failed: \(result.stderr)",
            sourceLocation: sourceLocation)
        return result
    }

    /// The state a failed command must not change: ledger size, latest root and the object files.
    func snapshot() throws -> String {
        let checkpoint = try run(["checkpoint", "--json"]).stdout
        let objects = (FileManager.default.enumerator(atPath: store + "/objects")?.allObjects as? [String] ?? []).sorted()
        let history = try run(["history", "--json"]).stdout
        return checkpoint + objects.joined(separator: "\n") + history
    }

    /// Runs a query on the case database with the sqlite3 tool (for tamper tests).
    func sql(_ statement: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [store + "/case.sqlite", statement]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sqlite3 failed: \(statement)")
    }
}

/// Output gathered from two pipes on two threads.
final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var out = Data()
    private(set) var err = Data()

    func set(_ data: Data, isOut: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isOut { out = data } else { err = data }
    }
}

/// Runs a stock tool (openssl, bsdtar, bagit.py) and returns its status and combined output.
func runTool(_ executable: String, _ arguments: [String], in folder: URL? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    if let folder { process.currentDirectoryURL = folder }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

extension CLIHarness {
    /// Decrypts and unpacks a bundle addressed to this harness's agency with the stock tools (bsdtar, openssl cms), as
    /// a partner without Exhibit would, in a new folder of its own: the decrypted `inner.tar` stays in that folder,
    /// the inner bag is unpacked under `staging/`. Returns the inner bag.
    func unpackWithStockTools(_ bundle: String) throws -> URL {
        let folder = root.appendingPathComponent("manual-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("staging"), withIntermediateDirectories: true)
        #expect(try runTool("bsdtar", ["-xf", bundle], in: folder).status == 0)
        let bag = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix("EXB-") })
        let passphrase = try #require(environment["EXHIBIT_PASSPHRASE_FILE"])
        let decrypted = try runTool(
            "openssl",
            [
                "cms", "-decrypt", "-binary", "-inform", "DER", "-in", "\(bag)/data/envelope.cms.der", "-content",
                "\(bag)/data/payload.bin", "-recip", certificate, "-inkey", path("keys/agency.key"), "-passin",
                "file:\(passphrase)", "-out", "inner.tar",
            ], in: folder)
        #expect(decrypted.status == 0, "\(decrypted.output)")
        #expect(try runTool("bsdtar", ["-xf", "inner.tar", "-C", "staging"], in: folder).status == 0)
        return folder.appendingPathComponent("staging/\(bag)")
    }
}
