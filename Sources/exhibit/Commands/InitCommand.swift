import ArgumentParser
import ExhibitCore
import ExhibitKit
import Foundation

/// `exhibit init`: create a case store.
struct InitCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a case store (.exhibit/) for a crime reference or incident.")

    @Option(name: .customLong("case-ref"), help: "Crime reference number, e.g. \"CRN 13/123456/26\".")
    var caseRef: String

    @Option(help: "The owning agency (as in its certificate).")
    var agency: String

    @Option(help: "The officer in the case, e.g. \"DC 4521 Priya Shah\".")
    var oic: String

    @Option(help: "The agency private key that signs the ledger.", completion: Completions.key)
    var key: String

    @Option(help: "The agency certificate.", completion: Completions.certificate)
    var cert: String

    @Option(help: "Incident number.")
    var incident: String?

    @Option(help: "Operation name.")
    var operation: String?

    @Option(
        help: "Folder to create the store in (default: $EXHIBIT_STORE, else the current folder).", completion: Completions.folder)
    var store: String?

    @Option(name: .long, help: "Who opens the case (default: $EXHIBIT_ACTOR, else the OIC).")
    var actor: String?

    @OptionGroup var timestampAuthority: TimestampAuthorityOptions

    @Flag(
        name: .customLong("record-consultation"),
        help: "Record every consultation (show, redact --preview, report) in the ledger, as DPA 2018 s.62 asks.")
    var recordConsultation = false

    @Flag(
        name: .customLong("allow-network-filesystem"),
        help:
            "Create the store on NFS or SMB/CIFS anyway (its database needs a local disk; or set EXHIBIT_ALLOW_NETWORK_FILESYSTEM=1)."
    )
    var allowNetworkFilesystem = false

    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let authority = timestampAuthority.authority(context)
        if let authority {
            try TimestampAuthorityClient.requireUsable(authority.url)
            _ = try Certificate.load(path: authority.certificatePath)
        }
        let caseRef = try ExhibitFields.required(self.caseRef, flag: "--case-ref")
        let agency = try ExhibitFields.required(self.agency, flag: "--agency")
        let oic = try ExhibitFields.required(self.oic, flag: "--oic")
        let directory = StoreLocation.forNewStore(
            explicit: context.path(store), environment: context.environment, currentDirectory: context.workingDirectory)
        if FileSystem.exists(directory + "/" + StoreLocation.databaseName) {
            throw ExhibitError.badInput("\(directory) already holds a case store")
        }
        try NetworkFilesystem.refuse(
            directory, allowed: allowNetworkFilesystem || NetworkFilesystem.allowed(by: context.environment))
        let certificate = try Certificate.load(path: context.path(cert))
        if certificate.organization != agency {
            context.note("note: the certificate names \(certificate.organization ?? "no organisation"), not \(agency)")
        }
        let keyPath = context.path(key)
        let signer = try LedgerSigner.load(keyPath: keyPath, certificate: certificate, environment: context.environment)
        let actor = try Actor.resolve(
            name: actor, role: nil, id: nil, agency: agency, defaultName: oic, environment: context.environment)
        let created = try CaseStore.create(
            directory: directory, caseRef: caseRef, incident: try ExhibitFields.optional(incident, flag: "--incident"),
            operation: try ExhibitFields.optional(operation, flag: "--operation"), agency: agency, oic: oic,
            keyPath: keyPath, signer: signer, actor: actor)
        if let authority {
            _ = try Timestamping.setAuthority(
                url: authority.url, certificatePath: authority.certificatePath, store: created, signer: signer, actor: actor)
        }
        if recordConsultation {
            _ = try CaseSettings.set(
                name: StoreSettings.Name.recordConsultation.rawValue, value: "on", reason: "set at init", store: created,
                signer: signer, actor: actor)
        }
        if output.json { return try context.json(created.info) }
        context.print("Opened case \(created.info.caseRef) for \(agency) (OIC \(oic)) in \(directory)")
        context.print("Ledger entry 1 recorded and signed by \(certificate.subject)")
        context.print("Certificate fingerprint: \(certificate.displayFingerprint)")
        if let authority { context.print("Time-stamp authority: \(authority.url) (tokens at export and with exhibit timestamp)") }
        if recordConsultation { context.print("Consultation is recorded: show, redact --preview and report now need the key") }
    }
}
