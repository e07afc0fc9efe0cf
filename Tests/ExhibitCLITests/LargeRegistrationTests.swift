import Foundation
import Testing

/// `add` of an exhibit larger than one part (1,000 files): the walk, the staging and the records are streamed part by
/// part, and the result must be what one pass over every file would give: every file once, in walk order, with its
/// hashes; content met again in a later part stored once; other exhibits holding it named; the intake hash-list check
/// made on every part; refusals kept; the whole registration in one commit.
@Suite struct LargeRegistrationTests {
    static let flags = ["--description", "phone extraction", "--seized-by", "PC 1 Smith", "--seized-from", "the mother"]
    static let count = 2_345
    static let distinct = 700

    /// `count` files in folders of 500, their content repeating every `distinct` files; a private key and a link.
    static func extraction(_ cli: CLIHarness) throws -> [String] {
        var paths: [(folder: String, name: String)] = []
        for index in 0..<count {
            let folder = "phone/DCIM/\(index / 500)"
            let name = "f-\(index).txt"
            try cli.write("\(folder)/\(name)", "message \(index % distinct)\n")
            paths.append((folder, name))
        }
        try cli.write(
            "phone/keys/id.pem",
            "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----\n")
        try FileManager.default.createSymbolicLink(atPath: cli.path("phone/link"), withDestinationPath: "DCIM")
        // Walk order: each folder's names sorted.
        return paths.sorted { ($0.folder, $0.name) < ($1.folder, $1.name) }.map { "\($0.folder)/\($0.name)" }
    }

    static func added(_ cli: CLIHarness, ref: String) throws -> [String: Any] {
        try #require(try cli.expectSuccess(["add", cli.path("phone"), "--ref", ref, "--json"] + flags).json() as? [String: Any])
    }

    @Test func aRegistrationOfSeveralPartsIsOneWholeRegistration() throws {
        let cli = try CLIHarness.withCase()
        let expected = try Self.extraction(cli)
        // A list naming the content of files 650, 1350 and 2050 (the last in the third part), loaded before the add.
        let listed = try runTool("/usr/bin/sha256sum", [try cli.write("listed.txt", "message 650\n")])
        let digest = String(listed.output.prefix(64))
        try cli.expectSuccess(["hashset", "import", try cli.write("lists/known.txt", "sha256\n\(digest)\n"), "--name", "known"])

        let first = try Self.added(cli, ref: "L/1")
        let files = try #require(first["files"] as? [[String: Any]])
        #expect(files.count == Self.count)
        #expect(files.compactMap { $0["path"] as? String } == expected)
        #expect(files.allSatisfy { $0["alsoIn"] == nil })
        #expect(first["storedObjects"] as? Int == Self.distinct)
        let bytes = (0..<Self.count).reduce(0) { $0 + "message \($1 % Self.distinct)\n".utf8.count }
        #expect(first["bytes"] as? Int == bytes)
        let refused = try #require(first["refused"] as? [[String: Any]]).compactMap { $0["path"] as? String }
        #expect(Set(refused) == [cli.path("phone/keys/id.pem"), cli.path("phone/link")])

        // One commit: registered, two registered-files entries, then the intake's hash-matched entry.
        let history = try #require(try cli.expectSuccess(["history", "--json"]).json() as? [[String: Any]])
        let entries = history.compactMap { $0["entry"] as? [String: Any] }
        #expect(
            entries.compactMap { $0["action"] as? String }.suffix(4) == [
                "registered", "registered-files", "registered-files", "hash-matched",
            ])
        let matched = try #require(entries.last?["details"] as? [String: Any])
        let found = try #require(matched["hashMatches"] as? [[String: Any]]).compactMap { $0["file"] as? String }
        #expect(found == ["phone/DCIM/1/f-650.txt", "phone/DCIM/2/f-1350.txt", "phone/DCIM/4/f-2050.txt"])
        let shown = try #require(try cli.expectSuccess(["show", "L/1", "--json"]).json() as? [String: Any])
        #expect(shown["fileCount"] as? Int == Self.count)
        try cli.expectSuccess(["verify"])

        // The same files again: nothing new is stored, and every file names the exhibit already holding it.
        let second = try Self.added(cli, ref: "L/2")
        #expect(second["storedObjects"] as? Int == 0)
        let again = try #require(second["files"] as? [[String: Any]])
        #expect(again.count == Self.count)
        #expect(again.allSatisfy { ($0["alsoIn"] as? [String]) == ["L/1"] })
        let text = try cli.expectSuccess(["add", cli.path("phone"), "--ref", "L/3"] + Self.flags).stdout
        #expect(text.contains("Registered L/3: \(Self.count) files"))
        #expect(text.contains("and \(Self.count - 100) more files"))
        #expect(text.contains("same content already held in L/1, L/2"))
        try cli.expectSuccess(["verify"])

        // The progress line counts every part against the whole: it ends at all the bytes, 100%.
        let progressed = try cli.run(["add", cli.path("phone"), "--ref", "L/4", "--progress", "always"] + Self.flags)
        #expect(progressed.status == 0, "\(progressed.stderr)")
        let lines = progressed.stderr.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).filter { $0.hasPrefix("hashing ") }
        let last = try #require(lines.last.map(String.init), "\(progressed.stderr)")
        let amounts = last.dropFirst("hashing ".count).components(separatedBy: " (").first?.components(separatedBy: " of ")
        #expect(amounts?.count == 2 && amounts?.first == amounts?.last && last.contains("(100%)"), "\(last)")
    }
}
