import ExhibitCore
import Foundation

/// The command-line arguments that are not UTF-8, as the system passed them.
///
/// Linux passes arguments as bytes; `CommandLine.arguments` (and so the parser) decodes each with U+FFFD for every
/// byte that is not UTF-8, which loses the name of a Latin-1 file from an old memory card (`caf\xE9.jpg`). This keeps
/// their bytes by that decoded text, so a command can still open the file by its real name.
struct ArgumentBytes: Sendable {
    /// Each such argument's bytes, by its decoded text.
    private(set) var bytes: [String: [UInt8]] = [:]
    /// Decoded texts that two different arguments share: which one was meant cannot be told.
    private(set) var ambiguous: Set<String> = []

    /// None (every argument is UTF-8).
    init() {}

    /// The arguments given, as bytes (without the program's name).
    init(_ arguments: [[UInt8]]) {
        for argument in arguments where String(validating: argument, as: UTF8.self) == nil {
            let text = String(decoding: argument, as: UTF8.self)
            if let known = bytes[text], known != argument { ambiguous.insert(text) }
            bytes[text] = argument
        }
        for text in ambiguous { bytes[text] = nil }
    }

    /// The running process's arguments.
    static var process: ArgumentBytes {
        let argv = CommandLine.unsafeArgv
        return ArgumentBytes(
            (1..<max(1, Int(CommandLine.argc))).compactMap { index in
                argv[index].map { Array(UnsafeBufferPointer(start: $0, count: strlen($0))).map { UInt8(bitPattern: $0) } }
            })
    }

    /// The bytes of `paths` that are not UTF-8, by path, for the library (`AddExhibit.Request.pathBytes`).
    /// - Throws: `.badInput` for a path whose bytes cannot be told from another's.
    func paths(_ paths: [String]) throws -> [String: [UInt8]] {
        if let path = paths.first(where: ambiguous.contains) {
            throw ExhibitError.badInput(
                "\(path): two names given differ only in bytes that are not UTF-8, so which is which cannot be told; "
                    + "give the folder that holds them")
        }
        return bytes.filter { paths.contains($0.key) }
    }
}
