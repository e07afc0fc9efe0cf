import ExhibitCore
import Foundation

/// The store's writer lock (`flock` on `.exhibit/lock`): one command changes a store at a time, so the
/// ledger stays one chain and interrupted writes can be rolled back safely. Released when the process
/// exits, however it exits.
final class WriterLock {
    private let descriptor: Int32

    /// Takes the lock, waiting for another writer to finish.
    /// - Throws: `ExhibitError.environment` when the lock file cannot be opened.
    init(storeDirectory: String) throws {
        let path = storeDirectory + "/lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw FileSystem.error(path, "cannot open the store lock") }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                throw FileSystem.error(path, "cannot lock the store")
            }
        }
        self.descriptor = descriptor
    }

    /// Takes the lock only if no other writer holds it; `nil` otherwise.
    static func attempt(storeDirectory: String) -> WriterLock? {
        let path = storeDirectory + "/lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return nil }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return WriterLock(holding: descriptor)
    }

    private init(holding descriptor: Int32) { self.descriptor = descriptor }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
