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
            let data = Data(bytes)
            #expect(try ReceivedManifest.decode(data) == original)
            #expect(try ReceivedManifest.decode(data) == (try JSONDecoder().decode(BundleManifest.self, from: data)))
        }
    }

    @Test func splitsElementsAtTheirBoundaries() throws {
        let text = #"{"a": [1, [2]], "items" : [ {"x": "],\"["}, [1, {"y": []}] , "s" ,3 ], "b": {"items": 5}}"#
        let data = Data(text.utf8)
        let split = try JSONArrayMember.split(data, member: "items", source: "t")
        let elements = split.elements.map { String(decoding: data[$0], as: UTF8.self) }
        #expect(elements == [#"{"x": "],\"["}"#, #"[1, {"y": []}]"#, #""s""#, "3"])
        #expect(String(decoding: split.remainder, as: UTF8.self) == #"{"a": [1, [2]], "items" : [], "b": {"items": 5}}"#)
    }

    @Test(arguments: [
        #"{"items": [1], "items": [2]}"#,  // twice: which would count?
        #"{"it\u0065ms": [1], "items": [2]}"#,  // an escaped name that spells it
        #"{"items": {"a": 1}}"#,  // not an array
        #"{"items": [1,, 2]}"#, #"{"items": [1, 2,]}"#, #"{"items": [,]}"#,  // empty elements
        #"{"items": [1, 2}"#, #"{"items": [1, 2]"#, #"{"items": [{"a": 1]]}"#,  // unbalanced or cut short
        #"[{"items": []}]"#, #""items""#, "",  // not an object
        #"{"other": []}"#,  // no items at all
    ])
    func refusesAmbiguousOrMalformedDocuments(text: String) {
        #expect(throws: ExhibitError.self) { try JSONArrayMember.split(Data(text.utf8), member: "items", source: "t") }
    }

    @Test func aManifestWithTrailingBytesOrABadItemIsRefused() throws {
        let good = String(decoding: try JSONOutput.pretty(manifest(items: 3)), as: UTF8.self)
        for bad in [
            good + "{}", good.replacingOccurrences(of: "\"treatment\" : \"share\"", with: "\"treatment\" : \"lost\""),
            good.replacingOccurrences(of: "\"purpose\"", with: "\"porpose\""),
        ] {
            #expect(bad != good)
            #expect(throws: ExhibitError.self) { try ReceivedManifest.decode(Data(bad.utf8)) }
        }
    }

    @Test func payloadManifestLinesParseAsBytes() throws {
        let hash = String(repeating: "ab", count: 32)
        #expect(try BagIt.manifestLine(Array("\(hash.uppercased())  data/a%25b c.txt \r".utf8)[...], name: "m")! == (hash, "data/a%b c.txt"))
        #expect(try BagIt.manifestLine(Array("\r".utf8)[...], name: "m") == nil)
        #expect(throws: ExhibitError.self) { try BagIt.manifestLine(Array("\(hash)data/x".utf8)[...], name: "m") }
        #expect(throws: ExhibitError.self) { try BagIt.manifestLine(Array("abc  data/x".utf8)[...], name: "m") }
        #expect(throws: ExhibitError.self) { try BagIt.manifestLine(Array("\(hash)  data/\u{FF}".utf8)[...] + [0xFF], name: "m") }
        let parsed = try BagIt.parseManifest("\(hash)  data/one\r\n\n\(hash) data/two\n", name: "m")
        #expect(parsed == ["data/one": hash, "data/two": hash])
        #expect(throws: ExhibitError.self) { try BagIt.parseManifest("\(hash)  data/one\n\(hash)  data/one\n", name: "m") }
    }
}
