import ArgumentParser
import ExhibitCore
import ExhibitKit

/// `exhibit party`: the case's people.
struct PartyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "party", abstract: "Record the case's people by role, for redaction.",
        subcommands: [Add.self, Import.self, List.self])

    struct Add: ExhibitCommand {
        static let configuration = CommandConfiguration(abstract: "Record one person.")

        @Option(help: "Full name.") var name: String
        @Option(help: "child, parent, carer, alleged-perpetrator, witness, informant, professional, other-child or other.")
        var role: String
        @Option(help: "Another name they are known by (repeat for several).") var alias: [String] = []
        @Option(help: "Date of birth (14/03/2013 or 2013-03-14).") var dob: String?
        @Option(help: "Postal address.") var address: String?
        @Option(help: "Telephone number.") var phone: String?
        @Option(help: "E-mail address.") var email: String?
        @OptionGroup var change: ChangeOptions
        @OptionGroup var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let party = try CaseParties.details(
                name: name, role: role, aliases: alias, dob: dob, address: address, phone: phone, email: email)
            let writing = try change.writing(context)
            let entries = try CaseParties.add([party], store: writing.store, signer: writing.signer, actor: writing.actor)
            if output.json { return try context.json(try entries.map(RecordedEntry.init)) }
            context.print("Recorded \(party.name) as \(party.role.rawValue) (ledger entry \(entries.first?.sequence ?? 0))")
        }
    }

    struct Import: ExhibitCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record people from a CSV file with the header name,role,aliases,dob,address,phone,email.")

        @Argument(help: "The CSV file (aliases separated by ';').", completion: Completions.csv) var file: String
        @OptionGroup var change: ChangeOptions

        func run(_ context: CommandContext) throws {
            let parties = try CaseParties.readCSV(path: context.path(file))
            let writing = try change.writing(context)
            let entries = try CaseParties.add(parties, store: writing.store, signer: writing.signer, actor: writing.actor)
            context.print(
                "Recorded \(parties.count) people (ledger entries \(entries.first?.sequence ?? 0) to \(entries.last?.sequence ?? 0))"
            )
        }
    }

    struct List: ExhibitCommand {
        static let configuration = CommandConfiguration(abstract: "List the case's people with their pseudonyms.")

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let parties = try CaseParties.list(try storeOptions.open(context))
            if output.json { return try context.json(parties) }
            for party in parties {
                var line = "\(party.pseudonym)  \(party.name) (\(party.role.rawValue))"
                if !party.aliases.isEmpty { line += ", also \(party.aliases.joined(separator: ", "))" }
                context.print(line)
                let details = [party.dob.map { "born \($0)" }, party.address, party.phone, party.email].compactMap { $0 }
                if !details.isEmpty { context.print("    \(details.joined(separator: "; "))") }
            }
        }
    }
}
