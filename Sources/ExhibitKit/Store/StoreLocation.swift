import ExhibitCore
import Foundation

/// Finds a case store: `--store DIR` or `EXHIBIT_STORE` (the case folder or its `.exhibit` folder), else
/// the nearest `.exhibit` folder from the current directory upwards, as git finds `.git`.
public enum StoreLocation {
    /// The name of the store folder inside a case folder.
    public static let folderName = ".exhibit"
    /// The database file inside the store folder.
    public static let databaseName = "case.sqlite"

    /// The `.exhibit` folder to use.
    /// - Throws: `ExhibitError.badInput` when no store is found or the one named is not a store.
    public static func locate(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> String {
        if let named = explicit ?? environment["EXHIBIT_STORE"], !named.isEmpty {
            let absolute = FileSystem.absolute(named)
            for candidate in [absolute + "/" + folderName, absolute] where isStore(candidate) {
                return candidate
            }
            throw ExhibitError.badInput(
                "\(named) is not an Exhibit case store (no \(folderName)/\(databaseName)); create one with exhibit init")
        }
        var folder = FileSystem.absolute(currentDirectory)
        while true {
            let candidate = folder + "/" + folderName
            if isStore(candidate) { return candidate }
            if folder == "/" || folder.isEmpty { break }
            folder = Path.parent(folder)
        }
        throw ExhibitError.badInput("no Exhibit case store here or in any parent folder; run exhibit init, or pass --store")
    }

    /// The `.exhibit` folder `init` creates: inside `explicit` (or `EXHIBIT_STORE`), else the current directory.
    public static func forNewStore(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String {
        let base = FileSystem.absolute(explicit ?? environment["EXHIBIT_STORE"] ?? currentDirectory)
        return Path.name(base) == folderName ? base : base + "/" + folderName
    }

    static func isStore(_ folder: String) -> Bool {
        FileSystem.isDirectory(folder) && FileSystem.exists(folder + "/" + databaseName)
    }
}
