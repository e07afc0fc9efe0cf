import ArgumentParser
import ExhibitCore
import ExhibitKit

/// `exhibit partners`: partner agencies.
struct PartnersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partners", abstract: "The agencies this case shares with and accepts bundles from.",
        subcommands: [Add.self, List.self, Remove.self, Update.self, Witnessed.self, Check.self])

    struct Add: ExhibitCommand {
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

        func run(_ context: CommandContext) throws {
            let writing = try change.writing(context)
            let entry = try Partners.add(
                certificatePath: context.path(certificate), name: name, id: id, caPath: context.path(ca),
                crlPath: context.path(crl), store: writing.store,
                signer: writing.signer,
                actor: writing.actor)
            if output.json { return try context.json(try RecordedEntry(entry)) }
            let fingerprint = entry.details?.partner?.fingerprint ?? ""
            context.print(
                "Registered partner \(id) (\(name)), certificate \(Certificate.display(fingerprint: fingerprint)) (ledger entry \(entry.sequence))"
            )
        }
    }

    struct List: ExhibitCommand {
        static let configuration = CommandConfiguration(abstract: "List the partners.")

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let partners = try Partners.list(try storeOptions.open(context))
            if output.json { return try context.json(partners) }
            if partners.isEmpty { context.print("no partners; register one with exhibit partners add CERT --name NAME --id ID") }
            for partner in partners {
                context.print("\(partner.id)  \(partner.name)\(partner.validNow ? "" : "  (CERTIFICATE NOT VALID NOW)")")
                context.print(
                    "    \(partner.subject), until \(partner.notAfter)\(partner.ca ? ", CA-checked" : ", pinned")\(partner.crl ? " with CRL" : "")"
                )
                context.print("    \(Certificate.display(fingerprint: partner.fingerprint))")
                if let witnessed = partner.lastWitnessed {
                    context.print(
                        "    last witnessed: checkpoint \(witnessed.size) of \(witnessed.origin), root \(witnessed.root.prefix(16))…, signed \(witnessed.time) (entry \(witnessed.entry))"
                    )
                }
            }
        }
    }

    struct Remove: ExhibitCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a partner.")

        @Argument(help: "The partner's id.", completion: Completions.partnerID) var id: String
        @OptionGroup var change: ChangeOptions

        func run(_ context: CommandContext) throws {
            let writing = try change.writing(context)
            let entry = try Partners.remove(id: id, store: writing.store, signer: writing.signer, actor: writing.actor)
            context.print("Removed partner \(id) (ledger entry \(entry.sequence))")
        }
    }

    struct Update: ExhibitCommand {
        static let configuration = CommandConfiguration(
            abstract: "Refresh a partner's certificate, CA certificates or CRL (recorded in the ledger).",
            discussion: """
                Checks made afterwards (receive, receipt import, export) use the new data. A new CRL is recorded even \
                when it revokes the partner's certificate: from then on its bundles and receipts are refused. A partner \
                that rotated its key sends a handover signed by its old key: --handover takes the new certificate from \
                it (a handover signed by any other key is refused).
                """)

        @Argument(help: "The partner's id.", completion: Completions.partnerID) var id: String
        @Option(help: "The partner's new certificate (PEM or DER).", completion: Completions.certificate) var cert: String?
        @Option(help: "New CA certificates (PEM) its certificates must chain to.", completion: Completions.certificate)
        var ca: String?
        @Option(help: "A new CRL (PEM) issued by its CA.", completion: Completions.file) var crl: String?
        @Option(
            help: "The partner's signed key handover (from its exhibit keys rotate --handover): its new certificate.",
            completion: .file())
        var handover: String?
        @OptionGroup var change: ChangeOptions
        @OptionGroup var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let writing = try change.writing(context)
            let update = try Partners.update(
                id: id, certificatePath: context.path(cert), caPath: context.path(ca), crlPath: context.path(crl),
                handoverPath: context.path(handover), store: writing.store, signer: writing.signer, actor: writing.actor)
            if output.json { return try context.json(update) }
            context.print(
                "Refreshed partner \(id): \(update.changed.joined(separator: ", ")) (ledger entry \(update.entry))")
            if let problem = update.problem {
                context.print("  its certificate now fails its check: \(problem); its bundles and receipts will be refused")
            }
        }
    }

    struct Witnessed: ExhibitCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export the checkpoints of a partner's ledger witnessed here, for another partner to compare.",
            discussion: """
                Writes the last checkpoint witnessed, the earlier ones of the same ledger and the consistency proofs \
                the partner's bundles carried (JSON).
                """)

        @Argument(help: "The partner's id.", completion: Completions.partnerID) var id: String
        @Option(help: "The file to write (JSON; must not exist).", completion: .file()) var out: String
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let store = try storeOptions.open(context)
            let file = try Partners.exportWitnessed(store, id: id, output: context.path(out))
            if output.json { return try context.json(file) }
            let witnessed = file.latest
            context.print(
                "Wrote \(id)'s checkpoint \(witnessed.size) (root \(witnessed.root.prefix(16))…, signed \(witnessed.time)), \(file.earlier.count) earlier checkpoint(s) and \(file.proofs.count) consistency proof(s) to \(out)"
            )
        }
    }

    struct Check: ExhibitCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare another partner's copy of a sender's checkpoint with those witnessed here (split views).",
            discussion: """
                Decides at any sizes from the checkpoints and consistency proofs both sides hold. Exit code 0: the same \
                history; 1: a split view (the sender showed two histories); 4: cannot decide (it says which proof \
                would).
                """)

        @Argument(help: "The sender's partner id.", completion: Completions.partnerID) var id: String
        @Argument(help: "The copy (written by exhibit partners witnessed).", completion: .file()) var file: String
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let store = try storeOptions.open(context)
            let comparison = try Partners.checkWitnessed(store, id: id, path: context.path(file))
            if output.json {
                try context.json(comparison)
            } else {
                switch comparison.status {
                case .consistent: context.print("Same history: \(comparison.message)")
                case .split: throw ExhibitError.verificationFailed(comparison.message)
                case .undecided: context.print("Cannot decide: \(comparison.message)")
                }
            }
            switch comparison.status {
            case .consistent: return
            case .split: throw ExitCode(ExitStatus.verificationFailed)
            case .undecided: throw ExitCode(ExitStatus.badInput)
            }
        }
    }
}
