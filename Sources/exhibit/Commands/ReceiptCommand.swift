import ArgumentParser
import ExhibitCore
import ExhibitKit

/// `exhibit receipt import RECEIPT`.
struct ReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt", abstract: "Partners' signed receipts for bundles.", subcommands: [Import.self])

    struct Import: ExhibitCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Verify a partner's signed receipt against the export it names, and record it.")

        @Argument(help: "The receipt (receipt.p7s).", completion: Completions.receipt) var receipt: String
        @OptionGroup var change: ChangeOptions
        @OptionGroup var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let writing = try change.writing(context)
            let result = try ReceiptImport.run(
                writing.store, path: context.path(receipt), signer: writing.signer, actor: writing.actor)
            if output.json { return try context.json(result) }
            let state = result.receipt.accepted ? "accepted" : "REJECTED"
            context.print(
                "Receipt from \(result.partner): bundle \(result.receipt.bundleID ?? "?") \(state) at \(result.receipt.receivedAt)"
            )
            for check in result.receipt.checks where !check.passed { context.print("  failed: \(check.name): \(check.detail)") }
            context.print("Recorded as ledger entry \(result.entry)")
        }
    }
}
