import ArgumentParser
import ExhibitCore
import ExhibitKit

/// `exhibit receive FILE.exhibit [--import] [--report report.html] [--receipt receipt.p7s]`.
struct ReceiveCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive", abstract: "Check a bundle from a partner agency, and import it, report on it, or sign a receipt.",
        discussion: "Exit code 0 only when every check passes; 1 naming the failed check otherwise. Nothing unchecked is kept.")

    @Argument(help: "The bundle file.", completion: Completions.bundle) var bundle: String
    @Flag(name: .customLong("import"), help: "Register the received items as exhibits of this case (as PARTNER:REF).")
    var importItems = false
    @Option(help: "Write a self-contained HTML report here.", completion: Completions.file) var report: String?
    @Option(help: "Write a signed receipt (CMS, DER) here, to send back to the sender.", completion: Completions.file)
    var receipt: String?
    @Option(
        help: "With --import: a new folder for copies of the imported files under their names (recorded as extracted).",
        completion: Completions.folder)
    var out: String?
    @OptionGroup var change: ChangeOptions
    @OptionGroup var feedback: FeedbackOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if out != nil, !importItems { throw ValidationError("--out goes with --import") }
    }

    func run(_ context: CommandContext) throws {
        let writing = try change.writing(context)
        let progress = feedback.reporter("copying", context: context)
        // Each check on stderr as it completes (on a terminal, or with --progress always); the summary follows.
        let steps = feedback.showsSteps(context)
        let onCheck: @Sendable (BundleVerdict.Check) -> Void = { check in
            guard steps else { return }
            context.note("  \(check.passed ? "ok  " : "FAIL")  \(check.plain ?? check.name)")
        }
        let verdict = try ReceiveBundle.run(
            writing.store, bundle: context.path(bundle),
            options: .init(
                importItems: importItems, report: context.path(report), receipt: context.path(receipt), out: context.path(out),
                progress: progress.bytes, onCheck: onCheck, listItems: output.json),
            signer: writing.signer, actor: writing.actor)
        progress.finish()
        if let warning = verdict.receiptTimestampWarning {
            context.note("warning: \(warning); the receipt's cosignature carries no timestamp token")
        }
        if output.json {
            try context.json(verdict)
        } else {
            context.print("Bundle \(verdict.bundleID ?? "?") (sha256 \(verdict.bundleSHA256))")
            if let sender = verdict.sender { context.print("From \(sender.name) (\(sender.id ?? ""))") }
            if let purpose = verdict.purpose { context.print("Purpose: \(purpose)") }
            if let policy = verdict.policy {
                context.print("Policy: \(policy.id) \(policy.version), \(policy.protectiveMarking)")
            }
            for check in verdict.checks { context.print("  \(check.passed ? "ok  " : "FAIL")  \(check.name): \(check.detail)") }
            for check in verdict.notRun { context.print("  --    \(check.title): not run") }
            for ref in verdict.imported { context.print("Imported \(ref)") }
            if let report = verdict.report { context.print("Wrote the report \(report)") }
            if let receipt = verdict.receipt { context.print("Wrote the signed receipt \(receipt)") }
            if let extracted = verdict.extracted {
                context.print("Copied the imported files to \(extracted) (read-only, with \(ExtractExhibits.manifestName))")
            }
            context.print(verdict.passed ? "Bundle ACCEPTED" : "Bundle REJECTED")
        }
        if !verdict.passed { throw ExitCode(ExitStatus.verificationFailed) }
    }
}
