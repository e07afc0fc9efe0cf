import Dispatch
import Synchronization

/// Work spread over the machine's cores.
package enum Parallel {
    /// `transform` of each item, in order, computed on as many threads as there are cores.
    package static func map<Item: Sendable, Output: Sendable>(
        _ items: [Item], _ transform: @Sendable (Item) -> Output
    ) -> [Output] {
        let results = Mutex<[Int: Output]>([:])
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            let output = transform(items[index])
            results.withLock { $0[index] = output }
        }
        return results.withLock { outputs in items.indices.compactMap { outputs[$0] } }
    }
}
