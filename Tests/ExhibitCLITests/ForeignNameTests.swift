import ExhibitCore
import Foundation
import Testing

/// Names that are not UTF-8 (Latin-1 and Windows-1252 names from memory cards and old archives): `add` reads each
/// file by its real name and records it with `\xNN` for the bytes that are not UTF-8, distinct from its neighbours;
/// the exhibit verifies, exports and is received. (Before: `add` of such a folder failed whole, "cannot examine: No
/// such file or directory", because the name was read as text and could not be opened again.)
@Suite struct ForeignNameTests {
    /// Creates a file or folder at `root` + `name` (bytes), with `contents` for a file.
    static func make(_ root: String, _ name: [UInt8], contents: String? = nil) throws {
        let path = FileName.cString(Array(root.utf8) + [0x2F] + name)
        guard let contents else {
            try #require(mkdir(path, 0o755) == 0)
            return
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let bytes = Array(contents.utf8)
        try #require(write(descriptor, bytes, bytes.count) == bytes.count)
    }

    /// The files `show REF --json` lists, and their SHA-256 by recorded path.
    static func registered(_ cli: CLIHarness, _ ref: String) throws -> (files: [[String: Any]], byPath: [String: String]) {
        let shown = try #require(try cli.expectSuccess(["show", ref, "--json"]).json() as? [String: Any])
        let files = (shown["files"] as? [[String: Any]]) ?? []
        let byPath = Dictionary(
            files.compactMap { file in (file["path"] as? String).map { ($0, file["sha256"] as? String ?? "") } },
            uniquingKeysWith: { first, _ in first })
        return (files, byPath)
    }

    @Test func namesShowEveryByteThatIsNotUTF8() {
        #expect(FileName.shown(Array("café 名前.txt".utf8)) == "café 名前.txt")
        #expect(FileName.shown([0x63, 0x61, 0x66, 0xE9, 0x2E, 0x74]) == "caf\\xE9.t")
        // A cut-off sequence, a lone continuation byte, bytes never in UTF-8, then a good character.
        #expect(FileName.shown([0xC3, 0x41, 0x80, 0xFF, 0xFE, 0xC3, 0xA9]) == "\\xC3A\\x80\\xFF\\xFEé")
        #expect(FileName.shown([0x0A]) == "\n")
        #expect(FileName(bytes: [0xE9]).isUTF8 == false)
        #expect(FileName(bytes: Array("é".utf8)).isUTF8)
    }

    @Test func latin1NamesAreRegisteredReadByTheirRealNamesAndTravel() throws {
        let cli = try CLIHarness.withCase()
        let root = cli.path("case/card")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // "Dépôt/résumé.txt" and "café.txt" in Latin-1, "café.txt" in UTF-8 beside it, and a name of bytes that are
        // never UTF-8.
        try Self.make(root, [0x44, 0xE9, 0x70, 0xF4, 0x74])
        try Self.make(
            root, [0x44, 0xE9, 0x70, 0xF4, 0x74, 0x2F] + [0x72, 0xE9, 0x73, 0x75, 0x6D, 0xE9] + Array(".txt".utf8),
            contents: "statement one")
        try Self.make(root, [0x63, 0x61, 0x66, 0xE9, 0x2E, 0x74, 0x78, 0x74], contents: "latin-1 name")
        try Self.make(root, Array("café.txt".utf8), contents: "utf-8 name")
        try Self.make(root, [0xFF, 0xFE, 0x2E, 0x74, 0x78, 0x74], contents: "odd bytes")
        try #require(symlink("/nowhere", FileName.cString(Array(root.utf8) + [0x2F, 0x6C, 0xE9])) == 0)

        let added = try cli.run(["add", "card", "--ref", "L/1"] + RealInputTests.flags)
        #expect(added.status == 0, "\(added.stdout) \(added.stderr)")
        let (files, byPath) = try Self.registered(cli, "L/1")
        let digest = { (text: String) in MessageDigest.sha256Hex(text) }
        #expect(byPath["card/D\\xE9p\\xF4t/r\\xE9sum\\xE9.txt"] == digest("statement one"), "\(byPath.keys.sorted())")
        #expect(byPath["card/caf\\xE9.txt"] == digest("latin-1 name"))
        #expect(byPath["card/café.txt"] == digest("utf-8 name"))
        #expect(byPath["card/\\xFF\\xFE.txt"] == digest("odd bytes"))
        #expect(files.count == 4)
        // The link is refused, named as shown.
        #expect(added.stdout.contains("card/l\\xE9: symbolic link to /nowhere"), "\(added.stdout)")
        #expect(try cli.run(["verify"]).status == 0)

        let imported = try RealInputTests.sharedWithSelf(cli, "L/1")
        let importedDigests = Set(imported.compactMap { $0["sha256"] as? String })
        #expect(importedDigests == Set(byPath.values))
    }

    /// A name that is not UTF-8, given on the command line itself (not inside a folder): the parser reads it with
    /// U+FFFD, but `add` opens it by its bytes and records it as a walk would. (Before: "no such file or folder".)
    @Test func aNameThatIsNotUTF8CanBeGivenOnTheCommandLine() throws {
        let cli = try CLIHarness.withCase()
        let here = cli.path("case")
        try Self.make(here, [0x63, 0x61, 0x66, 0xE9] + Array(".txt".utf8), contents: "latin-1 name")
        // A UTF-8 name that reads like the Latin-1 one decoded with U+FFFD: never taken for it.
        try Self.make(here, Array("caf\u{FFFD}.txt".utf8), contents: "look-alike")
        try Self.make(here, [0x44, 0xE9, 0x70, 0xF4, 0x74])
        try Self.make(here, [0x44, 0xE9, 0x70, 0xF4, 0x74, 0x2F] + Array("note.txt".utf8), contents: "in the folder")
        try Self.make(here, [0x63, 0x61, 0x66, 0xEA] + Array(".txt".utf8), contents: "another latin-1 name")
        // The shell passes the names as bytes (printf's octal escapes), after the arguments given.
        let raw = { (names: String) in ["/bin/sh", "-c", "exec \"$0\" \"$@\" \(names)"] }

        let added = try cli.run(
            ["add", "--ref", "L/1"] + RealInputTests.flags,
            prefix: raw("\"$(printf 'caf\\351.txt')\" \"$(printf './D\\351p\\364t/')\""))
        #expect(added.status == 0, "\(added.stdout) \(added.stderr)")
        let byPath = try Self.registered(cli, "L/1").byPath
        #expect(
            byPath == [
                "caf\\xE9.txt": MessageDigest.sha256Hex("latin-1 name"),
                "D\\xE9p\\xF4t/note.txt": MessageDigest.sha256Hex("in the folder"),
            ], "\(byPath)")

        // The UTF-8 look-alike, named as it is, is itself.
        try cli.expectSuccess(["add", "caf\u{FFFD}.txt", "--ref", "L/2"] + RealInputTests.flags)
        #expect(try Self.registered(cli, "L/2").byPath == ["caf\u{FFFD}.txt": MessageDigest.sha256Hex("look-alike")])

        // Two names that differ only in bytes that are not UTF-8 read alike to the parser: refused, not guessed.
        let before = try cli.snapshot()
        let ambiguous = try cli.run(
            ["add", "--ref", "L/3"] + RealInputTests.flags,
            prefix: raw("\"$(printf 'caf\\351.txt')\" \"$(printf 'caf\\352.txt')\""))
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.contains("differ only in bytes that are not UTF-8"), "\(ambiguous.stderr)")
        #expect(try cli.snapshot() == before)
        #expect(try cli.run(["verify"]).status == 0)
    }
}
