import Foundation

/// Where a private key's passphrase comes from: the first line of the file named by
/// `EXHIBIT_PASSPHRASE_FILE` (read as `openssl -passin file:` reads it), else a prompt on the terminal.
public enum Passphrase {
    /// The environment variable naming the passphrase file.
    public static let fileVariable = "EXHIBIT_PASSPHRASE_FILE"

    /// Reads the passphrase for `purpose` (shown in the prompt).
    /// - Parameters:
    ///   - purpose: what the key is for, e.g. the key file's path.
    ///   - confirm: ask twice on a terminal (when creating a key).
    ///   - environment: the process environment.
    /// - Returns: the passphrase bytes; the caller wipes them after use.
    /// - Throws: `ExhibitError.environment` when neither a passphrase file nor a terminal is available, the
    ///   file cannot be read or is empty, or the two entries differ.
    public static func read(
        for purpose: String, confirm: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> [UInt8] {
        if let path = environment[fileVariable], !path.isEmpty {
            return try fromFile(path)
        }
        guard let terminal = Terminal.open() else {
            throw ExhibitError.environment(
                "no passphrase for \(purpose): set \(fileVariable) to a file holding it, or run on a terminal")
        }
        let first = try terminal.readHidden(prompt: "Passphrase for \(purpose): ")
        guard !first.isEmpty else { throw ExhibitError.environment("the passphrase is empty") }
        if confirm {
            let second = try terminal.readHidden(prompt: "Repeat the passphrase: ")
            guard ConstantTime.equal(first, second) else {
                throw ExhibitError.environment("the two passphrases differ")
            }
        }
        return first
    }

    /// The first line of a file, without its line feed, as `openssl -passin file:` takes it.
    /// - Throws: `ExhibitError.environment` when the file is missing, unreadable or its first line is empty.
    public static func fromFile(_ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ExhibitError.environment("\(fileVariable) names \(path), which cannot be read")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        let line = Array(head.prefix { $0 != 0x0a })
        guard !line.isEmpty else {
            throw ExhibitError.environment("\(path): the passphrase file's first line is empty")
        }
        return line
    }
}

/// The controlling terminal, for a prompt that does not echo.
final class Terminal {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Opens `/dev/tty`; `nil` when the process has no controlling terminal.
    static func open() -> Terminal? {
        let descriptor = Glibc.open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { return nil }
        guard isatty(descriptor) == 1 else {
            close(descriptor)
            return nil
        }
        return Terminal(descriptor: descriptor)
    }

    /// Prints `prompt` and reads one line with echo off.
    func readHidden(prompt: String) throws -> [UInt8] {
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else {
            throw ExhibitError.environment("cannot read from the terminal")
        }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(descriptor, TCSAFLUSH, &quiet)
        // Interrupted at the prompt, the terminal gets its echo back before the process ends.
        let restore = Interruption.register { [descriptor, saved] in
            var original = saved
            tcsetattr(descriptor, TCSAFLUSH, &original)
        }
        defer {
            Interruption.unregister(restore)
            tcsetattr(descriptor, TCSAFLUSH, &saved)
            _ = "\n".withCString { write(descriptor, $0, 1) }
        }
        _ = prompt.withCString { write(descriptor, $0, strlen($0)) }
        var line = [UInt8]()
        var byte: UInt8 = 0
        while read(descriptor, &byte, 1) == 1, byte != 0x0a {
            line.append(byte)
            if line.count > 4096 { break }
        }
        return line
    }
}
