import XCTest
@testable import DossierCore

/// Pages written for these tests, in layouts and on places the seeds do not cover.
final class UnseenPageTests: XCTestCase {
    func testWireStoryWithDatelineAndPublishedUpdatedByline() throws {
        let articles = try parse(Repo.fixture("thai_sec_wire.txt"))
        XCTAssertEqual(articles.count, 1)
        let a = try XCTUnwrap(articles.first)
        XCTAssertEqual(a.title, "Thailand's SEC orders crypto exchange to halt unlicensed lending service")
        XCTAssertEqual(a.published, "2025-03-04T09:15", "Published wins over Updated")
        XCTAssertEqual(a.countries.first?.code, "TH")
        // Thailand's SEC and the US SEC in one article, told apart.
        XCTAssertEqual(Set(a.authorities.map(\.id)), ["th-sec", "us-sec", "th-bot"])
        XCTAssertEqual(a.authorities.first?.id, "th-sec")
        XCTAssertEqual(a.topics.first, "licensing")
        XCTAssertFalse(a.paragraphs.contains { $0.contains("Share this article") || $0.contains("Advertisement") })
        XCTAssertTrue(a.paragraphs[0].hasPrefix("BANGKOK (Siam Wire) —"))
    }

    func testTaiwanAndKoreaFSCInOneArticle() throws {
        let a = try XCTUnwrap(try parse(Repo.fixture("taiwan_fsc_page.txt")).first)
        XCTAssertEqual(a.category, "Policy")
        XCTAssertEqual(a.published, "2025-03-12T15:20")
        XCTAssertEqual(a.countries.map(\.code), ["TW", "KR"])
        XCTAssertEqual(a.authorities.map(\.id), ["tw-fsc", "kr-fsc"])
        XCTAssertEqual(a.subheadings.map { a.paragraphs[$0] }, ["What other markets require"])
        XCTAssertFalse(a.paragraphs.contains { $0.contains("Shutterstock") || $0.contains("https://") || $0 == "Home" })
        XCTAssertTrue(a.topics.contains("licensing"))
    }

    func testSportsPageIsOffTopic() throws {
        let articles = try parse(Repo.fixture("sports_page.txt"))
        XCTAssertEqual(articles.count, 1, "the 'Related' teaser line is not an article")
        XCTAssertEqual(articles[0].title, "Late header sends Harbour City into the cup final")
        XCTAssertTrue(articles[0].offTopic)
        XCTAssertEqual(articles[0].topics, [])
        XCTAssertEqual(articles[0].published, "2025-03-09")
    }

    func testHeadlinelessWireStoriesSplitBySubject() throws {
        let articles = try parse(Repo.fixture("asia_newswire.txt"))
        XCTAssertEqual(articles.count, 2)
        XCTAssertTrue(articles.allSatisfy(\.titleInferred))
        XCTAssertEqual(articles[0].countries.first?.code, "JP")
        XCTAssertEqual(articles[0].authorities.map(\.id), ["jp-fsa"])
        XCTAssertEqual(articles[0].topics.first, "stablecoins")
        XCTAssertEqual(articles[1].countries.first?.code, "MY")
        XCTAssertEqual(Set(articles[1].authorities.map(\.id)), ["my-sc", "my-bnm"])
        XCTAssertEqual(articles[1].topics.first, "enforcement")
        XCTAssertEqual(articles[0].paragraphs.count, 4)
        XCTAssertEqual(articles[1].paragraphs.count, 4)
    }

    func testNorthKoreaIsNeverSouthKorea() {
        let text = """
        North Korean hackers stole $300 million from a crypto exchange
        Policy·May 2, 2025
        Hackers linked to North Korea drained hot wallets at an exchange, investigators said. Pyongyang has used crypto theft to fund its weapons programmes, and the DPRK denied involvement.
        Analysts tracing the stolen funds said the hackers laundered them through mixers.
        """
        let a = parse(text: text)
        XCTAssertEqual(a.first?.countries.map(\.code), ["KP"])
        XCTAssertEqual(a.first?.topics.first, "security")
    }

    func testHongKongIsNotChina() {
        let text = """
        Hong Kong regulator licenses two more crypto platforms
        Regulation·June 3, 2025
        Hong Kong's Securities and Futures Commission granted licences to two virtual asset trading platforms, the city's regulator said. The Chinese special administrative region has licensed eleven platforms in total.
        The SFC said the firms met its custody and anti-money laundering requirements.
        """
        let a = parse(text: text).first
        XCTAssertEqual(a?.countries.first?.code, "HK")
        XCTAssertFalse(a?.countries.contains { $0.code == "CN" } ?? true)
        XCTAssertEqual(a?.authorities.map(\.id), ["hk-sfc"])
    }

    func testAcronymLearnedFromTheArticle() {
        let text = """
        Indonesia moves crypto oversight to new watchdog
        Policy·January 10, 2025
        Indonesia's Financial Services Authority (OJK) took over supervision of crypto trading from the commodity regulator on Friday, the agency said.
        The OJK said exchanges must apply for new licences within six months and meet anti-money laundering rules.
        A separate body, the Digital Asset Supervisory Board (DASB), will advise the OJK on market conduct, officials said.
        """
        let a = parse(text: text).first
        XCTAssertEqual(a?.countries.first?.code, "ID")
        XCTAssertEqual(a?.authorities.first?.id, "id-ojk")
        XCTAssertTrue(a?.authorities.contains { $0.id == "id-dasb" } ?? false, "\(a?.authorities.map(\.id) ?? [])")
    }

    /// Short teasers packed without blank lines: each keeps its own date line, not the
    /// next teaser's (a short glued body is not a standfirst).
    func testShortTeasersWithoutBlankLinesKeepTheirDates() {
        let text = """
        Top
        Vietnam Central Bank Proposes Pilot for Payment Tokens
        Policy·July 17, 2021, 10:54 AM
        The State Bank of Vietnam (SBV) said on July 17 that payment firms must review their token pilots before the end of 2021, a move that analysts had expected for months.
        More to Read
        View All
        Technology·
        Feb 21, 2023
        China Delays Reporting Standards for Crypto Exchanges
        China Delays Reporting Standards for Crypto ExchangesThe State Administration of Foreign Exchange (SAFE) said on February 21 that exchanges must review their reporting before 2024.
        news
        Markets·
        Dec 01, 2021
        India Publishes Joint Pilot for Digital Rupee Custody
        India Publishes Joint Pilot for Digital Rupee CustodyThe Securities and Exchange Board of India (SEBI) said on December 1 that custodians must join the pilot.
        news
        Loading
        """
        let articles = parse(text: text)
        XCTAssertEqual(articles.map(\.published), ["2021-07-17T10:54", "2023-02-21", "2021-12-01"])
        XCTAssertEqual(articles.map(\.source.role), [.main, .related, .related])
    }
}
