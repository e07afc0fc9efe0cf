internal import CExhibitSystem
import Foundation

/// Limits for a child process that reads a hostile file (a PDF renderer, an office converter).
package struct ProcessLimits: Sendable, Equatable {
    /// Wall-clock time before the child and everything it started are killed.
    var seconds: Double
    /// Address space (RLIMIT_AS), bytes.
    var memory: UInt64
    /// Largest file it may write (RLIMIT_FSIZE), bytes.
    var fileSize: UInt64
    /// Open descriptors (RLIMIT_NOFILE).
    var openFiles: UInt64 = 256

    /// Poppler's tools on one page or one document.
    static let renderer = ProcessLimits(seconds: 60, memory: 2 << 30, fileSize: 512 << 20)
    /// LibreOffice converting one document (it maps far more address space than it uses).
    static let converter = ProcessLimits(seconds: 180, memory: 6 << 30, fileSize: 1 << 30, openFiles: 1024)
}

/// A private folder for one hostile file's child processes: mode 0700 under the system's temporary folder,
/// removed with everything in it when this object goes.
package final class PrivateFolder {
    /// The folder's path.
    package let path: String

    /// Creates the folder.
    /// - Throws: `ExhibitError.environment` when it cannot be created.
    package init() throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/exhibit-XXXXXX".utf8CString)
        let made: UnsafeMutablePointer<CChar>? = template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return mkdtemp(base)
        }
        guard let made else {
            throw FileSystem.error(base, "cannot create a private temporary folder")
        }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs a program on a hostile file as Dangerzone does: in a child process with a time limit, a memory
/// limit, a cap on the files it writes, no network (a new, empty network namespace), no new privileges,
/// only the descriptors it needs, a minimal environment and a private folder as its home, temporary folder
/// and working folder. When a limit cannot be applied the program is not run (fail closed).
package enum LimitedProcess {
    /// How a run ended.
    struct Outcome {
        /// The exit code, or minus the signal that ended it.
        var status: Int32
        /// True when it was killed for running past its time.
        var timedOut: Bool
        /// What it wrote to stdout (capped by `ProcessLimits.fileSize`).
        var stdout: [UInt8]
        /// The first line of what it wrote to stderr, for messages.
        var firstErrorLine: String

        /// True for a normal exit with status 0.
        var succeeded: Bool { status == 0 && !timedOut }
    }

    /// The full path of a program on the standard search path.
    /// - Throws: `ExhibitError.environment` naming the package that provides it when it is not installed.
    static func locate(_ program: String, package: String) throws -> String {
        for folder in ["/usr/local/bin", "/usr/bin", "/bin"] {
            let candidate = "\(folder)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw ExhibitError.environment("\(program) is not installed (Debian package \(package)); run scripts/install-deps")
    }

    /// Runs `program` with `arguments` in `folder` under `limits` and waits for it.
    /// - Parameters:
    ///   - program: a full path (see `locate`).
    ///   - arguments: its arguments (not including its name).
    ///   - folder: the private folder: working folder, HOME and TMPDIR of the child.
    ///   - limits: time, memory, file size and descriptor limits.
    /// - Returns: how it ended and what it printed.
    /// - Throws: `ExhibitError.environment` when the child cannot be started with every limit in place.
    static func run(_ program: String, _ arguments: [String], in folder: PrivateFolder, limits: ProcessLimits) throws -> Outcome {
        let outPath = "\(folder.path)/.stdout-\(UInt32.random(in: 0...UInt32.max))"
        let errPath = outPath + ".err"
        let out = open(outPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        let err = open(errPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        defer {
            if out >= 0 { close(out) }
            if err >= 0 { close(err) }
            unlink(outPath)
            unlink(errPath)
        }
        guard out >= 0, err >= 0 else { throw FileSystem.error(folder.path, "cannot create the child's output files") }
        let environment = [
            "PATH=/usr/bin:/bin", "HOME=\(folder.path)", "TMPDIR=\(folder.path)", "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
            "OMP_THREAD_LIMIT=1",
        ]
        var cLimits = exhibit_limits(
            memory: limits.memory, cpu_seconds: UInt64(limits.seconds.rounded(.up)) + 1, file_size: limits.fileSize,
            open_files: limits.openFiles)
        var stage: Int32 = 0
        var code: Int32 = 0
        let pid = withCStrings([program] + arguments) { argv in
            withCStrings(environment) { envp in
                exhibit_spawn_limited(program, argv, envp, folder.path, out, err, &cLimits, &stage, &code)
            }
        }
        guard pid > 0 else {
            let steps = [
                1: "start", 2: "set up descriptors for", 3: "enter the private folder of", 4: "cut off the network of",
                5: "apply the limits to", 6: "drop privileges of", 7: "execute",
            ]
            throw ExhibitError.environment(
                "cannot \(steps[Int(stage)] ?? "start") \(program) safely (\(FileSystem.reason(code))); the file is withheld")
        }
        var status: Int32 = 0
        let waited = exhibit_wait_limited(pid, Int32(min(limits.seconds * 1000, 86_400_000)), &status)
        guard waited >= 0 else { throw ExhibitError.environment("lost track of \(program) (\(FileSystem.reason()))") }
        let stdout = (try? FileSystem.read(outPath, limit: Int(min(limits.fileSize, 1 << 30)))) ?? []
        let stderr = (try? FileSystem.read(errPath, limit: 1 << 20)) ?? []
        // LibreOffice always opens with a warning about Java, which says nothing about the file.
        let firstLine = String(decoding: stderr.prefix(4096), as: UTF8.self).split(whereSeparator: \.isNewline)
            .first { !$0.contains("javaldx") }.map { $0.prefix(300) }
        return Outcome(
            status: exhibit_exit_code(status), timedOut: waited == 1, stdout: stdout,
            firstErrorLine: firstLine.map(String.init) ?? "")
    }

    /// Runs `body` with a NULL-terminated C array of the strings.
    private static func withCStrings<Result>(
        _ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Result
    ) -> Result {
        let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { array[index] = strdup(string) }
        array[strings.count] = nil
        defer {
            for index in 0..<strings.count { free(array[index]) }
            array.deallocate()
        }
        return body(array)
    }
}
