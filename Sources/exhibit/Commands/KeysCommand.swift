import ArgumentParser
import ExhibitCore
import ExhibitKit
import Foundation

/// `exhibit keys`: agency identities.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create and inspect agency keys and certificates.",
        subcommands: [Generate.self, SigningRequest.self, Show.self, Rotate.self, Handover.self])

    struct Generate: ExhibitCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate an agency key (encrypted PKCS#8, mode 0600) and a self-signed trial certificate.")

        @Option(help: "The agency's name, e.g. \"Northshire Police CAIU\".")
        var agency: String

        @Option(help: "Output prefix DIR/NAME: writes NAME.key and NAME.crt.", completion: Completions.file)
        var out: String

        @Option(help: "p256 (default), p384 or rsa3072.")
        var algorithm: String = "p256"

        @Option(help: "Certificate validity in days.")
        var days: Int = 730

        @OptionGroup var output: OutputOptions

        func run(_ context: CommandContext) throws {
            guard let algorithm = KeyAlgorithm(rawValue: algorithm) else {
                throw ExhibitError.badInput("--algorithm must be p256, p384 or rsa3072")
            }
            let prefix = try OutputPath.prefix(context.path(out), flag: "--out", extensions: ["key", "crt"]).prefix
            var passphrase = try Passphrase.read(
                for: "the new key \(prefix).key", confirm: true, environment: context.environment)
            defer { SecureMemory.wipe(&passphrase) }
            let generated = try AgencyIdentity.generate(
                agency: agency, algorithm: algorithm, outputPrefix: prefix, days: days, passphrase: passphrase)
            if output.json { return try context.json(generated) }
            context.print("Wrote \(generated.key) (private key, encrypted, mode 0600)")
            context.print("Wrote \(generated.certificate) (\(generated.subject), valid until \(generated.notAfter))")
            context.print("SHA-256 fingerprint: \(Certificate.display(fingerprint: generated.fingerprint))")
        }
    }

    struct SigningRequest: ExhibitCommand {
        static let configuration = CommandConfiguration(
            commandName: "csr", abstract: "Write a certificate signing request for an agency CA.")

        @Option(help: "The agency private key.", completion: Completions.key)
        var key: String

        @Option(help: "The agency's name.")
        var agency: String

        @Option(help: "Where to write the request (PEM).", completion: Completions.file)
        var out: String

        func run(_ context: CommandContext) throws {
            let output = try OutputPath.file(context.path(out), flag: "--out")
            let keyPath = context.path(key)
            var passphrase = try Passphrase.read(for: keyPath, environment: context.environment)
            defer { SecureMemory.wipe(&passphrase) }
            try AgencyIdentity.signingRequest(keyPath: keyPath, agency: agency, output: output, passphrase: passphrase)
            context.print("Wrote \(out); send it to your agency CA and use the certificate it returns with exhibit init --cert")
        }
    }

    struct Show: ExhibitCommand {
        static let configuration = CommandConfiguration(abstract: "Show a certificate's subject, validity and fingerprint.")

        @Argument(help: "A certificate file (PEM or DER).", completion: Completions.certificate)
        var certificate: String

        @OptionGroup var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let description = try AgencyIdentity.describe(path: context.path(certificate))
            if output.json { return try context.json(description) }
            context.print("Subject:     \(description.subject)")
            context.print("Issuer:      \(description.issuer)\(description.selfSigned ? " (self-signed)" : "")")
            context.print("Serial:      \(description.serial)")
            context.print(
                "Valid:       \(description.notBefore) to \(description.notAfter)\(description.validNow ? "" : " (NOT VALID NOW)")"
            )
            context.print("Public key:  \(description.publicKey)")
            context.print(
                "Key usage:   \(description.keyUsage.isEmpty ? "(unrestricted)" : description.keyUsage.joined(separator: ", "))")
            context.print("SHA-256 fingerprint: \(description.fingerprintDisplay)")
        }
    }

    struct Rotate: ExhibitCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Hand the case over to a new agency key and certificate (recorded in the ledger, signed by the current key).",
            discussion: """
                The key-rotated entry carries a handover signed by the current key (--key) and accepted by the new key; \
                its checkpoint is the last one the current key signs, and every later one is signed by the new key, \
                which becomes the store's default key. verify follows the chain. Partners take the new certificate from \
                the handover file: exhibit partners update ID --handover FILE. The new key's passphrase is read from \
                $EXHIBIT_NEW_PASSPHRASE_FILE, else as the current key's is.
                """)

        @Option(name: .customLong("new-key"), help: "The new agency private key.", completion: Completions.key)
        var newKey: String

        @Option(name: .customLong("new-cert"), help: "The new agency certificate.", completion: Completions.certificate)
        var newCert: String

        @Option(help: "Where to write the signed handover for the partners (DER; must not exist).", completion: .file())
        var handover: String?

        @Option(help: "Why the key changes (recorded).")
        var reason: String?

        @OptionGroup var change: ChangeOptions
        @OptionGroup var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let writing = try change.writing(context)
            let handoverPath = try handover.map {
                try OutputPath.file(context.path($0), flag: "--handover", storeDirectory: writing.store.directory)
            }
            let certificate = try Certificate.load(path: context.path(newCert))
            let keyPath = context.path(newKey)
            var environment = context.environment
            if let file = environment["EXHIBIT_NEW_PASSPHRASE_FILE"], !file.isEmpty {
                environment[Passphrase.fileVariable] = file
            }
            let incoming = try LedgerSigner.load(keyPath: keyPath, certificate: certificate, environment: environment)
            let rotated = try KeyRotation.rotate(
                store: writing.store, signer: writing.signer, incoming: incoming, incomingKeyPath: keyPath,
                handoverOut: handoverPath, reason: try ExhibitFields.optional(reason, flag: "--reason"), actor: writing.actor)
            if output.json { return try context.json(rotated) }
            context.print(
                "Handed case \(writing.store.info.caseRef) over to \(rotated.subject) (ledger entry \(rotated.entry), signed by the outgoing key)"
            )
            context.print("New certificate fingerprint: \(Certificate.display(fingerprint: rotated.fingerprint))")
            context.print("From now on checkpoints are signed with \(rotated.key)")
            if let path = rotated.handover {
                context.print(
                    "Wrote the signed handover to \(path): partners import it with exhibit partners update ID --handover FILE")
            } else {
                context.print("Partners need the signed handover: exhibit keys handover --out FILE")
            }
        }
    }

    struct Handover: ExhibitCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the signed handover of the latest key rotation (or of --entry), for a partner to import.")

        @Option(help: "The file to write (DER CMS; must not exist).", completion: .file())
        var out: String

        @Option(help: "The key-rotated ledger entry (default: the latest).")
        var entry: Int?

        @OptionGroup var storeOptions: StoreOptions

        func run(_ context: CommandContext) throws {
            let store = try storeOptions.open(context)
            let path = try OutputPath.file(context.path(out), flag: "--out", storeDirectory: store.directory)
            let handover = try KeyRotation.handover(store, entry: entry)
            try FileSystem.writeAtomically(handover.bytes, to: path, mode: 0o644, replace: false)
            context.print("Wrote the handover of ledger entry \(handover.entry) to \(out)")
            context.print(
                "A partner checks it with: openssl cms -verify -inform DER -in \(out) -CAfile OLD.crt -purpose any; and imports it with exhibit partners update ID --handover \(out)"
            )
        }
    }
}
