import Foundation
import Testing

@testable import ExhibitCore
@testable import ExhibitKit

/// Pure logic under the OCR redactor: words laid out as text and findings mapped back to boxes; pdftotext's
/// word list and pdftoppm's pages parsed with caps.
@Suite struct WordLayoutTests {
    static func word(_ text: String, block: Int, line: Int, x: Int) -> OCRWord {
        OCRWord(
            text: text, box: PixelRegion(x: x, y: line * 40, width: 60, height: 30), confidence: 95, block: block,
            paragraph: block, line: line)
    }

    static func redactor() throws -> TextRedactor {
        try DocumentFixtures.redactor(try DocumentFixtures.policy("police-to-childrens-services"))
    }

    @Test func anIdentifierWrappedOverTwoLinesOfABubbleIsOneFinding() throws {
        let words = [
            Self.word("my", block: 0, line: 0, x: 0), Self.word("NI", block: 0, line: 0, x: 70),
            Self.word("is", block: 0, line: 0, x: 140), Self.word("AB", block: 0, line: 0, x: 210),
            Self.word("12", block: 0, line: 1, x: 0), Self.word("34", block: 0, line: 1, x: 70),
            Self.word("56", block: 0, line: 1, x: 140), Self.word("C", block: 0, line: 1, x: 210),
            Self.word("ok", block: 1, line: 2, x: 0),
        ]
        let (hits, counts) = WordFindings.replaced(in: words, redactor: try Self.redactor())
        #expect(hits.map(\.word) == [3, 4, 5, 6, 7])
        #expect(counts == ["ni-number": 1])
    }

    @Test func aNameSplitAcrossBlocksOrLetterSpacedIsFound() throws {
        let split = [Self.word("Sandra", block: 0, line: 0, x: 0), Self.word("Pike", block: 1, line: 1, x: 0)]
        #expect(WordFindings.replaced(in: split, redactor: try Self.redactor()).hits.map(\.word) == [0, 1])
        let spaced = [
            Self.word("J", block: 0, line: 0, x: 0), Self.word("ade", block: 0, line: 0, x: 20),
            Self.word("Wilson", block: 0, line: 0, x: 90),
        ]
        let found = WordFindings.replaced(in: spaced, redactor: try Self.redactor())
        #expect(found.hits.map(\.word) == [0, 1, 2] && found.hits.allSatisfy { $0.rule == "party:witness" })
        // What the policy keeps is not burned.
        let kept = [Self.word("Claire", block: 0, line: 0, x: 0), Self.word("Turner", block: 0, line: 0, x: 70)]
        #expect(WordFindings.replaced(in: kept, redactor: try Self.redactor()).hits.isEmpty)
    }

    @Test func pdftotextWordListsAreReadWithEntitiesAndWithoutTheirHead() throws {
        let xhtml = """
            <html><head><meta name="Author" content="Raj Patel"/><title>Maisie</title></head><body><doc>
            <page width="612.000000" height="792.000000"><flow><block xMin="1" yMin="1" xMax="2" yMax="2">
            <line xMin="1" yMin="1" xMax="2" yMax="2"><word xMin="72.0" yMin="70.5" xMax="100.25" yMax="84.0">Tom&amp;Jerry&apos;s</word>
            <word xMin="104" yMin="70.5" xMax="130" yMax="84">&lt;x&gt;</word></line></block></flow></page>
            <page width="1" height="1"><flow><block><line><word xMin="1" yMin="1" xMax="2" yMax="2">next</word></line></block></flow></page>
            """
        let parsed = try BoundingBoxLayout.parse(Array(xhtml.utf8))
        #expect(parsed.width == 612 && parsed.height == 792)
        #expect(parsed.words.map(\.text) == ["Tom&Jerry's", "<x>"])
        #expect(parsed.words.first?.left == 72 && parsed.words.first?.right == 100.25)
        #expect(throws: ExhibitError.self) {
            _ = try BoundingBoxLayout.parse(Array("<page width=\"1\" height=\"1\"><word xMin=\"1\">x".utf8))
        }
    }

    @Test(arguments: [
        Array("P6\n2 2\n255\n".utf8) + [UInt8](repeating: 1, count: 11),
        Array("P5\n2 2\n255\n".utf8) + [UInt8](repeating: 1, count: 4),
        Array("P6\n2 2\n65535\n".utf8) + [UInt8](repeating: 1, count: 24), Array("P6\n60000 60000\n255\n".utf8),
    ])
    func brokenOrOversizedPagesAreRefused(_ bytes: [UInt8]) {
        #expect(throws: ExhibitError.self) { _ = try PPMFile.decode(bytes) }
    }

    @Test func aPageIsDecoded() throws {
        let raster = try PPMFile.decode(Array("P6\n# comment\n2 1\n255\n".utf8) + [1, 2, 3, 4, 5, 6])
        #expect(raster.width == 2 && raster.height == 1 && raster.pixels == [1, 2, 3, 4, 5, 6])
    }

    @Test func hugePagesAreRenderedAtALowerResolutionOrRefused() throws {
        #expect(try DocumentRedactor.resolution(for: (612, 792)) == 200)
        let poster = try DocumentRedactor.resolution(for: (2880, 2880))
        #expect(poster < 200 && Double(poster * poster) * 40 * 40 <= Double(ImageLimits.largestArea))
        #expect(throws: ExhibitError.self) { _ = try DocumentRedactor.resolution(for: (200_000, 200_000)) }
        #expect(throws: ExhibitError.self) { _ = try DocumentRedactor.resolution(for: (0, 792)) }
    }
}
