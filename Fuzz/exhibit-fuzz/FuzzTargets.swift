import Foundation

@testable import ExhibitCore

/// Every fuzz target: a parser of hostile or user input, run on the fuzzer's bytes. A target ignores the errors
/// its parser throws (refusing input is its job); a crash, a trap or a sanitizer report is a finding.
enum FuzzTargets {
    nonisolated(unsafe) static let all: [String: (UnsafeBufferPointer<UInt8>) -> Void] = [
        "tar": tar, "cms": cms, "baginfo": bagInfo, "manifest": manifest, "policy": policy, "csv": csv,
        "text": text, "email": email, "detectors": detectors, "png": png, "jpeg": jpeg, "receipt": receipt,
    ]

    /// The bytes as an array.
    private static func bytes(_ data: UnsafeBufferPointer<UInt8>) -> [UInt8] { Array(data) }

    /// The bytes as text (invalid UTF-8 repaired, as readers of text files repair it).
    private static func string(_ data: UnsafeBufferPointer<UInt8>) -> String { String(decoding: data, as: UTF8.self) }

    /// Reads from memory, like a file.
    final class MemorySource: ByteSource {
        private let bytes: [UInt8]
        private var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let count = min(buffer.count, bytes.count - offset)
            guard count > 0 else { return 0 }
            bytes.withUnsafeBytes { source in
                buffer.baseAddress?.copyMemory(from: source.baseAddress! + offset, byteCount: count)
            }
            offset += count
            return count
        }
    }

    /// A private scratch folder for extractions, emptied after each input.
    nonisolated(unsafe) static let scratch: String = {
        let folder = NSTemporaryDirectory() + "exhibit-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }()

    static func tar(_ data: UnsafeBufferPointer<UInt8>) {
        let folder = scratch + "/x"
        try? FileManager.default.removeItem(atPath: folder)
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let limits = SafeTarExtractor.Limits(entries: 64, bytes: 1 << 20)
        if var entries = try? SafeTarExtractor.extract(
            from: MemorySource(bytes(data)), into: folder, name: "fuzz", limits: limits
        ).entries {
            _ = try? SafeTarExtractor.bag(&entries, name: "fuzz")
        }
        _ = try? SafeTarExtractor.clean(string(data), name: "fuzz", limits: limits)
    }

    static func cms(_ data: UnsafeBufferPointer<UInt8>) {
        let input = bytes(data)
        _ = try? CMSSignature.embeddedCertificates(input, source: "fuzz")
        _ = try? Certificate(bytes: input, source: "fuzz")
        _ = try? CMSSignature.verifyAttached(input, trust: TrustPolicy(), source: "fuzz")
    }

    static func bagInfo(_ data: UnsafeBufferPointer<UInt8>) {
        let text = string(data)
        _ = try? BagInfo.parse(text, name: "fuzz", inner: true)
        _ = try? BagInfo.parse(text, name: "fuzz", inner: false)
        _ = try? BagIt.parseManifest(text, name: "fuzz")
        if let info = try? BagInfo.parse(text, name: "fuzz", inner: false) {
            _ = try? InnerArchiveLimits.limits(info.innerArchive, ciphertextBytes: Int64(data.count))
            _ = BagInfo.labelled(info.marshal())
        }
    }

    static func manifest(_ data: UnsafeBufferPointer<UInt8>) {
        // Read as a receiver reads it, a batch of items at a time: whatever that accepts, decoding the whole file must
        // accept too, with the same value (the batches must never read a document another way).
        guard let manifest = try? ReceivedManifest.decode(MemorySource(Array(data))) else { return }
        guard let whole = try? JSONDecoder().decode(BundleManifest.self, from: Data(buffer: data)), whole == manifest else {
            fatalError("exhibit/manifest.json read in batches differs from the whole document")
        }
        _ = try? ReceivedManifest.check(manifest, partnerID: "partner")
    }

    static func policy(_ data: UnsafeBufferPointer<UInt8>) {
        _ = try? PolicyLoader.parse(string(data), source: "fuzz")
    }

    static func csv(_ data: UnsafeBufferPointer<UInt8>) {
        let text = string(data)
        _ = try? CSVReader.records(text)
        _ = CSVReader.rows(text)
    }

    /// A redactor under the strictest shipped policy (EXHIBIT_POLICIES or ./Policies), with two parties.
    nonisolated(unsafe) static let redactor: TextRedactor? = {
        let folder = ProcessInfo.processInfo.environment["EXHIBIT_POLICIES"] ?? "Policies"
        guard let policy = try? PolicyLoader.load(path: "\(folder)/police-to-childrens-services.yaml") else { return nil }
        let parties = Party.numbered([
            PartyDetails(
                name: "Jade Wilson", role: .witness, aliases: ["Jade"], dob: "2013-10-09", address: "4 Elm Road, LS1 4AB",
                phone: "07700 900789", email: "jade@example.org"),
            PartyDetails(
                name: "Tom Baker", role: .allegedPerpetrator, aliases: [], dob: nil, address: nil, phone: nil, email: nil),
        ])
        return TextRedactor(rules: RedactionRules(policy: policy, parties: parties))
    }()

    static func text(_ data: UnsafeBufferPointer<UInt8>) {
        guard let redactor else { return }
        var tally = RedactionTally()
        let input = bytes(data)
        _ = redactor.redact(input, tally: &tally)
        _ = redactor.redact(TextNormaliser.html(input), tally: &tally)
        _ = redactor.redact(TextNormaliser.json(input), tally: &tally)
    }

    static func email(_ data: UnsafeBufferPointer<UInt8>) {
        guard let redactor else { return }
        var tally = RedactionTally()
        _ = try? EmailRedactor.redact(bytes(data), redactor: redactor, tally: &tally)
    }

    static func detectors(_ data: UnsafeBufferPointer<UInt8>) {
        let detectors = Detectors.make(Set(IdentifierKind.allCases), knownBirthDates: ["2013-10-09"])
        _ = Detectors.scan(data, detectors: detectors)
    }

    static func png(_ data: UnsafeBufferPointer<UInt8>) { _ = try? PNGFile.stripped(bytes(data)) }

    static func jpeg(_ data: UnsafeBufferPointer<UInt8>) { _ = try? JPEGFile.stripped(bytes(data)) }

    static func receipt(_ data: UnsafeBufferPointer<UInt8>) {
        _ = try? JSONDecoder().decode(Receipt.self, from: Data(buffer: data))
        _ = try? Receipt.open(bytes(data), trust: TrustPolicy(), source: "fuzz")
        let custody = LineReader(MemorySource(bytes(data)), name: "fuzz", maxLineBytes: .max)
        _ = try? CustodyExtract.check(custody, signer: TrustPolicy(), signerFingerprint: "")
    }
}
