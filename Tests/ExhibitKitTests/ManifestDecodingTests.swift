import Foundation
import Testing

@testable import ExhibitCore

/// A received manifest is decoded a batch of items at a time (`JSONArrayMember`, `ReceivedManifest.decode`): the
/// result must be what decoding it whole gives, and every document that decoding it whole refuses, or that could be
/// read two ways, must be refused.
struct ManifestDecodingTests {
    private func manifest(items: Int) -> BundleManifest {
        BundleManifest(
            bundleID: "urn:uuid:1", createdAt: "2026-12-07T10:00:00Z", sender: .init(name: "Police", fingerprint: "AA"),
            recipient: .init(name: "CSC", fingerprint: "BB"), caseRef: "OP-1", purpose: "strategy [meeting], {urgent}",
            policy: .init(
                id: "police-to-cps", version: "1", sha256: String(repeating: "c", count: 64), title: "t", from: "f", to: "t",
                purpose: "p", lawfulBasis: "l", protectiveMarking: "OFFICIAL", retention: "r", onwardSharing: "o"),
            custody: .full,
            items: (0..<items).map { index in
                .init(
                    ref: "JD/\(index % 3)", category: index.isMultiple(of: 2) ? "phone" : nil,
                    description: "a \"quoted\" ] description, \\ with [brackets] {and braces} \(index / 7)",
                    treatment: .share, sourceSHA256: String(repeating: "a", count: 63) + "\(index % 10)",
                    file: "data/JD-\(index % 3)/ñame [\(index)].txt", sha256: String(repeating: "b", count: 64),
                    size: Int64(index), mediaType: "text/plain", reason: index.isMultiple(of: 5) ? nil : "kept")
            })
    }

    @Test(arguments: [0, 1, 999, 1000, 1001, 2500])
    func decodesWhatTheWholeDecoderDecodes(items: Int) throws {
        let original = manifest(items: items)
        for bytes in [Array(try JSONEncoder().encode(original)), try JSONOutput.pretty(original)] {
            // Read in steps that cut names, strings and escapes at every place, and in whole chunks.
            for step in [1, 7, 1 << 16] {
                let decoded = try ReceivedManifest.decode(LineReaderTests.SteppedSource(bytes, step: step))
                #expect(decoded == original)
                #expect(decoded == (try JSONDecoder().decode(BundleManifest.self, from: Data(bytes))))
            }
        }
    }

    /// The elements `read` hands on, one batch each, and the remainder.
    private func read(_ text: String, batch: Int, step: Int) throws -> (batches: [String], counts: [Int], remainder: String) {
        var batches: [String] = []
        var counts: [Int] = []
        let remainder = try JSONArrayMember.read(
            LineReaderTests.SteppedSource(Array(text.utf8), step: step), member: "items", batch: batch, label: "t"
        ) { array, count in
            batches.append(String(decoding: array, as: UTF8.self))
            counts.append(count)
        }
        return (batches, counts, String(decoding: remainder, as: UTF8.self))
    }

    @Test(arguments: [1, 3, 4096])
    func splitsElementsAtTheirBoundaries(step: Int) throws {
        let text = #"{"a": [1, [2]], "items" : [ {"x": "],\"["}, [1, {"y": []}] , "s" ,3 ], "b": {"items": 5}}"#
        let one = try read(text, batch: 1, step: step)
        #expect(one.batches == [#"[{"x": "],\"["}]"#, #"[[1, {"y": []}]]"#, #"["s"]"#, "[3]"])
        #expect(one.counts == [1, 1, 1, 1])
        #expect(one.remainder == #"{"a": [1, [2]], "items" : [], "b": {"items": 5}}"#)
        let three = try read(text, batch: 3, step: step)
        #expect(three.batches == [#"[{"x": "],\"["}, [1, {"y": []}] , "s"]"#, "[3]"])
        #expect(three.counts == [3, 1])
        let empty = try read(#"{"items":[ ]}"#, batch: 2, step: step)
        #expect(empty.batches.isEmpty && empty.remainder == #"{"items":[]}"#)
    }

    @Test(arguments: [
        #"{"items": [1], "items": [2]}"#,  // twice: which would count?
        #"{"it\u0065ms": [1], "items": [2]}"#,  // an escaped name that spells it
        #"{"items": {"a": 1}}"#,  // not an array
        #"{"items": [1,, 2]}"#, #"{"items": [1, 2,]}"#, #"{"items": [,]}"#, #"{"items": [1, 2, 3,]}"#,  // empty elements
        #"{"items": [1, 2}"#, #"{"items": [1, 2]"#, #"{"items": [{"a": 1]]}"#,  // unbalanced or cut short
        #"[{"items": []}]"#, #""items""#, "",  // not an object
        #"{"other": []}"#,  // no items at all
    ])
    func refusesAmbiguousOrMalformedDocuments(text: String) {
        for batch in [1, 3] {
            #expect(throws: ExhibitError.self) { try read(text, batch: batch, step: 5) }
        }
    }

    @Test func aManifestWithTrailingBytesOrABadItemIsRefused() throws {
        let good = String(decoding: try JSONOutput.pretty(manifest(items: 3)), as: UTF8.self)
        for bad in [
            good + "{}", good.replacingOccurrences(of: "\"treatment\" : \"share\"", with: "\"treatment\" : \"lost\""),
            good.replacingOccurrences(of: "\"purpose\"", with: "\"porpose\""),
        ] {
            #expect(bad != good)
            #expect(throws: ExhibitError.self) {
                try ReceivedManifest.decode(LineReaderTests.SteppedSource(Array(bad.utf8), step: 100))
            }
        }
    }

    @Test func payloadManifestLinesParseAsBytes() throws {
        let hash = String(repeating: "ab", count: 32)
        let line = try #require(try BagIt.manifestLine(Array("\(hash.uppercased())  data/a%25b c.txt \r".utf8)[...], name: "m"))
        #expect(line == (hash, "data/a%b c.txt"))
        #expect(try BagIt.manifestLine(Array("\r".utf8)[...], name: "m") == nil)
        #expect(throws: ExhibitError.self) { try BagIt.manifestLine(Array("\(hash)data/x".utf8)[...], name: "m") }
        #expect(throws: ExhibitError.self) { try BagIt.manifestLine(Array("abc  data/x".utf8)[...], name: "m") }
        #expect(throws: ExhibitError.self) { try BagIt.manifestLine(Array("\(hash)  data/\u{FF}".utf8)[...] + [0xFF], name: "m") }
        let parsed = try BagIt.parseManifest("\(hash)  data/one\r\n\n\(hash) data/two\n", name: "m")
        #expect(parsed == ["data/one": hash, "data/two": hash])
        #expect(throws: ExhibitError.self) { try BagIt.parseManifest("\(hash)  data/one\n\(hash)  data/one\n", name: "m") }
    }

    /// `ReceivedManifest.check` reads a field that repeats the item before's only once: a bad value is still found in
    /// whichever item first holds it, after items that share the others.
    @Test(arguments: [
        ("ref", "JD/1\u{1B}[2J"), ("category", "phone\ncall"), ("description", " "), ("reason", ""),
        ("mediaType", "text"),
    ])
    func aBadFieldAfterRepeatedOnesIsFound(field: String, value: String) throws {
        var received = manifest(items: 0)
        let good = BundleManifest.Item(
            ref: "JD/1", category: "phone", description: "the handset", treatment: .share,
            sourceSHA256: String(repeating: "a", count: 64), file: "data/JD-1/a.txt", sha256: String(repeating: "a", count: 64),
            size: 1, mediaType: "text/plain", reason: "kept")
        var bad = good
        switch field {
        case "ref": bad.ref = value
        case "category": bad.category = value
        case "description": bad.description = value
        case "reason": bad.reason = value
        default: bad.mediaType = value
        }
        received.items = Array(repeating: good, count: 5) + [bad, good]
        var goodOnly = received
        goodOnly.items = Array(repeating: good, count: 7)
        try ReceivedManifest.check(goodOnly, partnerID: "police")
        do {
            try ReceivedManifest.check(received, partnerID: "police")
            Issue.record("a bad \(field) in item 6 was not found")
        } catch let error as ExhibitError {
            #expect(error.message.contains("item 6"), "\(error.message)")
        }
    }
}
