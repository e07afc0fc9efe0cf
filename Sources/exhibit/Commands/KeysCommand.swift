import ArgumentParser
import ExhibitCore
import ExhibitKit
import Foundation

/// `exhibit keys`: agency identities.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create and inspect agency keys and certificates.",
        subcommands: [Generate.self, SigningRequest.self, Show.self])

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
}
