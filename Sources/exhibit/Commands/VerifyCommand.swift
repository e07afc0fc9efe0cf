import ArgumentParser
import ExhibitCore
import ExhibitKit
import Foundation

/// `exhibit verify`: check everything.
struct VerifyCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash every object; check the ledger chain, Merkle tree, signed checkpoints and tables.",
        discussion: "Exit code 1 when anything is wrong; every problem is named.")

    @Option(
        help: "A certificate held outside the store that must have signed the checkpoints.", completion: Completions.certificate)
    var cert: String?

    @Option(
        help: ArgumentHelp(
            "Verify incrementally from the signed checkpoint of this many entries: only what was recorded after it.",
            discussion: "The checkpoint's signature and the stored Merkle tree are checked; the tables are not replayed.",
            valueName: "size"))
    var since: Int?

    @Flag(help: "Append a 'verified' entry recording the result (needs the agency key).")
    var record = false

    @OptionGroup var change: ChangeOptions
    @OptionGroup var feedback: FeedbackOptions
    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let store = try change.store.open(context)
        let trusted = try context.path(cert).map(Certificate.load(path:))
        let progress = feedback.reporter("verifying", context: context)
        let report = StoreVerifier.verify(store, trusted: trusted, since: since, progress: progress.bytes)
        progress.finish()
        if record {
            let signer = try change.signing.signer(for: store, context)
            try StoreVerification.record(
                report, store: store, signer: signer, actor: try change.actor.resolve(for: store, context))
        }
        if output.json {
            try context.json(report)
        } else {
            context.print("Verifying case \(store.info.caseRef) in \(store.directory)")
            for check in report.checks {
                context.print("  \(check.passed ? "ok  " : "FAIL")  \(check.name): \(check.detail)")
            }
            if !report.problems.isEmpty {
                context.print("Problems:")
                for problem in report.problems { context.print("  - \(problem)") }
            }
            for warning in report.warnings { context.print("warning: \(warning)") }
            if let size = report.checkpointSize, let root = report.checkpointRoot, let signer = report.signerFingerprint {
                context.print("Latest checkpoint: \(size) entries, root \(root)")
                context.print("Signed by certificate \(Certificate.display(fingerprint: signer))")
            }
            context.print(report.passed ? "Verification PASSED" : "Verification FAILED")
        }
        if !report.passed { throw ExitCode(ExitStatus.verificationFailed) }
    }
}
