import Foundation
import Testing

/// Every command that names a path, run with one-letter, dotted, trailing-slash, absolute, relative, accented and
/// space-containing paths: exit 0, 2 or 3, at most one line of error, never a signal.
@Suite struct PathMatrixTests {
    /// Path forms (relative to the case folder unless absolute).
    static func forms(_ cli: CLIHarness) -> [String] {
        [
            "k", ".", "..", "k/", "x/k", "./k", "../k", "/", "", cli.path("abs"), cli.path("abs") + "/", "café",
            "caf\u{65}\u{301}", "with space", "名前", ".hidden", "-dash", "tab\tname", "new\nline",
        ]
    }

    @Test func everyCommandTakesEveryPathFormWithoutASignal() throws {
        let cli = try CLIHarness.withCase()
        try cli.write("case/evidence.txt", "a statement")
        try cli.expectSuccess([
            "add", "evidence.txt", "--ref", "M/1", "--description", "d", "--seized-by", "s", "--seized-from", "f",
        ])
        try cli.expectSuccess(["partners", "add", cli.certificate, "--name", "Self", "--id", "self"])
        let bundle = cli.path("bundle.exhibit")
        try cli.expectSuccess(["export", "--policy", "police-to-cps", "--to", "self", "--purpose", "p", "--out", bundle])
        let flags = ["--description", "d", "--seized-by", "s", "--seized-from", "f"]
        var runs = 0
        for (index, form) in Self.forms(cli).enumerated() {
            let commands: [[String]] = [
                ["keys", "generate", "--agency", "A", "--out", form],
                ["checkpoint", "--out", form],
                ["export", "--policy", "police-to-cps", "--to", "self", "--purpose", "p", "--out", form],
                ["receive", bundle, "--report", form],
                ["receive", bundle, "--receipt", form],
                ["add", form, "--ref", "P/\(index)"] + flags,
                ["redact", "M/1", "--policy", "police-to-cps", "--out", form],
                ["receipt", "import", form],
                ["party", "import", form],
            ]
            for arguments in commands {
                let run = try cli.run(arguments)
                runs += 1
                let label = "exhibit \(arguments.map { "\"\($0)\"" }.joined(separator: " "))"
                #expect([0, 1, 2, 3].contains(run.status), "\(label): exit \(run.status)")
                #expect(run.status < 128, "\(label): a signal")
                #expect(!run.stderr.contains("Program crashed"), "\(label): \(run.stderr.prefix(200))")
                if run.status == 2 || run.status == 3 {
                    #expect(run.stderr.split(separator: "\n").count == 1, "\(label): \(run.stderr)")
                }
            }
        }
        #expect(try cli.run(["verify"]).status == 0)
        print("path matrix: \(runs) runs")
    }
}
