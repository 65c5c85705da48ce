import XCTest
@testable import DossierCore

/// Authorities bound to the right country (docs/parsing.md, "Facets"). Sentences written for
/// the test, one per kind of mistake the development set showed.
final class AuthorityResolutionTests: XCTestCase {
    func ids(_ text: String) -> [String] {
        parse(text: "Regulators act on crypto\n\nMarch 4, 2025\n\n" + text).first?.authorities.map(\.id) ?? []
    }

    func testAnAcronymTakesItsCountryFromItsOwnDefinition() {
        let text = "Hong Kong's securities regulator approved two more crypto exchanges this week. "
            + "Japan's Financial Services Agency (FSA) said separately that it would tighten crypto custody rules, and the FSA will consult in April."
        XCTAssertTrue(ids(text).contains("jp-fsa"))
        XCTAssertFalse(ids(text).contains("hk-fsa"))
    }

    func testASharedNameTakesTheStorysJurisdiction() {
        XCTAssertEqual(ids("The Philippine Department of Justice charged two men over a crypto theft. According to the DOJ, the pair had access to the exchange's servers."),
                       ["ph-doj"])
        let india = ids("India's Financial Intelligence Unit sent notices to nine offshore crypto exchanges. The FIU said they had not registered under the money laundering law.")
        XCTAssertEqual(india, ["in-fiu"])
        XCTAssertEqual(ids("The SEC told crypto exchanges to keep client assets in cold storage, and the Bank of Thailand asked banks to watch transfers."),
                       ["th-sec", "th-bot"])
    }

    func testACompanyNamedTreasuryIsNotTheTreasury() {
        XCTAssertEqual(ids("The Monetary Authority of Singapore granted a crypto licence to Digital Treasuries Center on Monday."), ["sg-mas"])
        XCTAssertEqual(ids("The Monetary Authority of Singapore granted a crypto licence to Treasury Center Pte on Monday."), ["sg-mas"])
        XCTAssertEqual(ids("Crypto funds bought Treasuries. Treasury Secretary Jane Roe said crypto firms must register."), ["us-treasury"])
    }

    func testOneBodyNamedTwoWaysIsOneAuthority() {
        XCTAssertEqual(ids("Indonesia's OJK issued crypto rules. The Financial Services Authority (OJK) said traders must hold minimum capital."), ["id-ojk"])
    }

    func testAnArticleListsTheCountryOfEveryAuthorityItNames() {
        let a = parse(text: "Crypto exchange opens Seoul office\n\nMarch 4, 2025\n\nA US crypto exchange said on Tuesday it had opened an office in New York and another in Texas, and that it had hired 40 staff for its US crypto business. The Bank of Korea was not involved in the deal.").first
        XCTAssertEqual(a?.countries.first?.code, "US")
        XCTAssertTrue(a?.countries.contains { $0.code == "KR" } ?? false, "\(a?.countries.map(\.code) ?? [])")
    }

    func testIndustryBodiesAreMarkedAsSuch() {
        let a = parse(text: "Exchanges set listing rules\n\nMarch 4, 2025\n\nThe five won exchanges formed the Digital Asset Exchange Joint Council (DAXA) to set crypto listing rules. DAXA said the guideline would apply from August.").first
        XCTAssertEqual(a?.authorities.map(\.id), ["kr-daxa"])
        XCTAssertEqual(a?.authorities.first?.kind, "industry-body")
        XCTAssertNil(parse(text: "Crypto rules\n\nMarch 4, 2025\n\nThe Monetary Authority of Singapore set crypto rules for custody and trading.").first?.authorities.first?.kind)
    }

    func testKoreanJapaneseAndChineseNames() {
        XCTAssertEqual(ids("금융위원회 산하 금융정보분석원(FIU)은 업비트에 가상자산 영업정지를 통보했다."), ["kr-fiu", "kr-fsc"])
        XCTAssertEqual(ids("日本の金融庁がステーブルコインの発行を規制する。"), ["jp-fsa"])
        XCTAssertEqual(ids("香港金融管理局表示，稳定币发行人须申请牌照。"), ["hk-hkma"])
    }
}
