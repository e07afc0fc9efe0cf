import Foundation
import Testing

/// The README's recipes for partners without Exhibit, run exactly as written by `scripts/check-readme-recipe`
/// on a bundle the built binary exports between two fresh stores (and on a tampered copy, which must fail).
@Suite struct ReadmeRecipeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theReadmeRecipesRunAsWritten() throws {
        let script = Self.repository.appendingPathComponent("scripts/check-readme-recipe").path
        let run = try runTool("env", ["EXHIBIT_BINARY=\(CLIHarness.binary.path)", script])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("README recipes ran as written: partner-check"), "\(run.output)")
        #expect(run.output.contains("refuses a tampered bundle") && run.output.contains("receipt-check"))
    }
}
