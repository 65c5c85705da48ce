import XCTest
@testable import DossierCore

/// Pages written for the project in layouts the seeds and the development set do not show
/// (Fixtures/layouts): a wire story under a menu, a paper's header with caption and author,
/// Korean and Chinese portal articles, a blog post dated in its byline, a news index, a key
/// points box with "More For You" teasers. Each one checks the rules that page needed.
final class LayoutPageTests: XCTestCase {
    struct Want {
        var title: String
        var published: String?
        var role: ArticleRole = .main
        var country: String
        var authorities: [String]
        var offTopic = false
    }

    let pages: [String: [Want]] = [
        "wire_story_under_menu.txt": [
            Want(title: "Japan's FSA to require crypto exchanges to hold liability reserves", published: "2025-11-18T08:21",
                 country: "JP", authorities: ["jp-fsa"]),
        ],
        "paper_header_caption_author.txt": [
            Want(title: "MAS proposes tighter rules on retail crypto trading", published: "2022-10-26T17:00", country: "SG", authorities: ["sg-mas"]),
        ],
        "korean_portal_article.txt": [
            Want(title: "금감원, 가상자산 불공정거래 조사 강화…전담팀 신설", published: "2025-03-04T10:15", country: "KR", authorities: ["kr-fss", "kr-fsc"]),
        ],
        "chinese_portal_article.txt": [
            Want(title: "香港证监会批准首批虚拟资产交易平台提供质押服务", published: "2025-04-07T18:32", country: "HK", authorities: ["hk-sfc", "hk-hkma"]),
        ],
        "blog_post_dated_by_line.txt": [
            Want(title: "SEC Philippines warns public against unregistered crypto platform", published: "2025-03-03", country: "PH",
                 authorities: ["ph-sec", "ph-bsp", "ph-amlc"]),
        ],
        "news_index_page.txt": [
            Want(title: "Thailand's SEC approves first tokenized government bond sale", published: "2025-03-04", role: .related,
                 country: "TH", authorities: ["th-sec"]),
            Want(title: "Indonesia's OJK issues rules for crypto asset traders", published: "2025-03-03", role: .related,
                 country: "ID", authorities: ["id-ojk"]),
            Want(title: "Vietnam's central bank warns against using crypto for payments", published: "2025-03-02", role: .related,
                 country: "VN", authorities: ["vn-sbv"]),
        ],
        "key_points_and_more_for_you.txt": [
            Want(title: "Hong Kong Sets Stablecoin Licensing Rules, First Approvals Expected Early 2026", published: "2025-08-01T02:05",
                 country: "HK", authorities: ["hk-hkma"]),
            Want(title: "Bitcoin Slides as Traders Await Fed Decision", published: "2025-07-31", role: .related, country: "US", authorities: ["us-fed"]),
        ],
        "regulator_media_release.txt": [
            Want(title: "MAS Launches Consultation on Stablecoin Reserve Requirements", published: "2025-03-04", country: "SG", authorities: ["sg-mas"]),
        ],
        "japanese_date_over_headline.txt": [
            Want(title: "金融庁、暗号資産を金融商品取引法の対象に インサイダー取引規制も導入へ", published: "2025-03-04T10:00", country: "JP",
                 authorities: ["jp-fsa"]),
        ],
        "shared_acronym_named_by_neighbour.txt": [
            Want(title: "SEC tightens rules for digital asset exchanges", published: "2025-03-04T10:15", country: "TH", authorities: ["th-sec", "th-bot"]),
        ],
        "synopsis_last_updated_disclaimer.txt": [
            Want(title: "RBI says crypto poses risk to financial stability, backs CBDC", published: "2025-03-04T10:15", country: "IN",
                 authorities: ["in-rbi", "in-sebi"]),
        ],
        "central_bank_rates_offtopic.txt": [
            Want(title: "Bank of Korea holds rate at 2.75% amid tariff uncertainty", published: "2025-02-25T10:15", country: "KR",
                 authorities: ["kr-bok"], offTopic: true),
        ],
        "numbered_roundup.txt": [
            Want(title: "Japan approves first yen stablecoin", published: nil, role: .roundupItem, country: "JP", authorities: ["jp-fsa"]),
            Want(title: "Hong Kong grants two more exchange licences", published: nil, role: .roundupItem, country: "HK", authorities: ["hk-sfc"]),
            Want(title: "South Korea delays crypto tax again", published: nil, role: .roundupItem, country: "KR", authorities: []),
        ],
        "traditional_chinese_wire.txt": [
            Want(title: "金管會將推虛擬資產專法 業者須取得執照", published: "2025-03-04T10:15", country: "TW", authorities: ["tw-fsc"]),
        ],
        "published_updated_with_times_first.txt": [
            Want(title: "Hong Kong's first stablecoin licences will go to only a handful of issuers, HKMA says", published: "2025-08-01T07:00",
                 country: "HK", authorities: ["hk-hkma"]),
        ],
        "masthead_over_date_over_headline.txt": [
            Want(title: "Financial regulators to let listed firms open crypto accounts", published: "2025-03-04T16:52", country: "KR",
                 authorities: ["kr-fsc"]),
        ],
        "date_above_headline_dateline_without_year.txt": [
            Want(title: "Bank Negara warns public against unregistered crypto schemes", published: "2025-03-04T10:15", country: "MY",
                 authorities: ["my-bnm", "my-sc"]),
        ],
        "chinese_flash_news_list.txt": [
            Want(title: "【香港金管局：本周将公布首批稳定币发行人名单】", published: "2025-03-04T10:15", country: "HK", authorities: ["hk-hkma"]),
            Want(title: "【韩国金融委员会：下半年允许上市公司开设加密货币账户】", published: "2025-03-04T09:40", country: "KR", authorities: ["kr-fsc"]),
            Want(title: "【日本金融厅拟将加密资产纳入金融商品交易法】", published: "2025-03-04T09:02", country: "JP", authorities: ["jp-fsa"]),
        ],
        "place_and_date_line.txt": [
            Want(title: "OJK takes over crypto oversight from Bappebti", published: "2025-01-14", country: "ID", authorities: ["id-bappebti", "id-ojk"]),
        ],
        "day_first_figures_with_zone.txt": [
            Want(title: "Vietnam to pilot crypto exchanges with strict capital rules", published: "2025-04-03T10:15", country: "VN",
                 authorities: ["vn-mof", "vn-ssc"]),
        ],
    ]

    func testEachLayoutGivesItsArticles() throws {
        for (name, wants) in pages.sorted(by: { $0.key < $1.key }) {
            let articles = try parse(Repo.fixture("layouts/" + name))
            XCTAssertEqual(articles.map(\.title), wants.map(\.title), name)
            for (a, w) in zip(articles, wants) {
                let label = "\(name) «\(a.title)»"
                XCTAssertEqual(a.published, w.published, label)
                XCTAssertEqual(a.source.role, w.role, label)
                XCTAssertEqual(a.countries.first?.code, w.country, label)
                XCTAssertEqual(a.authorities.map(\.id), w.authorities, label)
                XCTAssertEqual(a.offTopic, w.offTopic, label)
            }
        }
    }

    /// Credits, standards notes, e-mail lines, promotions and reporter lines are not text.
    func testNoPageChromeInTheText() throws {
        let forbidden = ["Reporting by", "Our Standards", "@yna.co.kr", "Telegram channel", "责任编辑", "Share this", "Like this",
                         "Listen to this article", "is a senior reporter", "PHOTO: ST FILE", "Disclaimer: Recommendations"]
        for name in pages.keys {
            for a in try parse(Repo.fixture("layouts/" + name)) {
                for p in a.paragraphs { for f in forbidden { XCTAssertFalse(p.contains(f), "«\(f)» in \(name): \(p.prefix(60))") } }
                // A reporter line under the header is a byline, not a paragraph.
                XCTAssertFalse(a.paragraphs.contains { $0.hasSuffix(" 기자") }, name)
            }
        }
    }
}
