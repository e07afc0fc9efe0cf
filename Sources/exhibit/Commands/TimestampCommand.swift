import ArgumentParser
import ExhibitCore
import ExhibitKit
import Foundation

/// `exhibit timestamp`: RFC 3161 tokens over the store's checkpoints from its time-stamp authority.
struct TimestampCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "timestamp",
        abstract: "Get an RFC 3161 timestamp token for the latest checkpoint and complete every waiting one.",
        discussion: """
            Each token is over the checkpoint's DER signature (checkpoint.txt.p7s), so that after \
            exhibit checkpoint --out DIR: openssl ts -verify -data DIR/checkpoint.txt.p7s -in DIR/checkpoint.txt.tsr \
            -CAfile DIR/tsa.pem. With --tsa and --tsa-cert it first names (or changes) the store's authority \
            (a ledger entry). An authority that cannot be reached leaves the checkpoints waiting; the command \
            still succeeds, with a warning.
            """)

    @OptionGroup var timestampAuthority: TimestampAuthorityOptions

    @OptionGroup var change: ChangeOptions
    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let writing = try change.writing(context)
        let result = try Timestamping.run(
            writing.store, authority: timestampAuthority.authority(context), signer: writing.signer, actor: writing.actor)
        if let warning = result.warning { context.note("warning: \(warning); the checkpoint is waiting for a token") }
        if output.json { return try context.json(result) }
        if let entry = result.entry {
            context.print("Time-stamp authority set to \(result.authority) (ledger entry \(entry))")
        }
        for stamp in result.stamped {
            context.print(
                "Checkpoint \(stamp.size) timestamped by \(result.authoritySubject) at \(stamp.time) (serial \(stamp.serial))")
        }
        if result.stamped.isEmpty && result.waiting.isEmpty { context.print("Every checkpoint is already timestamped") }
        if !result.waiting.isEmpty {
            context.print(
                "Waiting for a token: checkpoint\(result.waiting.count == 1 ? "" : "s") \(result.waiting.map(String.init).joined(separator: ", "))"
            )
        }
    }
}
