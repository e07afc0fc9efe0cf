import ArgumentParser
import ExhibitCore
import ExhibitKit
import Foundation

/// Shell value completions (`exhibit --generate-completion-script bash|zsh|fish`): files by kind, and the
/// case's own values — exhibit references, partner ids, shipped policy ids — which the shell asks the binary
/// for when TAB is pressed (argument-parser's `---completion` call back). A completion never prints an error
/// and never changes anything: the store is opened read-only, and any failure offers nothing.
enum Completions {
    /// Any file or folder.
    static let file = CompletionKind.file()
    /// A folder.
    static let folder = CompletionKind.directory
    /// A certificate file.
    static let certificate = CompletionKind.file(extensions: ["crt", "pem", "cer", "der"])
    /// A private key file.
    static let key = CompletionKind.file(extensions: ["key", "pem"])
    /// A bundle file.
    static let bundle = CompletionKind.file(extensions: ["exhibit"])
    /// A CSV file.
    static let csv = CompletionKind.file(extensions: ["csv"])
    /// A policy file.
    static let policyFile = CompletionKind.file(extensions: ["yaml", "yml"])
    /// A receipt file.
    static let receipt = CompletionKind.file(extensions: ["p7s"])

    /// The case's exhibit references.
    static let exhibitRef = CompletionKind.custom { words, _, prefix in
        matching(prefix, (try? CaseQueries.exhibits(openStore(words)).map(\.ref)) ?? [])
    }

    /// The case's registered partners.
    static let partnerID = CompletionKind.custom { words, _, prefix in
        matching(prefix, (try? Partners.list(openStore(words)).map(\.id)) ?? [])
    }

    /// The shipped policy ids; once the word holds a `/`, the YAML files and folders it leads to.
    static let policy = CompletionKind.custom { _, _, prefix in
        if PolicyCatalog.isPath(prefix) { return pathsMatching(prefix) }
        return matching(prefix, (try? PolicyCatalog.catalogue().map(\.policy.id)) ?? [])
    }

    /// The candidates that start with what was typed.
    static func matching(_ prefix: String, _ candidates: [String]) -> [String] {
        candidates.filter { $0.hasPrefix(prefix) }
    }

    /// The store named by `--store` among the words typed (quotes removed), else `EXHIBIT_STORE`, else found
    /// from the current folder upwards.
    static func openStore(_ words: [String]) throws -> CaseStore {
        var explicit: String?
        for (index, word) in words.enumerated() {
            if word == "--store", index + 1 < words.count {
                explicit = unquoted(words[index + 1])
            } else if word.hasPrefix("--store=") {
                explicit = unquoted(String(word.dropFirst("--store=".count)))
            }
        }
        return try CaseStore.open(directory: StoreLocation.locate(explicit: explicit))
    }

    /// A shell word without the quotes or backslashes that only the shell needed.
    static func unquoted(_ word: String) -> String {
        var result = ""
        var quote: Character?
        var escaped = false
        for character in word {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\", quote != "'" {
                escaped = true
            } else if let open = quote, character == open {
                quote = nil
            } else if quote == nil, character == "'" || character == "\"" {
                quote = character
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Folders and `.yaml` files whose path starts with `prefix` (`./my-pol` → `./my-policy.yaml`).
    static func pathsMatching(_ prefix: String) -> [String] {
        let slash = prefix.lastIndex(of: "/") ?? prefix.startIndex
        let folder = String(prefix[...slash])
        let start = String(prefix[prefix.index(after: slash)...])
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.sorted().compactMap { name in
            guard name.hasPrefix(start), !name.hasPrefix(".") || start.hasPrefix(".") else { return nil }
            let path = folder + name
            if FileSystem.isDirectory(path) { return path + "/" }
            return name.hasSuffix(".yaml") || name.hasSuffix(".yml") ? path : nil
        }
    }
}
