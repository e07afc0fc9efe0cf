import ArgumentParser
import ExhibitKit

/// `exhibit receive FILE.exhibit [--import] [--report report.html] [--receipt receipt.p7s]`.
struct ReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive", abstract: "Check a bundle from a partner agency, and import it, report on it, or sign a receipt.",
        discussion: "Exit code 0 only when every check passes; 1 naming the failed check otherwise. Nothing unchecked is kept.")

    @Argument(help: "The bundle file.", completion: Completions.bundle) var bundle: String
    @Flag(name: .customLong("import"), help: "Register the received items as exhibits of this case (as PARTNER:REF).")
    var importItems = false
    @Option(help: "Write a self-contained HTML report here.", completion: Completions.file) var report: String?
    @Option(help: "Write a signed receipt (CMS, DER) here, to send back to the sender.", completion: Completions.file)
    var receipt: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let context = try change.context()
        let verdict = try BundleReceive.run(
            context.store, bundle: bundle, options: .init(importItems: importItems, report: report, receipt: receipt),
            signer: context.signer, actor: context.actor)
        if output.json {
            try Console.json(verdict)
        } else {
            print("Bundle \(verdict.bundleID ?? "?") (sha256 \(verdict.bundleSHA256))")
            if let sender = verdict.sender { print("From \(sender.name) (\(sender.id ?? ""))") }
            if let purpose = verdict.purpose { print("Purpose: \(purpose)") }
            if let policy = verdict.policy { print("Policy: \(policy.id) \(policy.version), \(policy.protectiveMarking)") }
            for check in verdict.checks { print("  \(check.passed ? "ok  " : "FAIL")  \(check.name): \(check.detail)") }
            for name in BundleVerdict.checkNames.dropFirst(verdict.checks.count) { print("  --    \(name): not run") }
            for ref in verdict.imported { print("Imported \(ref)") }
            if let report = verdict.report { print("Wrote the report \(report)") }
            if let receipt = verdict.receipt { print("Wrote the signed receipt \(receipt)") }
            print(verdict.passed ? "Bundle ACCEPTED" : "Bundle REJECTED")
        }
        if !verdict.passed { throw ExitCode(ExitStatus.verificationFailed) }
    }
}
