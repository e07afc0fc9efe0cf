import ArgumentParser
import ExhibitCore
import ExhibitKit

/// `exhibit policy`: sharing policies.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Check a sharing policy file, or list the shipped ones.",
        subcommands: [Check.self, List.self])

    struct Check: ExhibitCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a policy file (unknown keys, types, contradictions).")

        @Argument(help: "The policy file (YAML).", completion: Completions.policyFile) var file: String
        @OptionGroup var output: OutputOptions

        struct Summary: Encodable {
            var id, version, title, from, to, sha256, protectiveMarking: String
            var categories: [String: String]
        }

        func run(_ context: CommandContext) throws {
            let policy = try PolicyLoader.load(path: context.path(file))
            if output.json {
                var categories = policy.categories.mapValues(\.rawValue)
                categories["default"] = policy.defaultTreatment.rawValue
                return try context.json(
                    Summary(
                        id: policy.id, version: policy.version, title: policy.title, from: policy.from.rawValue,
                        to: policy.to.rawValue,
                        sha256: policy.sha256, protectiveMarking: policy.protectiveMarking, categories: categories))
            }
            context.print(
                "\(file): valid policy \(policy.id) \(policy.version) (\(policy.from.rawValue) to \(policy.to.rawValue)), sha256 \(policy.sha256)"
            )
        }
    }

    struct List: ExhibitCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the shipped policies and where they were found.",
            discussion: """
                Shipped policies come from $EXHIBIT_POLICIES, else share/exhibit/Policies beside the installed \
                executable, else the Policies folder of the checkout it was built in; never from the current folder.
                """)

        @OptionGroup var output: OutputOptions

        struct Row: Encodable {
            var id, version, title, from, to, sha256, path, source: String
        }

        func run(_ context: CommandContext) throws {
            let policies = try PolicyCatalog.catalogue(PolicyCatalog.Context(environment: context.environment))
            let rows = policies.map {
                Row(
                    id: $0.policy.id, version: $0.policy.version, title: $0.policy.title, from: $0.policy.from.rawValue,
                    to: $0.policy.to.rawValue, sha256: $0.policy.sha256, path: $0.path, source: $0.origin.rawValue)
            }
            if output.json { return try context.json(rows) }
            if rows.isEmpty { context.print("no shipped policies found (set EXHIBIT_POLICIES to the Policies folder)") }
            for row in rows {
                context.print("\(row.id)  \(row.version)  \(row.from) -> \(row.to)")
                context.print("    \(row.title)")
                context.print("    from \(row.path) (\(row.source))")
            }
        }
    }
}
