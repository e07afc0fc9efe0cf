import Foundation

/// What to undo when the process is told to stop (SIGINT, SIGTERM, SIGHUP): each writing command registers how
/// to remove what it is writing, and the handler runs every registration before the process exits with
/// 128 + the signal's number. The handler runs on a dispatch queue, not in signal context, so it may take locks
/// and remove files; a registration that is committing waits for its commit to finish (see `StoreWriter`).
public enum Interruption {
    private final class Registry: @unchecked Sendable {
        // Guarded by `lock`.
        private let lock = NSLock()
        private var next = 0
        private var cleanups: [Int: @Sendable () -> Void] = [:]
        private var sources: [any DispatchSourceSignal] = []
        private var interrupted = false
        // Held while a file or folder is created, and while `interrupted` is set: once the handler has set it,
        // nothing new appears for the cleanups to miss.
        private let creation = NSLock()

        func creating<T>(_ body: () throws -> T) throws -> T {
            try creation.withLock {
                guard !interrupted else { throw ExhibitError.environment("interrupted; nothing was recorded") }
                return try body()
            }
        }

        func interrupt() { creation.withLock { interrupted = true } }

        func add(_ cleanup: @escaping @Sendable () -> Void) -> Int {
            lock.withLock {
                next += 1
                cleanups[next] = cleanup
                return next
            }
        }

        func remove(_ id: Int) { lock.withLock { _ = cleanups.removeValue(forKey: id) } }

        func all() -> [@Sendable () -> Void] { lock.withLock { cleanups.sorted { $0.key > $1.key }.map(\.value) } }

        func keep(_ source: any DispatchSourceSignal) { lock.withLock { sources.append(source) } }
    }

    private static let registry = Registry()

    /// Registers `cleanup` to run if the process is interrupted.
    /// - Returns: the registration, for `unregister`.
    public static func register(_ cleanup: @escaping @Sendable () -> Void) -> Int { registry.add(cleanup) }

    /// Removes a registration (the work it protected is finished or undone).
    public static func unregister(_ id: Int) { registry.remove(id) }

    /// Runs `body`, which creates a file or folder, unless the process is being interrupted: then it throws.
    /// Every creation inside a writing command goes through here, so the cleanups see all it made.
    /// - Throws: `.environment` once an interruption began; what `body` throws.
    public static func creating<T>(_ body: () throws -> T) throws -> T { try registry.creating(body) }

    /// Stops new files and folders from being created, then runs every registered cleanup, newest first.
    public static func runCleanups() {
        registry.interrupt()
        for cleanup in registry.all() { cleanup() }
    }

    /// Installs the handlers: SIGINT, SIGTERM and SIGHUP run the cleanups, then end the process with
    /// 128 + the signal's number (130 for SIGINT, 143 for SIGTERM), as a shell expects.
    public static func installSignalHandlers() {
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global(qos: .userInitiated))
            source.setEventHandler {
                runCleanups()
                _exit(128 + signal)
            }
            source.resume()
            registry.keep(source)
        }
    }
}
