import Foundation

/// Finds sharing policies: a file named by a path, or a shipped policy named by its id.
///
/// The shipped policies come from exactly one folder, the first of these that exists:
/// 1. `$EXHIBIT_POLICIES`, when set (then it is the only place looked at, and must be a folder);
/// 2. `../share/exhibit/Policies` beside the real executable (`/proc/self/exe`), as `make install` lays it out;
/// 3. the `Policies/` folder of the source checkout the executable was built in, when it runs from that
///    checkout's `.build/` folder.
///
/// Never the current folder or any of its parents: a `Policies/` folder planted there changes nothing.
/// An id that is not a shipped policy is refused; a policy of one's own is named by a path (with a `/`).
public enum PolicyCatalog {
    /// Where the shipped policies were found.
    public enum Origin: String, Sendable, Codable, Equatable {
        /// The folder `$EXHIBIT_POLICIES` names.
        case environment = "EXHIBIT_POLICIES"
        /// `share/exhibit/Policies` of the installation the executable belongs to.
        case installed
        /// `Policies/` of the source checkout the executable was built in.
        case checkout
    }

    /// A folder of shipped policies and why it was chosen.
    public struct Source: Sendable, Equatable {
        /// The folder (absolute).
        public var folder: String
        /// Which rule found it.
        public var origin: Origin
    }

    /// A shipped policy with the file it was read from.
    public struct Shipped: Sendable {
        /// The policy.
        public var policy: SharingPolicy
        /// The YAML file (absolute).
        public var path: String
        /// Which rule found its folder.
        public var origin: Origin
    }

    /// Where things are looked for: the environment and the real executable (injectable for tests).
    public struct Context: Sendable {
        /// The environment (`EXHIBIT_POLICIES`).
        public var environment: [String: String]
        /// The real executable's absolute path (`/proc/self/exe`); `nil` when it cannot be read.
        public var executable: String?
        /// The source checkout this code was compiled in.
        public var checkout: String

        /// Creates a context.
        /// - Parameters:
        ///   - environment: the process environment.
        ///   - executable: the real executable's absolute path.
        ///   - checkout: the source checkout the executable was built in.
        public init(
            environment: [String: String] = ProcessInfo.processInfo.environment,
            executable: String? = PolicyCatalog.realExecutable(), checkout: String = PolicyCatalog.buildCheckout
        ) {
            self.environment = environment
            self.executable = executable
            self.checkout = checkout
        }
    }

    /// The source checkout this file was compiled in (four folders above `Sources/ExhibitKit/Policy/`).
    public static let buildCheckout: String = {
        var folder = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { folder.deleteLastPathComponent() }
        return folder.standardizedFileURL.path
    }()

    /// The running executable's real path, read from `/proc/self/exe` (never from `argv[0]`, which may be
    /// relative to the current folder or chosen by whoever started the process).
    /// - Returns: the absolute path, or `nil` when the system does not say.
    public static func realExecutable() -> String? {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"), path.hasPrefix("/")
        else { return nil }
        return path
    }

    /// The candidate folders, in order, whether or not they exist (for messages and tests).
    /// - Parameter context: the environment and executable.
    /// - Returns: the candidates.
    public static func candidates(_ context: Context = Context()) -> [Source] {
        if let explicit = context.environment["EXHIBIT_POLICIES"], !explicit.isEmpty {
            return [Source(folder: URL(fileURLWithPath: explicit).standardizedFileURL.path, origin: .environment)]
        }
        guard let executable = context.executable, executable.hasPrefix("/") else { return [] }
        let binFolder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        let installed = binFolder.deletingLastPathComponent().appendingPathComponent("share/exhibit/Policies")
        var result = [Source(folder: installed.standardizedFileURL.path, origin: .installed)]
        let build = context.checkout.hasSuffix("/") ? "\(context.checkout).build/" : "\(context.checkout)/.build/"
        if executable.hasPrefix(build), FileSystem.exists("\(context.checkout)/Package.swift") {
            result.append(Source(folder: "\(context.checkout)/Policies", origin: .checkout))
        }
        return result
    }

    /// The folder the shipped policies come from: the first candidate that exists.
    /// - Parameter context: the environment and executable.
    /// - Returns: the source, or `nil` when there is none.
    /// - Throws: `ExhibitError.badInput` when `EXHIBIT_POLICIES` names something that is not a folder.
    public static func source(_ context: Context = Context()) throws -> Source? {
        let candidates = candidates(context)
        if let first = candidates.first, first.origin == .environment, !FileSystem.isDirectory(first.folder) {
            throw ExhibitError.badInput("EXHIBIT_POLICIES names \(first.folder), which is not a folder")
        }
        return candidates.first { FileSystem.isDirectory($0.folder) }
    }

    /// The folders searched for shipped policies (at most one: see `source`).
    /// - Parameter environment: the process environment.
    /// - Returns: the folder, if any.
    public static func folders(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        (try? source(Context(environment: environment))).flatMap { $0.map { [$0.folder] } } ?? []
    }

    /// True when `reference` names a file rather than a shipped id: it holds a `/` (`./mine.yaml`, `/etc/x.yaml`).
    public static func isPath(_ reference: String) -> Bool { reference.contains("/") }

    /// Loads a policy named by path or by shipped id.
    /// - Parameters:
    ///   - reference: a file path (with a `/`), or an id such as `police-to-childrens-services`.
    ///   - context: the environment and executable.
    /// - Returns: the policy.
    /// - Throws: `ExhibitError.badInput` when the id is not a shipped policy, no shipped policies are found, or the
    ///   policy is invalid.
    public static func load(_ reference: String, context: Context = Context()) throws -> SharingPolicy {
        if isPath(reference) { return try PolicyLoader.load(path: reference) }
        let shipped = try catalogue(context)
        if let match = shipped.first(where: { $0.policy.id == reference }) { return match.policy }
        let hint =
            reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") ? "; to use a file, give its path: ./\(reference)" : ""
        guard !shipped.isEmpty else {
            throw ExhibitError.badInput(
                "no policy \(reference): no shipped policies found\(hint) (set EXHIBIT_POLICIES to the Policies folder, or reinstall)"
            )
        }
        let known = shipped.map(\.policy.id).joined(separator: ", ")
        throw ExhibitError.badInput(
            "no shipped policy \(reference) (shipped: \(known))\(hint.isEmpty ? "; a policy of your own is named by its path, such as ./\(reference).yaml" : hint)"
        )
    }

    /// Every shipped policy with its file and origin, sorted by id.
    /// - Parameter context: the environment and executable.
    /// - Returns: the policies (empty when no folder is found).
    /// - Throws: `ExhibitError.badInput` when a shipped policy is invalid, two have one id, or a policy's id is not
    ///   its file name.
    public static func catalogue(_ context: Context = Context()) throws -> [Shipped] {
        guard let source = try source(context) else { return [] }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: source.folder)) ?? []).filter { $0.hasSuffix(".yaml") }
        var result: [Shipped] = []
        for name in names.sorted() {
            let path = "\(source.folder)/\(name)"
            let policy = try PolicyLoader.load(path: path)
            guard "\(policy.id).yaml" == name else {
                throw ExhibitError.badInput("\(path) holds policy \(policy.id): a shipped policy's file is named after its id")
            }
            result.append(Shipped(policy: policy, path: path, origin: source.origin))
        }
        return result.sorted { $0.policy.id < $1.policy.id }
    }

    /// Every shipped policy, sorted by id.
    /// - Returns: the policies.
    /// - Throws: `ExhibitError.badInput` when a shipped policy is invalid.
    public static func shipped() throws -> [SharingPolicy] { try catalogue().map(\.policy) }
}
