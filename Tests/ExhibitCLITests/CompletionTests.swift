import Foundation
import Testing

/// Shell completions: the scripts argument-parser generates load in bash, zsh and fish, and the values the
/// shell asks the binary for at TAB (`exhibit ---completion …`) are the case's exhibit references and partner
/// ids and the shipped policy ids, read without changing anything and without a word on stderr.
@Suite struct CompletionTests {
    /// A case with two exhibits and a partner.
    static func caseWithValues() throws -> CLIHarness {
        let cli = try CLIHarness.withCase()
        for (ref, name) in [("PS/1", "screen.txt"), ("SW/1", "note.txt")] {
            let file = try cli.write("evidence/\(name)", "evidence \(ref)\n")
            try cli.expectSuccess([
                "add", file, "--ref", ref, "--description", "d", "--seized-by", "PC 1", "--seized-from", "someone",
            ])
        }
        try cli.expectSuccess(["keys", "generate", "--agency", "Northshire CSC", "--out", cli.path("keys/partner")])
        try cli.expectSuccess(["partners", "add", cli.path("keys/partner.crt"), "--name", "Northshire CSC", "--id", "ncsc"])
        return cli
    }

    /// What the binary offers for `words` (the command line, the last word being completed), asked the way the
    /// bash script asks: `---completion SUBCOMMAND -- ARGUMENT WORD-INDEX CURSOR-INDEX WORDS…`.
    static func offered(
        _ cli: CLIHarness, command: String, argument: String, _ words: [String], in folder: URL? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String] {
        let run = try cli.run(
            ["---completion"] + command.split(separator: " ").map(String.init) + [
                "--", argument, "\(words.count - 1)", "\(words.last?.count ?? 0)",
            ] + words, in: folder)
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)", sourceLocation: sourceLocation)
        return run.stdout.split(separator: "\n").map(String.init)
    }

    @Test func valuesComeFromTheStoreAndTheCatalogue() throws {
        let cli = try Self.caseWithValues()
        #expect(try Self.offered(cli, command: "show", argument: "positional@0", ["exhibit", "show", ""]) == ["PS/1", "SW/1"])
        #expect(try Self.offered(cli, command: "transfer", argument: "positional@0", ["exhibit", "transfer", "S"]) == ["SW/1"])
        #expect(try Self.offered(cli, command: "export", argument: "--ref", ["exhibit", "export", "--ref", "P"]) == ["PS/1"])
        #expect(try Self.offered(cli, command: "export", argument: "--to", ["exhibit", "export", "--to", ""]) == ["ncsc"])
        #expect(
            try Self.offered(cli, command: "partners remove", argument: "positional@0", ["exhibit", "partners", "remove", ""])
                == ["ncsc"])
        #expect(
            try Self.offered(cli, command: "redact", argument: "--policy", ["exhibit", "redact", "--policy", ""])
                == PolicySourceTests.ids)
        #expect(
            try Self.offered(cli, command: "export", argument: "--policy", ["exhibit", "export", "--policy", "police-to-c"])
                == ["police-to-childrens-services", "police-to-cps"])
    }

    @Test func thePolicyOfOnesOwnCompletesAsAPath() throws {
        let cli = try CLIHarness.withCase()
        try PolicySourceTests.plant(in: cli.caseFolder.path)
        #expect(
            try Self.offered(cli, command: "redact", argument: "--policy", ["exhibit", "redact", "--policy", "./Pol"]) == [
                "./Policies/"
            ])
        #expect(
            try Self.offered(cli, command: "redact", argument: "--policy", ["exhibit", "redact", "--policy", "./Policies/pl"])
                == ["./Policies/planted.yaml"])
    }

    @Test func theStoreNamedOnTheLineIsReadAndNoStoreOffersNothing() throws {
        let cli = try Self.caseWithValues()
        // From outside the case, --store (quoted as the shell passes it) names the store.
        let quoted = "'\(cli.caseFolder.path)'"
        #expect(
            try Self.offered(
                cli, command: "show", argument: "positional@0", ["exhibit", "show", "--store", quoted, ""], in: cli.root)
                == ["PS/1", "SW/1"])
        // No store at all: nothing is offered, and nothing is said.
        #expect(try Self.offered(cli, command: "show", argument: "positional@0", ["exhibit", "show", ""], in: cli.root).isEmpty)
        #expect(
            try Self.offered(cli, command: "export", argument: "--to", ["exhibit", "export", "--to", ""], in: cli.root).isEmpty)
    }

    @Test func theGeneratedScriptsLoadAndBashCompletesFromTheStore() throws {
        let cli = try Self.caseWithValues()
        for (shell, check) in [("bash", ["-n"]), ("zsh", ["-n"]), ("fish", ["--no-execute"])] {
            let script = try cli.run(["--generate-completion-script", shell])
            #expect(script.status == 0 && script.stdout.contains("---completion"), "\(shell): \(script.stderr)")
            let path = try cli.write("completion.\(shell)", script.stdout)
            let parsed = try runTool(shell, check + [path])
            #expect(parsed.status == 0, "\(shell) cannot load its completion script: \(parsed.output)")
        }
        // bash, as a user's TAB would run it: the generated function, calling back into the binary on PATH.
        let folder = CLIHarness.binary.deletingLastPathComponent().path
        let program = """
            source "$1"; shift
            COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
            _exhibit exhibit "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        func complete(_ words: [String]) throws -> [String] {
            let run = try runTool(
                "env", ["PATH=\(folder):/usr/bin:/bin", "bash", "-c", program, "bash", cli.path("completion.bash")] + words,
                in: cli.caseFolder)
            return run.output.split(separator: "\n").map(String.init)
        }
        #expect(try complete(["exhibit", "show", ""]) == ["PS/1", "SW/1"])
        #expect(try complete(["exhibit", "export", "--to", ""]) == ["ncsc"])
        #expect(try complete(["exhibit", "redact", "--policy", "hash"]) == ["hash-only-referral"])
        #expect(try complete(["exhibit", "rec"]).contains("receive"))
    }
}
