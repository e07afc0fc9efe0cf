import Foundation

/// Who performed a ledger event: never blank.
public struct Actor: Codable, Sendable, Equatable {
    /// The person as they sign their statements, e.g. `DC 4521 Priya Shah`.
    public var name: String
    /// Their agency.
    public var agency: String
    /// Their role, e.g. `OIC`, `exhibits officer`, `social worker` (optional).
    public var role: String?
    /// An identifier such as a collar or staff number (optional).
    public var id: String?

    /// Creates an actor.
    public init(name: String, agency: String, role: String? = nil, id: String? = nil) {
        self.name = name
        self.agency = agency
        self.role = role
        self.id = id
    }

    /// The actor for this process: `--actor`, else `EXHIBIT_ACTOR`, else the case's officer in the case.
    /// Role and identifier come from `--actor-role` / `EXHIBIT_ACTOR_ROLE` and `--actor-id` / `EXHIBIT_ACTOR_ID`.
    /// - Throws: `ExhibitError.badInput` when every source is blank.
    public static func resolve(
        name: String?, role: String?, id: String?, agency: String, defaultName: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Actor {
        func clean(_ value: String?) -> String? {
            guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
            return trimmed
        }
        guard let resolved = clean(name) ?? clean(environment["EXHIBIT_ACTOR"]) ?? clean(defaultName) else {
            throw ExhibitError.badInput("no actor: pass --actor or set EXHIBIT_ACTOR")
        }
        return Actor(
            name: resolved, agency: agency,
            role: clean(role) ?? clean(environment["EXHIBIT_ACTOR_ROLE"]),
            id: clean(id) ?? clean(environment["EXHIBIT_ACTOR_ID"]))
    }
}
