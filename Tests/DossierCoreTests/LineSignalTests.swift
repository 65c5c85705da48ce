import XCTest
@testable import DossierCore

/// The named signals segmentation is built from, one rule each (docs/parsing.md, "Lines").
/// Every case is a kind of line seen on real pages, written anew for the test.
final class LineSignalTests: XCTestCase {
    let classifier = LineClassifier(rules: ResourceData.shared.boilerplate)

    func kind(_ text: String, gaps: Int = 0) -> PageLine.Kind {
        classifier.kind(of: text, words: PageLine.countWords(text), gaps: gaps)
    }

    /// Lines as a page gives them: wide gaps are counted from the raw text.
    func kinds(_ page: String) -> [PageLine.Kind] {
        classifier.classify(ArticleParser.rawLines(of: page)).map(\.kind)
    }

    func testNavBarsShareBarsAndTagRowsAreMenus() {
        XCTAssertEqual(kinds("Markets  Companies  Economy  Regulations  Deals  Opinion"), [.menu])
        XCTAssertEqual(kinds("전체기사  정치  경제  사회  문화  오피니언"), [.menu])
        XCTAssertEqual(kinds("ヘッドライン  レビュー  ネットサービス  サイエンス  動画"), [.menu])
        XCTAssertEqual(kinds("Share\tFacebook\tTwitter\tLinkedIn"), [.menu])
        // Prose with a double space typed by mistake is not a menu.
        XCTAssertEqual(kinds("The regulator said  the exchange  had complied with every rule it was given."), [.text])
        // A byline and date set in columns is metadata.
        XCTAssertEqual(kinds("기자명 조수진 기자    입력 2025.01.17 11:27    댓글 0"), [.dateLine(DateStamp(year: 2025, month: 1, day: 17, hour: 11, minute: 27))])
        XCTAssertEqual(kinds("Markets Companies Economy Regulations Deals Opinion"), [.text], "no columns: nothing says menu")
    }

    func testCaptionsAndCreditsStayOutOfTheText() {
        let rules = ResourceData.shared.boilerplate
        XCTAssertEqual(kind("(Courtesy of Getty Images)"), .furniture)
        XCTAssertEqual(kind("Image: Shutterstock"), .furniture)
        XCTAssertEqual(kind("tai-san-so-2.jpg"), .furniture)
        XCTAssertTrue(Captions.isCaption("Photo: Tu Chien-jung, Taipei Times", rules: rules))
        XCTAssertTrue(Captions.isCaption("Illustration photo. (Source: Getty)", rules: rules))
        XCTAssertTrue(Captions.isCaption("Darryl Chan says only a handful of licences will be granted at first. Photo: RTHK", rules: rules))
        XCTAssertFalse(Captions.isCaption("Purpose Bound Money (PBM)", rules: rules), "an acronym's definition is a heading")
        // A line printed twice in a row is an image's alt text and caption.
        let lines = classifier.classify(ArticleParser.rawLines(of: "Min Byung-deok, a member of the party\nMin Byung-deok, a member of the party"))
        XCTAssertEqual(lines.map(\.kind), [.text, .furniture])
        XCTAssertTrue(lines[0].repeated)
    }

    func testBylinesAgesAndSourceCredits() {
        XCTAssertEqual(kind("By Jane Doe and John Roe, Reuters"), .byline(nil))
        XCTAssertEqual(kind("- Reuters"), .byline(nil))
        XCTAssertEqual(kind("CNA2 months ago"), .dateLine(nil))
        XCTAssertEqual(kind("7 hours ago"), .dateLine(nil))
        XCTAssertEqual(kind("Last updated: 2 hours ago"), .dateLine(nil))
        XCTAssertEqual(kind("2 min read"), .furniture)
        XCTAssertEqual(kind("By the end of the year the rules will apply to every exchange."), .text)
    }

    func testNoticesEndMarksAndPromotions() {
        XCTAssertEqual(kind("Disclaimer: This article is for informational purposes only and does not constitute financial advice."), .furniture)
        XCTAssertEqual(kind("This article is published on SomeSite: Weekly Catch-Up Jan 18-24, 2026"), .furniture)
        XCTAssertEqual(kind("#K League #Ulsan Hyundai FC"), .endOfArticle)
        XCTAssertEqual(kind("Tags: Thailand, Vietnam, Crypto ETF"), .endOfArticle)
        XCTAssertEqual(kind("(END)"), .endOfArticle)
        XCTAssertEqual(kind("Copyright © Some Daily. All rights reserved."), .endOfArticle)
        XCTAssertEqual(kind("📬 Get the biggest crypto stories every week — subscribe to the Newsletter."), .callToAction)
        XCTAssertEqual(kind("Daily Debrief Newsletter"), .callToAction)
        XCTAssertEqual(kind("The exchange asked users to subscribe to its new custody service before March."), .text)
    }

    func testSectionHeadersAndDateLines() {
        XCTAssertEqual(kind("Policy & Regulation·September 24, 2025, 6:35 AM"),
                       .sectionHeader(category: "Policy & Regulation", date: DateStamp(year: 2025, month: 9, day: 24, hour: 6, minute: 35)))
        XCTAssertEqual(kind("Friday 19 April 2024 | No. 82 / 2024"), .dateLine(DateStamp(year: 2024, month: 4, day: 19)))
        XCTAssertEqual(kind("Tue, Mar 21, 2023 page10"), .dateLine(DateStamp(year: 2023, month: 3, day: 21)))
    }

    /// A dateline names the place a story was filed from; a speaker before a colon is not one.
    func testDatelines() {
        XCTAssertEqual(Dateline.find(in: "SINGAPORE: From 30 June 2025, digital token service providers will need a licence."), "SINGAPORE")
        XCTAssertEqual(Dateline.find(in: "TAIPEI (Reuters) — Taiwan's regulator said on Monday"), "TAIPEI")
        XCTAssertNil(Dateline.find(in: "MAS: digital token services for overseas customers must be licensed"))
        XCTAssertEqual(HeadlineInference.headline(from: "2-9-2023 (SINGAPORE) Most crypto businesses that apply for a licence have struggled."),
                       "Most crypto businesses that apply for a licence have struggled")
        XCTAssertEqual(HeadlineInference.headline(from: "[Asia Desk Reporter Kim Ji-hoon] The five major exchanges drew up a listing guideline."),
                       "The five major exchanges drew up a listing guideline")
        XCTAssertTrue(HeadlineInference.headline(from: "(서울=연합뉴스) 김민수 기자 = 금융감독원이 전담팀을 신설했다고 4일 밝혔다.").hasPrefix("금융감독원이"))
    }

    func testHeadlineShapeAllowsACutAndCJKQuestionMarks() {
        func line(_ t: String) -> PageLine { PageLine(number: 1, text: t, kind: .text) }
        XCTAssertTrue(line("First Hong Kong stablecoin licences may be issued early next year, HKMA…").isHeadlineShaped())
        XCTAssertTrue(line("数字人民币迎来强劲对手？").isHeadlineShaped())
        XCTAssertFalse(line("The regulator said it would act.").isHeadlineShaped())
        XCTAssertFalse(line("他说监管机构将采取行动。").isHeadlineShaped())
        XCTAssertFalse(line("- The SEC has agreed to the structure").isHeadlineShaped(), "a list item")
    }

    /// Subheadings, list items and address lines stay inside one story; a headline that
    /// names new actors starts another.
    func testSubheadingsListsAndAddressesDoNotSplitAStory() {
        let listicle = """
        Five of the City's Best Night Markets
        The city is famous for its food, and its night markets are where locals eat well for little money, every evening of the week.
        Harbour Lane
        The oldest of the markets sits by the water and fills up with office workers after seven, when the grills are lit and the queues grow.
        12 Harbour Lane
        Old Town Market
        A short walk from the station, the old town market is loved by visitors for its noodles and its late opening hours on weekends.
        - Open until 2am
        - Cash only
        """
        let a = parse(text: listicle)
        XCTAssertEqual(a.count, 1, "\(a.map(\.title))")
        let story = try! XCTUnwrap(a.first)
        XCTAssertEqual(story.subheadings.map { story.paragraphs[$0] }, ["Harbour Lane", "Old Town Market"])
        XCTAssertTrue(story.paragraphs.contains("12 Harbour Lane"), "an address line is text")
        XCTAssertTrue(story.paragraphs.contains("- Cash only"))
    }

    /// A pull quote and a notice in capitals under a running newswire story are part of it.
    func testPullQuotesAndCapitalsStayInTheStory() throws {
        let a = try parse(Repo.fixture("layouts/release_with_pull_quote_and_capitals.txt"))
        XCTAssertEqual(a.map(\.title), ["Malaysia regulator fines fund manager over crypto scheme"])
        let story = try XCTUnwrap(a.first)
        XCTAssertEqual(story.subheadings.map { story.paragraphs[$0] },
                       ["“We will not hesitate to act against those who mislead investors”", "IMPORTANT NOTICE TO INVESTORS AND THE PUBLIC"])
    }

    /// A teaser header: a source, an age and a source credit over a cut headline, then the
    /// teaser text that repeats the headline in full.
    func testTeaserHeaderOverACutHeadline() {
        let page = """
        Exchange fined for weak customer checks
        2 days ago
        The regulator fined a crypto exchange for failing to check its customers' identities and ordered it to review every account opened in the past two years.

        Related Articles

        Wire
        1 day ago
        - Wire
        First stablecoin licences may be issued early next year, central bank…
        First stablecoin licences may be issued early next year, central bank says CITY, July 29 (Wire) - The central bank said the first stablecoin issuer licences would be handed out early next ye
        """
        let a = parse(text: page)
        XCTAssertEqual(a.map(\.title), ["Exchange fined for weak customer checks",
                                        "First stablecoin licences may be issued early next year, central bank…"])
        guard a.count == 2 else { return }
        XCTAssertEqual(a[1].source.role, .related)
        XCTAssertNil(a[1].published, "an age dates nothing")
        XCTAssertTrue(a[1].paragraphs[0].hasPrefix("CITY, July 29 (Wire) -"), a[1].paragraphs[0])
        XCTAssertEqual(PageSegmenter.droppingRepeatedTitle("Rules tighten for all…", from: "Rules tighten for all exchanges SEOUL - The rules"), "SEOUL - The rules")
        XCTAssertEqual(PageSegmenter.droppingRepeatedTitle("Rules tighten", from: "Rules tighten The rules"), "The rules")
        XCTAssertNil(PageSegmenter.droppingRepeatedTitle("Rules tighten", from: "Other text"))
    }

    func testRelatedCardInsideAStoryIsItsOwnArticleAndTheStoryGoesOn() {
        let page = """
        Regulator Lets Licensed Platforms Offer Custody Services

        Apr 7, 2025

        The regulator issued guidance on Monday that lets licensed virtual asset trading platforms offer custody services to clients.

        Official Warns Investors About Fake Token Sales
        Fraudsters posing as a senior official used a social media account to promote a fake token sale that was later deleted. On Faceb...

        Under the new framework, custody can only be offered if the platform keeps client assets separate and reports to the regulator monthly.
        """
        let a = parse(text: page)
        XCTAssertEqual(a.map(\.title), ["Regulator Lets Licensed Platforms Offer Custody Services", "Official Warns Investors About Fake Token Sales"])
        guard a.count == 2 else { return }
        XCTAssertEqual(a[0].paragraphs.count, 2, "the story continues after the card")
        XCTAssertEqual(a[1].source.role, .related)
    }
}
