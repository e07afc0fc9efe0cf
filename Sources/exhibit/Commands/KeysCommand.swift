import ArgumentParser
import ExhibitKit
import Foundation

/// `exhibit keys`: agency identities.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create and inspect agency keys and certificates.",
        subcommands: [Generate.self, SigningRequest.self, Show.self])

    struct Generate: ParsableCommand {
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

        func run() throws {
            guard let algorithm = KeyAlgorithm(rawValue: algorithm) else {
                throw ExhibitError.badInput("--algorithm must be p256, p384 or rsa3072")
            }
            var passphrase = try Passphrase.read(for: "the new key \(out).key", confirm: true)
            defer { SecureMemory.wipe(&passphrase) }
            let generated = try AgencyIdentity.generate(
                agency: agency, algorithm: algorithm, outputPrefix: out, days: days, passphrase: passphrase)
            if output.json { return try Console.json(generated) }
            print("Wrote \(generated.key) (private key, encrypted, mode 0600)")
            print("Wrote \(generated.certificate) (\(generated.subject), valid until \(generated.notAfter))")
            print("SHA-256 fingerprint: \(Certificate.display(fingerprint: generated.fingerprint))")
        }
    }

    struct SigningRequest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "csr", abstract: "Write a certificate signing request for an agency CA.")

        @Option(help: "The agency private key.", completion: Completions.key)
        var key: String

        @Option(help: "The agency's name.")
        var agency: String

        @Option(help: "Where to write the request (PEM).", completion: Completions.file)
        var out: String

        func run() throws {
            var passphrase = try Passphrase.read(for: key)
            defer { SecureMemory.wipe(&passphrase) }
            try AgencyIdentity.signingRequest(keyPath: key, agency: agency, output: out, passphrase: passphrase)
            print("Wrote \(out); send it to your agency CA and use the certificate it returns with exhibit init --cert")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a certificate's subject, validity and fingerprint.")

        @Argument(help: "A certificate file (PEM or DER).", completion: Completions.certificate)
        var certificate: String

        @OptionGroup var output: OutputOptions

        func run() throws {
            let description = try AgencyIdentity.describe(path: certificate)
            if output.json { return try Console.json(description) }
            print("Subject:     \(description.subject)")
            print("Issuer:      \(description.issuer)\(description.selfSigned ? " (self-signed)" : "")")
            print("Serial:      \(description.serial)")
            print(
                "Valid:       \(description.notBefore) to \(description.notAfter)\(description.validNow ? "" : " (NOT VALID NOW)")"
            )
            print("Public key:  \(description.publicKey)")
            print(
                "Key usage:   \(description.keyUsage.isEmpty ? "(unrestricted)" : description.keyUsage.joined(separator: ", "))")
            print("SHA-256 fingerprint: \(description.fingerprintDisplay)")
        }
    }
}
