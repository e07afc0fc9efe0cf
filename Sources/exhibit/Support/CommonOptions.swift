import ArgumentParser
import ExhibitCore
import ExhibitKit
import Foundation

/// `--store`: which case store to use.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The case folder (or its .exhibit folder). Default: $EXHIBIT_STORE, else found from the current folder upwards.",
        completion: Completions.folder)
    var store: String?

    @Flag(
        name: .customLong("allow-network-filesystem"),
        help: ArgumentHelp(
            "Open a store on NFS or SMB/CIFS anyway (or set EXHIBIT_ALLOW_NETWORK_FILESYSTEM=1).", visibility: .hidden))
    var allowNetworkFilesystem = false

    /// Opens the store (refusing one on a network filesystem unless allowed).
    func open(_ context: CommandContext) throws -> CaseStore {
        let directory = try StoreLocation.locate(
            explicit: context.path(store), environment: context.environment, currentDirectory: context.workingDirectory)
        try NetworkFilesystem.refuse(
            directory, allowed: allowNetworkFilesystem || NetworkFilesystem.allowed(by: context.environment))
        return try CaseStore.open(directory: directory)
    }
}

/// `--actor`, `--actor-role`, `--actor-id`: who performs the event.
struct ActorOptions: ParsableArguments {
    @Option(name: .long, help: "Who performs this event. Default: $EXHIBIT_ACTOR, else the officer in the case.")
    var actor: String?

    @Option(name: .customLong("actor-role"), help: "Their role, e.g. 'exhibits officer' (or $EXHIBIT_ACTOR_ROLE).")
    var actorRole: String?

    @Option(name: .customLong("actor-id"), help: "Their collar or staff number (or $EXHIBIT_ACTOR_ID).")
    var actorID: String?

    /// The actor for a store.
    func resolve(for store: CaseStore, _ context: CommandContext) throws -> Actor {
        try Actor.resolve(
            name: actor, role: actorRole, id: actorID, agency: store.info.agency, defaultName: store.info.oic,
            environment: context.environment)
    }
}

/// `--key`: the agency private key that signs checkpoints.
struct SigningOptions: ParsableArguments {
    @Option(
        name: .long, help: "The agency private key. Default: $EXHIBIT_KEY, else the key named at init.",
        completion: Completions.key)
    var key: String?

    /// Loads the signer for a store (asks for the passphrase).
    func signer(for store: CaseStore, _ context: CommandContext) throws -> LedgerSigner {
        let path = key ?? context.environment["EXHIBIT_KEY"] ?? store.info.keyPath
        do {
            return try LedgerSigner.load(
                keyPath: context.path(path), certificate: store.certificate, environment: context.environment)
        } catch let error as ExhibitError
            where store.certificate.fingerprint != store.openingCertificate.fingerprint
            && error.message.contains("does not belong")
        {
            throw ExhibitError.environment(
                "\(error.message): the case was handed over to a new key (exhibit keys rotate, fingerprint \(store.certificate.displayFingerprint.prefix(23))…); sign with that key"
            )
        }
    }
}

/// `--tsa URL --tsa-cert C`: an RFC 3161 time-stamp authority for the store (`init`, `timestamp`).
struct TimestampAuthorityOptions: ParsableArguments {
    @Option(help: "An RFC 3161 time-stamp authority's URL (http:// or https://), recorded as the store's authority.")
    var tsa: String?

    @Option(
        name: .customLong("tsa-cert"), help: "The authority's certificate (or its CA's): the tokens' trust anchor.",
        completion: Completions.certificate)
    var tsaCert: String?

    func validate() throws {
        guard (tsa == nil) == (tsaCert == nil) else { throw ValidationError("--tsa and --tsa-cert go together") }
    }

    /// The authority named, if any, with its certificate's path resolved.
    func authority(_ context: CommandContext) -> (url: String, certificatePath: String)? {
        tsa.flatMap { url in tsaCert.map { (url: url, certificatePath: context.path($0)) } }
    }
}

/// `--json`.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print machine-readable JSON on stdout (documented in the README).")
    var json = false
}

/// The options of every command that changes the store: `--store`, `--actor` (with role and id), `--key`.
struct ChangeOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var signing: SigningOptions

    /// Opens the store, resolves the actor and loads the signing key.
    func writing(_ context: CommandContext) throws -> WritingContext { try WritingContext(self, context) }
}

/// What a command that changes the store needs: the store, who acts, and the key that signs.
struct WritingContext {
    let store: CaseStore
    let actor: Actor
    let signer: LedgerSigner

    /// Opens the store, resolves the actor and loads the signing key (asking for its passphrase).
    init(_ options: ChangeOptions, _ context: CommandContext) throws {
        store = try options.store.open(context)
        actor = try options.actor.resolve(for: store, context)
        signer = try options.signing.signer(for: store, context)
    }
}
