import ArgumentParser
import ExhibitCore
import ExhibitKit

/// The `exhibit` command.
struct Exhibit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exhibit",
        abstract: "Secure evidence handling and inter-agency sharing for child-safeguarding investigations.",
        discussion: """
            Exit codes: 0 success, 1 verification failed, 2 bad usage or input, 3 environment \
            (key, passphrase, permissions, disk).
            """,
        version: ExhibitVersion.number,
        subcommands: [
            KeysCommand.self, InitCommand.self, AddCommand.self, ListCommand.self, ShowCommand.self,
            TransferCommand.self, AccessCommand.self, NoteCommand.self, HistoryCommand.self, VerifyCommand.self,
            CheckpointCommand.self, ProveCommand.self, PartyCommand.self, MarkCommand.self, PolicyCommand.self,
            RedactCommand.self, PartnersCommand.self, ExportCommand.self, ReceiveCommand.self, ReceiptCommand.self,
            ReportCommand.self, ExtractCommand.self, ClassifyCommand.self, SealCommand.self, UnsealCommand.self,
            ReturnCommand.self,
            DestroyCommand.self, EventCommand.self, SettingCommand.self, BackupCommand.self, RestoreCommand.self,
            HashsetCommand.self, TimestampCommand.self,
        ]
    )
}
