// A long ledger for the benchmark (scripts/bench): appends N case notes to a store, in commits of BATCH entries
// (default 10,000) with one signed checkpoint each, as fast as the store's own writer takes them; BATCH 1 makes the
// ledger of one checkpoint per command. Not installed; not for real cases.
//   exhibit-bench-ledger STORE/.exhibit AGENCY.key N [BATCH]
import ExhibitCore
import ExhibitKit
import Foundation

let arguments = CommandLine.arguments
guard (4...5).contains(arguments.count), let count = Int(arguments[3]), count > 0,
    let perCommit = arguments.count == 5 ? Int(arguments[4]) : 10_000, perCommit > 0
else {
    FileHandle.standardError.write(Data("usage: exhibit-bench-ledger STORE/.exhibit AGENCY.key ENTRIES [BATCH]\n".utf8))
    exit(2)
}
do {
    let store = try CaseStore.open(directory: arguments[1])
    let signer = try LedgerSigner.load(
        keyPath: arguments[2], certificate: store.certificate, environment: ProcessInfo.processInfo.environment)
    let actor = Actor(name: "Bench", agency: store.info.agency)
    var written = 0
    while written < count {
        let batch = min(perCommit, count - written)
        try store.write(signer: signer) { writer in
            try writer.commit { ledger in
                for index in 0..<batch {
                    try ledger.append(
                        LedgerEntry(caseID: store.info.id, action: .note, actor: actor, text: "bench note \(written + index)"))
                }
            }
        }
        written += batch
    }
} catch {
    FileHandle.standardError.write(Data("exhibit-bench-ledger: \(error)\n".utf8))
    exit(1)
}
