import ArgumentParser
import ExhibitKit
import Foundation

/// `exhibit checkpoint`: the latest signed checkpoint.
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint", abstract: "Show the latest signed checkpoint (ledger size, Merkle root, signature).",
        discussion: """
            With --out DIR it writes checkpoint.txt, checkpoint.txt.p7s and agency.crt, checkable without Exhibit:
            openssl cms -verify -binary -inform DER -in DIR/checkpoint.txt.p7s -content DIR/checkpoint.txt \
            -CAfile DIR/agency.crt -purpose any -out /dev/null
            """)

    @Option(help: "Write checkpoint.txt, checkpoint.txt.p7s and agency.crt into this folder.", completion: Completions.folder)
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
    }

    func run() throws {
        let store = try storeOptions.open()
        let signed = try CaseQueries.latestCheckpoint(store)
        let checkpoint = signed.checkpoint
        if let out {
            try FileSystem.makeDirectoryTree(out)
            try FileSystem.writeAtomically(Array(checkpoint.body.utf8), to: out + "/checkpoint.txt")
            try FileSystem.writeAtomically(signed.signature, to: out + "/checkpoint.txt.p7s")
            try FileSystem.writeAtomically(Array(store.certificate.pem.utf8), to: out + "/agency.crt")
        }
        if output.json {
            return try Console.json(
                Output(
                    origin: checkpoint.origin, size: checkpoint.size, root: Hex.encode(checkpoint.root),
                    rootBase64: Data(checkpoint.root).base64EncodedString(), time: checkpoint.time, note: checkpoint.body,
                    signature: Data(signed.signature).base64EncodedString(), signerFingerprint: store.certificate.fingerprint))
        }
        print(checkpoint.body, terminator: "")
        print("Root (hex): \(Hex.encode(checkpoint.root))")
        print("Signed by \(store.certificate.subject), fingerprint \(store.certificate.displayFingerprint)")
        if let out { print("Wrote \(out)/checkpoint.txt, checkpoint.txt.p7s and agency.crt") }
    }
}
