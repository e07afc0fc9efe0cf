import ArgumentParser
import ExhibitKit

/// `exhibit partners`: partner agencies.
struct PartnersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partners", abstract: "The agencies this case shares with and accepts bundles from.",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a partner's certificate (pinned by fingerprint, or checked against a CA and CRL).")

        @Argument(help: "The partner's certificate (PEM or DER).", completion: Completions.certificate) var certificate: String
        @Option(help: "The agency's name, e.g. \"Leeds Children's Social Care\".") var name: String
        @Option(help: "A short id used with export --to, e.g. leeds-csc.") var id: String
        @Option(help: "CA certificates (PEM) its certificates must chain to.", completion: Completions.certificate)
        var ca: String?
        @Option(help: "A CRL (PEM) issued by that CA.", completion: Completions.file) var crl: String?
        @OptionGroup var change: ChangeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let context = try change.context()
            let entry = try Partners.add(
                certificatePath: certificate, name: name, id: id, caPath: ca, crlPath: crl, store: context.store,
                signer: context.signer,
                actor: context.actor)
            if output.json { return try Console.json(try RecordedEntry(entry)) }
            let fingerprint = entry.details?.partner?.fingerprint ?? ""
            print(
                "Registered partner \(id) (\(name)), certificate \(Certificate.display(fingerprint: fingerprint)) (ledger entry \(entry.sequence))"
            )
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the partners.")

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let partners = try Partners.list(try storeOptions.open())
            if output.json { return try Console.json(partners) }
            if partners.isEmpty { print("no partners; register one with exhibit partners add CERT --name NAME --id ID") }
            for partner in partners {
                print("\(partner.id)  \(partner.name)\(partner.validNow ? "" : "  (CERTIFICATE NOT VALID NOW)")")
                print(
                    "    \(partner.subject), until \(partner.notAfter)\(partner.ca ? ", CA-checked" : ", pinned")\(partner.crl ? " with CRL" : "")"
                )
                print("    \(Certificate.display(fingerprint: partner.fingerprint))")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a partner.")

        @Argument(help: "The partner's id.", completion: Completions.partnerID) var id: String
        @OptionGroup var change: ChangeOptions

        func run() throws {
            let context = try change.context()
            let entry = try Partners.remove(id: id, store: context.store, signer: context.signer, actor: context.actor)
            print("Removed partner \(id) (ledger entry \(entry.sequence))")
        }
    }
}
