import Foundation
import Testing

/// `exhibit receive --import` on real bundles with bytes flipped, cut off or spliced (a fixed, printed seed):
/// every one is refused with exit 1 or 2 and at most one line on stderr, never a signal or a hang, with nothing
/// imported and nothing left in staging.
@Suite struct ReceiveMutationTests {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed from the printed seed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seed: UInt64 = 0x8_2026_1202
    static let mutations = 100

    /// One mutation of `original`: flip bytes, truncate, or copy one 512-byte record over another.
    static func mutate(_ original: [UInt8], _ index: Int, _ random: inout SplitMix) -> (String, [UInt8]) {
        var bytes = original
        switch index % 3 {
        case 0:
            let flips = Int.random(in: 1...4, using: &random)
            var at: [Int] = []
            for _ in 0..<flips {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                bytes[position] ^= UInt8.random(in: 1...255, using: &random)
                at.append(position)
            }
            return ("flip \(at)", bytes)
        case 1:
            let length = Int.random(in: 0..<bytes.count, using: &random)
            let aligned = Bool.random(using: &random) ? length / 512 * 512 : length
            return ("truncate to \(aligned)", Array(bytes[0..<aligned]))
        default:
            let records = bytes.count / 512
            let from = Int.random(in: 0..<records, using: &random) * 512
            let to = Int.random(in: 0..<records, using: &random) * 512
            bytes.replaceSubrange(to..<(to + 512), with: original[from..<(from + 512)])
            return ("splice record at \(from) over \(to)", bytes)
        }
    }

    @Test func mutatedBundlesAreRefusedAndLeaveNothing() throws {
        let pair = try BundleTests.pair()
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: pair.bundle)))
        print("receive mutation test: seed \(String(Self.seed, radix: 16)), \(Self.mutations) mutations")
        var random = SplitMix(state: Self.seed)
        let path = pair.csc.path("mutated.exhibit")
        var refused = 0
        var unchanged = 0
        for index in 0..<Self.mutations {
            let (what, bytes) = Self.mutate(original, index, &random)
            guard bytes != original else {
                unchanged += 1
                continue
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let run = try pair.csc.run(["receive", path, "--import"])
            let label = "mutation \(index) (\(what)), seed \(String(Self.seed, radix: 16))"
            #expect(run.status == 1 || run.status == 2, "\(label): exit \(run.status), \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count <= 1, "\(label): \(run.stderr)")
            if run.status == 1 { #expect(run.stdout.contains("Bundle REJECTED"), "\(label): \(run.stdout)") }
            let work = (try? FileManager.default.subpathsOfDirectory(atPath: pair.csc.store + "/work")) ?? []
            #expect(work.isEmpty, "\(label): staging left behind")
            if run.status == 1 || run.status == 2 { refused += 1 }
        }
        let listed = try #require(try pair.csc.expectSuccess(["list", "--json"]).json() as? [[String: Any]])
        #expect(listed.isEmpty, "something was imported")
        #expect(try pair.csc.run(["verify"]).status == 0)
        print("receive mutation test: \(refused) refused, \(unchanged) left the bundle unchanged (skipped)")
    }
}
