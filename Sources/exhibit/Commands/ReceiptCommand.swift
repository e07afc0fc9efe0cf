import ArgumentParser
import ExhibitKit

/// `exhibit receipt import RECEIPT`.
struct ReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt", abstract: "Partners' signed receipts for bundles.", subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Verify a partner's signed receipt against the export it names, and record it.")

        @Argument(help: "The receipt (receipt.p7s).", completion: Completions.receipt) var receipt: String
        @OptionGroup var change: ChangeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let context = try change.context()
            let result = try ReceiptImport.run(context.store, path: receipt, signer: context.signer, actor: context.actor)
            if output.json { return try Console.json(result) }
            let state = result.receipt.accepted ? "accepted" : "REJECTED"
            print(
                "Receipt from \(result.partner): bundle \(result.receipt.bundleID ?? "?") \(state) at \(result.receipt.receivedAt)"
            )
            for check in result.receipt.checks where !check.passed { print("  failed: \(check.name): \(check.detail)") }
            print("Recorded as ledger entry \(result.entry)")
        }
    }
}
