import Foundation
import Testing

/// A receipt is imported once (issue 14): the same receipt again is refused with exit code 2 and nothing recorded.
@Suite struct ReceiptReplayTests {
    @Test func aReceiptImportedTwiceIsRefusedTheSecondTime() throws {
        let pair = try BundleTests.pair()
        try pair.csc.expectSuccess(["receive", pair.bundle, "--receipt", pair.csc.path("receipt.p7s")])
        try pair.police.expectSuccess(["receipt", "import", pair.csc.path("receipt.p7s")])
        let before = try pair.police.snapshot()
        let again = try pair.police.run(["receipt", "import", pair.csc.path("receipt.p7s")])
        #expect(again.status == 2, "\(again.stderr)")
        #expect(again.stderr.contains("already recorded as ledger entry") && again.stderr.contains("imported once"))
        #expect(try pair.police.snapshot() == before)
        // A second receipt for the same bundle from the same partner (received again elsewhere) is a replay too.
        try pair.csc.expectSuccess(["receive", pair.bundle, "--receipt", pair.csc.path("receipt-2.p7s")])
        let second = try pair.police.run(["receipt", "import", pair.csc.path("receipt-2.p7s")])
        #expect(second.status == 2, "\(second.stderr)")
    }
}
