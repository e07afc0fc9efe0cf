import ArgumentParser
import ExhibitCore
import ExhibitKit
import Foundation

/// `exhibit prove --from-size N`: a consistency proof that the ledger only grew.
struct ProveCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Prove that the ledger only grew since an earlier checkpoint (RFC 9162 consistency proof).")

    @Option(name: .customLong("from-size"), help: "The size of the earlier checkpoint.")
    var fromSize: Int

    @Option(name: .customLong("from-root"), help: "The earlier checkpoint's root (hex or base64), to check against.")
    var fromRoot: String?

    @Option(
        name: .customLong("to-size"),
        help: "Prove up to this size (a later checkpoint a partner holds) instead of the whole ledger.")
    var toSize: Int?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    struct Output: Encodable {
        var fromSize: Int
        var toSize: Int
        var fromRoot: String
        var toRoot: String
        var proof: [String]
    }

    func validate() throws {
        guard fromSize >= 1 else { throw ValidationError("--from-size must be at least 1") }
    }

    func run(_ context: CommandContext) throws {
        let store = try storeOptions.open(context)
        let proof = try CaseQueries.consistencyProof(store, from: fromSize, to: toSize)
        try proof.verify()
        if let fromRoot {
            guard let expected = Hex.decode(fromRoot) ?? Data(base64Encoded: fromRoot).map(Array.init), expected.count == 32
            else {
                throw ExhibitError.badInput("--from-root must be a 32-byte hash in hex or base64")
            }
            guard ConstantTime.equal(expected, proof.fromRoot) else {
                throw ExhibitError.verificationFailed(
                    "the ledger's first \(fromSize) entries do not have the root you hold: the ledger was rewritten")
            }
        }
        if output.json {
            return try context.json(
                Output(
                    fromSize: proof.fromSize, toSize: proof.toSize, fromRoot: Hex.encode(proof.fromRoot),
                    toRoot: Hex.encode(proof.toRoot), proof: proof.proof.map(Hex.encode)))
        }
        context.print("Consistency proof from \(proof.fromSize) to \(proof.toSize) entries")
        context.print("  root at \(proof.fromSize): \(Hex.encode(proof.fromRoot))")
        context.print("  root at \(proof.toSize): \(Hex.encode(proof.toRoot))")
        for hash in proof.proof { context.print("  \(Hex.encode(hash))") }
        context.print(
            fromRoot == nil ? "The proof verifies." : "The proof verifies against the root you hold: the ledger only grew.")
    }
}
