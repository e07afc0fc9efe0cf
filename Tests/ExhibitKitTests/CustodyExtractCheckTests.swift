import Foundation
import Testing

@testable import ExhibitCore

/// `CustodyExtract.check` reads an extract's lines in batches on every core: an extract longer than several batches
/// is read whole and in order, and of several faulty lines the first is the one reported, wherever the batches fall.
@Suite struct CustodyExtractCheckTests {
    /// An extract of `count` entries (hash and proof only) over a ledger of `count` entries, signed by a new key.
    private struct Extract {
        var lines: [[UInt8]]
        let hashes: [String]
        let trust: TrustPolicy
        let fingerprint: String

        init(count: Int) throws {
            let key = try PrivateKey.generate(.p256)
            let certificate = try CertificateIssuer.selfSigned(key: key, agency: "Agency A", days: 10)
            let digests = (1...count).map { MessageDigest.sha256(Array("entry \($0)".utf8)) }
            let leaves = digests.map(MerkleTree.leafHash)
            let checkpoint = Checkpoint(
                origin: Checkpoint.origin(caseID: "custody-test"), size: count, root: MerkleTree.root(leaves),
                time: Timestamp.now())
            let signature = try CMSSignature.sign(.bytes(Array(checkpoint.body.utf8)), key: key, certificate: certificate)
            let maker = try CustodyExtract.Lines(checkpoint: (checkpoint.body, signature), certificatePEM: certificate.pem)
            hashes = digests.map(Hex.encode)
            lines = [maker.checkpointLine]
            for (index, hash) in hashes.enumerated() {
                lines.append(
                    try maker.entry(
                        seq: index + 1, hash: hash, proof: { MerkleTree.inclusionProof(index: $0, leaves: leaves) }, body: nil))
            }
            trust = TrustPolicy(pinned: [certificate])
            fingerprint = certificate.fingerprint
        }

        /// Changes one hex digit of entry `seq`'s hash (line `seq + 1`): its proof no longer leads to the root.
        mutating func alter(entry seq: Int) {
            let text = String(decoding: lines[seq], as: UTF8.self)
            let hash = hashes[seq - 1]
            let altered = (hash.first == "0" ? "1" : "0") + hash.dropFirst()
            lines[seq] = Array(text.replacingOccurrences(of: hash, with: altered).utf8)
        }

        func check(step: Int = 4096) throws -> CustodyExtract.Checked {
            let reader = LineReader(
                LineReaderTests.SteppedSource(lines.flatMap { $0 }, step: step), name: "exhibit/custody.jsonl",
                maxLineBytes: .max)
            return try CustodyExtract.check(reader, signer: trust, signerFingerprint: fingerprint)
        }
    }

    /// The message of the error `body` throws.
    private func failure(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as ExhibitError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func anExtractOfManyBatchesIsReadWholeAndInOrder() throws {
        let count = CustodyExtract.batchLines * 3 + 7
        let extract = try Extract(count: count)
        let checked = try extract.check()
        #expect(checked.entries.map(\.seq) == Array(1...count))
        #expect(checked.entries.map(\.hash) == extract.hashes)
        #expect(checked.checkpoint.size == count)
    }

    @Test(arguments: [[90, 100], [70, 130], [130, 70], [1, 200], [200, 199]])
    func theFirstFaultyLineIsTheOneReported(altered: [Int]) throws {
        var extract = try Extract(count: 200)
        for seq in altered { extract.alter(entry: seq) }
        let first = try #require(altered.min())
        let message = try #require(failure { _ = try extract.check() })
        #expect(message.contains("exhibit/custody.jsonl line \(first + 1): entry \(first) is not in the signed ledger"))
    }

    @Test func aLineThatIsNotAnEntryIsNamedAfterTheLinesBeforeIt() throws {
        var extract = try Extract(count: 150)
        extract.lines[120] = Array("{\"type\":\"entry\"}\n".utf8)
        extract.alter(entry: 100)
        let message = try #require(failure { _ = try extract.check() })
        #expect(message.contains("line 101: entry 100 is not in the signed ledger"))
        extract = try Extract(count: 150)
        extract.lines[120] = Array("{\"type\":\"entry\"}\n".utf8)
        #expect(failure { _ = try extract.check() } == "exhibit/custody.jsonl line 121 is not a custody entry")
    }
}
