import Foundation

/// Finds policies: a path to a YAML file, or the id of a shipped policy in the `Policies/` folder
/// (`$EXHIBIT_POLICIES`, else `Policies/` found upwards from the executable, as in a checkout or an
/// installation that keeps `share/exhibit/Policies` beside `bin/`).
public enum PolicyCatalog {
    /// The folders searched for shipped policies, in order.
    public static func folders(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var result: [String] = []
        if let explicit = environment["EXHIBIT_POLICIES"], !explicit.isEmpty { result.append(explicit) }
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        while folder.path != "/" {
            for candidate in [folder.appendingPathComponent("Policies"), folder.appendingPathComponent("share/exhibit/Policies")]
            where FileSystem.isDirectory(candidate.path) {
                result.append(candidate.path)
            }
            folder = folder.deletingLastPathComponent()
        }
        return result
    }

    /// Loads a policy named by path or by shipped id.
    /// - Parameter reference: a file path, or an id such as `police-to-childrens-services`.
    /// - Returns: the policy.
    /// - Throws: `ExhibitError.badInput` when no such policy exists or it is invalid.
    public static func load(_ reference: String) throws -> SharingPolicy {
        if FileSystem.exists(reference) || reference.contains("/") || reference.hasSuffix(".yaml") {
            return try PolicyLoader.load(path: reference)
        }
        for folder in folders() {
            let path = "\(folder)/\(reference).yaml"
            if FileSystem.exists(path) { return try PolicyLoader.load(path: path) }
        }
        let known = (try? shipped().map(\.id).joined(separator: ", ")) ?? ""
        throw ExhibitError.badInput(
            "no policy \(reference)\(known.isEmpty ? "" : " (shipped: \(known))"); give a file path or a shipped id")
    }

    /// Every shipped policy, from the first folder that has any.
    /// - Returns: the policies, sorted by id.
    /// - Throws: `ExhibitError.badInput` when a shipped policy is invalid.
    public static func shipped() throws -> [SharingPolicy] {
        for folder in folders() {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }
            if names.isEmpty { continue }
            return try names.sorted().map { try PolicyLoader.load(path: "\(folder)/\($0)") }.sorted { $0.id < $1.id }
        }
        return []
    }
}
