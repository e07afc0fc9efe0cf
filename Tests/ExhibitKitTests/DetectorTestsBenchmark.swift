import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// Throughput of the detectors over generated chat-export text. Does nothing unless `DETECTOR_BENCH=1`; it prints MB/s
/// and asserts nothing about time. Run it on a release build:
///
///     swift build -c release --build-tests -Xswiftc -enable-testing
///     DETECTOR_BENCH=1 swift test -c release --skip-build -Xswiftc -enable-testing --filter DetectorBenchmark
///
/// `DETECTOR_BENCH_MB` sets the size of the text (default 50).
struct DetectorBenchmarkTests {
    static let enabled = ProcessInfo.processInfo.environment["DETECTOR_BENCH"] == "1"

    /// A small deterministic generator (SplitMix64).
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static let senders = ["Maisie T", "Jade Wilson", "Claire Turner", "Leo", "Mum", "Sophie B", "Kai", "Amelia Rose"]
    static let words = """
        i you he she it we they the a an and or but so if to of in on at for with from by up out about is was are were \
        be been am do does did have has had will would can could should just like really so yeah no ok okay lol omg tbh \
        idk pls thx u ur im dont cant wont its thats whats where when why how who what school home mum dad bus stop park \
        car phone snap insta message text call ring later tomorrow tonight today morning night weekend teacher class \
        homework maths english lunch break food chips pizza money new old nice weird creepy scared fine sorry love x xx \
        haha see meet come go going went get got take took tell told said say know think want need Maisie Jade Darren \
        DazC mimi Ashbrook Academy Larch Park Mr Patel Tesco Greggs McDonalds Friday Saturday Monday 10 20 5 3 100 2nd \
        at 7 the 1st time £20 £5.50 🙂 😂 ❤️ café naïve it’s don’t
        """.split(separator: " ").map(String.init)
    static let identifiers = [
        "07700 900123", "+44 7700 900456", "07700-900-456", "(0113) 496 0123", "020 7946 0018", "claire.turner@example.com",
        "dazc.91@example.net", "NS4 7QD", "SW1A 1AA", "14 Larch Close, Northbridge, NS4 7QD", "Flat 2, 9 Harbour Row",
        "born 14/03/2013", "DOB 02/07/2017", "NX21 KYD", "4111 1111 1111 1111", "192.0.2.44", "2001:db8::1",
        "AB 12 34 56 C", "20-45-77 41234567", "999 234 5675", "14 March 2013", "22/09/1989",
    ]

    /// About `megabytes` MB of WhatsApp-style lines; roughly one line in eight carries an identifier.
    static func chatText(megabytes: Int) -> [UInt8] {
        var generator = Generator(state: 2026)
        var out: [UInt8] = []
        out.reserveCapacity(megabytes << 20 + 1024)
        while out.count < megabytes << 20 {
            let line = String(
                format: "%02d/%02d/2026, %02d:%02d - ", 1 + generator.below(28), 1 + generator.below(12), generator.below(24),
                generator.below(60))
            out += line.utf8
            out += generator.pick(senders).utf8
            out += ": ".utf8
            for index in 0..<(3 + generator.below(18)) {
                if index > 0 { out.append(0x20) }
                out += generator.pick(words).utf8
            }
            if generator.below(8) == 0 {
                out.append(0x20)
                out += generator.pick(identifiers).utf8
            }
            out.append(0x0A)
        }
        return out
    }

    static func measure(_ text: UnsafeBufferPointer<UInt8>, _ detectors: [any TextDetector]) -> (
        mbPerSecond: Double, findings: Int
    ) {
        var best = Double.infinity
        var count = 0
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            count = Detectors.scan(text, detectors: detectors).count
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return (Double(text.count) / 1_048_576 / best, count)
    }

    static func row(_ name: String, _ speed: Double, _ found: Int) -> String {
        "  " + name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%8.1f MB/s %9d findings", speed, found)
    }

    @Test(.enabled(if: enabled)) func throughput() throws {
        let megabytes = Int(ProcessInfo.processInfo.environment["DETECTOR_BENCH_MB"] ?? "") ?? 50
        let text = Self.chatText(megabytes: megabytes)
        let parties = try DetectorSampleTests.parties()
        let all = Detectors.make(Set(IdentifierKind.allCases), knownBirthDates: parties.birthDates)
        let matcher = PartyMatcher(parties.patterns)
        text.withUnsafeBufferPointer { buffer in
            print(String(format: "detector benchmark: %.1f MB of generated chat text", Double(buffer.count) / 1_048_576))
            for kind in IdentifierKind.allCases {
                let (speed, found) = Self.measure(buffer, Detectors.make([kind], knownBirthDates: parties.birthDates))
                print(Self.row(kind.rawValue, speed, found))
            }
            let (partySpeed, partyFound) = Self.measure(buffer, [matcher])
            print(Self.row("party-matcher", partySpeed, partyFound))
            let (allSpeed, allFound) = Self.measure(buffer, all)
            print(Self.row("all 11 detectors", allSpeed, allFound))
            let (withParties, withPartiesFound) = Self.measure(buffer, all + [matcher])
            print(Self.row("all 11 + party matcher", withParties, withPartiesFound))
        }
    }
}
