import ArgumentParser
import ExhibitCore
import ExhibitKit
import Foundation

/// `exhibit backup`: a consistent, verified copy of the whole store.
struct BackupCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the whole store (database and objects) to a new folder, verified.",
        discussion: """
            Writers wait while the copy is taken (SQLite's online backup and every object, re-hashed as it is copied);
            the copy is verified as a store before it appears at --out. Keep it on another disk. Private keys are not
            in the store and are not copied. exhibit restore makes a working store from it.
            """)

    @Option(help: "The new folder for the copy (must not exist or be empty).", completion: Completions.folder)
    var out: String

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let store = try storeOptions.open(context)
        let folder = try OutputPath.folder(context.path(out), flag: "--out", storeDirectory: store.directory)
        let result = try StoreBackup.backup(store, to: folder)
        if output.json { return try context.json(result) }
        context.print(
            "Backed up case \(store.info.caseRef) to \(result.folder): \(result.entries) ledger entries, \(result.objects) objects (\(Console.bytes(result.bytes))), verified"
        )
    }
}

/// `exhibit restore`: a working store from a backup.
struct RestoreCommand: ExhibitCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Make a new store from a backup, after verifying the backup and the copy.",
        discussion: "The new store is created at --store (its .exhibit folder must not exist); nothing is overwritten.")

    @Argument(help: "The backup folder (as written by exhibit backup).", completion: Completions.folder)
    var backup: String

    @Option(
        help: "Folder to create the store in (default: $EXHIBIT_STORE, else the current folder).", completion: Completions.folder)
    var store: String?

    @OptionGroup var output: OutputOptions

    func run(_ context: CommandContext) throws {
        let source = try StoreLocation.locate(
            explicit: context.path(backup), environment: [:], currentDirectory: context.workingDirectory)
        let directory = StoreLocation.forNewStore(
            explicit: context.path(store), environment: context.environment, currentDirectory: context.workingDirectory)
        let result = try StoreBackup.restore(from: source, to: directory)
        if output.json { return try context.json(result) }
        context.print(
            "Restored \(result.entries) ledger entries and \(result.objects) objects (\(Console.bytes(result.bytes))) to \(result.folder), verified"
        )
    }
}
