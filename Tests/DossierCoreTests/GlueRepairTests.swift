import XCTest
@testable import DossierCore

final class GlueRepairTests: XCTestCase {
    let glue = GlueRepair(rules: ResourceData.shared)

    func blocks(_ text: String) -> [String] {
        glue.split(text, line: 1).map { ($0.kind == .subheading ? "# " : "") + $0.text }
    }

    func testSentenceGlueCreditAndSubheading() {
        XCTAssertEqual(blocks("It was adopted in May.Photo by Jane Roe on UnsplashNew rulesThe rules take effect in June. They apply to all firms."),
                       ["It was adopted in May.", "# New rules", "The rules take effect in June. They apply to all firms."])
    }

    func testNamesAreNotSplit() {
        // A camel-cased name that also appears elsewhere in the text is a name.
        XCTAssertEqual(blocks("Exchanges reacted.KuCoin said it would comply. Later KuCoin added more checks for users."),
                       ["Exchanges reacted.", "KuCoin said it would comply. Later KuCoin added more checks for users."])
        // A listed name at the start of a block stays whole.
        XCTAssertEqual(blocks("Prices fell.bitFlyer paused withdrawals for two hours on Monday."),
                       ["Prices fell.", "bitFlyer paused withdrawals for two hours on Monday."])
        // "O’Brien" is not a heading ending in a quote.
        XCTAssertEqual(blocks("Markets moved.O’Brien said the bank would wait and see."),
                       ["Markets moved.", "O’Brien said the bank would wait and see."])
    }

    func testDomainsDecimalsAndInitialismsAreNotBreaks() {
        XCTAssertEqual(blocks("Users of Crypto.com and Nasdaq.com pay 3.5% fees in the U.S. market."),
                       ["Users of Crypto.com and Nasdaq.com pay 3.5% fees in the U.S. market."])
    }

    func testCreditWithCamelCasedPhotographer() {
        XCTAssertEqual(blocks("Members signed on.Photo by John McArthur on Unsplash“This is a big step,” he said."),
                       ["Members signed on.", "“This is a big step,” he said."])
    }

    func testAcronymHeadingAndQuotedHeading() {
        XCTAssertEqual(blocks("It can be spent.Purpose Bound Money (PBM)MAS’s paper explains how the money can be programmed."),
                       ["It can be spent.", "# Purpose Bound Money (PBM)", "MAS’s paper explains how the money can be programmed."])
        XCTAssertEqual(blocks("It closed.Comparison with the USThe US system allows any asset type."),
                       ["It closed.", "# Comparison with the US", "The US system allows any asset type."])
    }
}
