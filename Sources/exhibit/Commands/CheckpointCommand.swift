import ArgumentParser
import ExhibitCore
import ExhibitKit
import Foundation

/// `exhibit checkpoint`: the latest signed checkpoint.
struct CheckpointCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint", abstract: "Show the latest signed checkpoint (ledger size, Merkle root, signature).",
        discussion: """
            With --out DIR it writes checkpoint.txt, checkpoint.txt.p7s and agency.crt, checkable without Exhibit \
            (the stored signature does not carry the certificate, so it is given with -certfile):
            openssl cms -verify -binary -inform DER -in DIR/checkpoint.txt.p7s -content DIR/checkpoint.txt \
            -certfile DIR/agency.crt -CAfile DIR/agency.crt -purpose any -out /dev/null
            When the checkpoint has an RFC 3161 token (exhibit timestamp) it also writes checkpoint.txt.tsr and \
            tsa.pem: openssl ts -verify -data DIR/checkpoint.txt.p7s -in DIR/checkpoint.txt.tsr -CAfile DIR/tsa.pem
            """)

    @Option(
        help: "Write checkpoint.txt, checkpoint.txt.p7s and agency.crt (and any timestamp token) into this folder.",
        completion: Completions.folder)
    var out: String?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    struct Output: Encodable {
        var origin: String
        var size: Int
        var root: String
        var rootBase64: String
        var time: String
        var note: String
        var signature: String
        var signerFingerprint: String
        /// The RFC 3161 token over `signature` (base64 DER), when the checkpoint has one.
        var timestampToken: String?
    }

    func run(_ context: CommandContext) throws {
        let store = try storeOptions.open(context)
        let signed = try CaseQueries.latestCheckpoint(store)
        let checkpoint = signed.checkpoint
        let token = try Timestamping.latestToken(store)
        if let out {
            let folder = try OutputPath.folder(context.path(out), flag: "--out", storeDirectory: store.directory)
            var files: [(String, [UInt8])] = [
                ("checkpoint.txt", Array(checkpoint.body.utf8)), ("checkpoint.txt.p7s", signed.signature),
                ("agency.crt", Array(store.certificate.pem.utf8)),
            ]
            if let token { files += [("checkpoint.txt.tsr", token.token), ("tsa.pem", Array(token.authorityPEM.utf8))] }
            try FileSystem.writeFolder(folder, files: files)
        }
        if output.json {
            return try context.json(
                Output(
                    origin: checkpoint.origin, size: checkpoint.size, root: Hex.encode(checkpoint.root),
                    rootBase64: Data(checkpoint.root).base64EncodedString(), time: checkpoint.time, note: checkpoint.body,
                    signature: Data(signed.signature).base64EncodedString(), signerFingerprint: store.certificate.fingerprint,
                    timestampToken: token.map { Data($0.token).base64EncodedString() }))
        }
        context.standardOutput(TerminalText.escape(checkpoint.body, keepLineBreaks: true))
        context.print("Root (hex): \(Hex.encode(checkpoint.root))")
        context.print("Signed by \(store.certificate.subject), fingerprint \(store.certificate.displayFingerprint)")
        if let out {
            context.print(
                "Wrote \(out)/checkpoint.txt, checkpoint.txt.p7s and agency.crt"
                    + (token == nil ? "" : ", checkpoint.txt.tsr and tsa.pem"))
        }
    }
}
