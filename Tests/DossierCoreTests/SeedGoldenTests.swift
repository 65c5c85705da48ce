import XCTest
@testable import DossierCore

/// The bundled seeds, segmented and labelled by hand (read each article, decide its facets).
/// A change that moves any of this must be a deliberate one.
final class SeedGoldenTests: XCTestCase {
    struct Expected {
        var title: String            // exact, or a prefix when `inferred`
        var inferred = false
        var role: ArticleRole
        var published: String?
        var publishedInferred = false
        var countries: [String]      // exact, in salience order
        var authorities: Set<String>
        var topics: [String]         // exact, in order
        var offTopic = false
    }

    let expectations: [String: [Expected]] = [
        "000": [
            // Countries: an article tagged with an authority lists the authority's country too
            // (issue 9) — SG for MAS here, TH for Thailand's SEC in "The Current Status…".
            Expected(title: "$500B firm partners with Polygon", role: .roundupItem, published: "2023-09-07", publishedInferred: true,
                     countries: ["KR", "SG"], authorities: ["sg-mas"], topics: ["tokenization", "web3-industry"]),
            Expected(title: "Tencent launches the largest LLM model ever", role: .roundupItem, published: "2023-09-07", publishedInferred: true,
                     countries: ["CN"], authorities: [], topics: ["ai"]),
            Expected(title: "Coinbase introduces stricter KYC measures for Singaporean customers", role: .roundupItem, published: "2023-09-07",
                     publishedInferred: true, countries: ["SG"], authorities: ["sg-mas"], topics: ["aml-kyc"]),
            Expected(title: "Government officials in China’s Shangdong Province have set", inferred: true, role: .roundupItem,
                     published: "2023-09-07", publishedInferred: true, countries: ["CN"], authorities: [], topics: ["web3-industry"]),
            Expected(title: "Sina Weibo has banned 80 Chinese crypto influencer accounts", inferred: true, role: .roundupItem,
                     published: "2023-09-07", publishedInferred: true, countries: ["CN"], authorities: [], topics: ["enforcement"]),
            Expected(title: "$83M crypto scam group busted in South Korea", role: .roundupItem, published: "2023-09-07", publishedInferred: true,
                     countries: ["KR"], authorities: [], topics: ["enforcement"]),
            Expected(title: "OKX in final stages of licensing in Hong Kong", role: .roundupItem, published: "2023-09-07", publishedInferred: true,
                     countries: ["HK"], authorities: ["hk-sfc", "hk-hkma"], topics: ["licensing"]),
            Expected(title: "A group of Democratic senators has reportedly sent a letter", inferred: true, role: .main,
                     published: "2025-05-09", publishedInferred: true, countries: ["US"], authorities: ["us-doj", "us-treasury", "us-cftc"],
                     topics: ["stablecoins", "enforcement", "policy", "web3-industry"]),
            Expected(title: "Chancellor Rachel Reeves has insisted", inferred: true, role: .main, published: nil,
                     countries: ["GB"], authorities: [], topics: [], offTopic: true),
            Expected(title: "Taiwanese lawmaker Ko Ju-Chun has called on the government", inferred: true, role: .main, published: nil,
                     countries: ["TW"], authorities: [], topics: ["reserves-treasury", "policy"]),
        ],
        "001": [
            Expected(title: "Hong Kong strives for crypto hub status through ‘ASPIRe’", role: .main, published: "2025-02-24T05:46",
                     countries: ["HK"], authorities: ["hk-sfc"], topics: ["policy", "web3-industry"]),
            Expected(title: "Oasys and XPLA to Host Hackathon Promoting Blockchain Interoperability", role: .related, published: "2023-08-04",
                     countries: ["KR"], authorities: [], topics: ["web3-industry"]),
            Expected(title: "Galaxia Moneytree Forms Aviation Asset Tokenization Consortium", role: .related, published: "2023-09-15",
                     countries: ["KR"], authorities: [], topics: ["tokenization", "web3-industry"]),
            Expected(title: "KuCoin Ups Compliance via Mandatory KYC", role: .related, published: "2023-06-29",
                     countries: ["US", "SC"], authorities: [], topics: ["aml-kyc"]),
        ],
        "002": [
            Expected(title: "South Korea sanctions North Korean tech workers for cybercrimes and crypto theft", role: .main,
                     published: "2024-12-26T11:11", countries: ["KR", "KP"], authorities: ["kr-mofa"], topics: ["security", "enforcement"]),
            Expected(title: "Singaporean Regulator Proposes Framework for Digital Money Use", role: .related, published: "2023-06-22",
                     countries: ["SG"], authorities: ["sg-mas"], topics: ["policy", "cbdc"]),
            Expected(title: "Singapore Takes Lead in Regulating Stablecoins", role: .related, published: "2023-08-16",
                     countries: ["SG"], authorities: ["sg-mas"], topics: ["stablecoins", "policy"]),
            Expected(title: "Bakkt takes stake in Japanese textile firm in pivot to crypto treasury strategy", role: .related,
                     published: "2025-08-08", countries: ["JP", "US"], authorities: ["us-sec"], topics: ["reserves-treasury", "web3-industry"]),
        ],
        "003": [
            Expected(title: "Hong Kong releases ‘LEAP’ framework for digital assets", role: .main, published: "2025-06-27T06:28",
                     countries: ["HK"], authorities: ["hk-fstb", "hk-sfc"], topics: ["policy", "tokenization", "web3-industry", "stablecoins"]),
            Expected(title: "Korea’s Legislative Research Body Suggests Expanding Blind Trust System to Include Crypto", role: .related,
                     published: "2023-09-20", countries: ["KR", "US"], authorities: ["kr-fsc", "kr-moef"], topics: ["policy"]),
            Expected(title: "Blockstream partnership & new office announced in Japanese expansion", role: .related, published: "2025-02-11",
                     countries: ["JP"], authorities: [], topics: ["web3-industry"]),
            Expected(title: "The Current Status of Crypto in Asia", role: .related, published: "2023-04-10",
                     countries: ["JP", "CN", "IN", "HK", "SG", "US", "TH"],
                     authorities: ["cn-pboc", "in-rbi", "jp-fsa", "jp-jvcea", "jp-nta", "th-sec"], topics: ["policy", "cbdc", "taxation", "enforcement"]),
        ],
        "004": [
            Expected(title: "The Monetary Authority of Singapore is planning to start", inferred: true, role: .main, published: "2023-10-30",
                     publishedInferred: true, countries: ["SG", "JP", "GB", "CH"],
                     authorities: ["sg-mas", "jp-fsa", "gb-fca", "ch-finma", "intl-bis"], topics: ["cross-border", "policy", "cbdc", "tokenization"]),
            Expected(title: "Hong Kong’s Cyberport is ramping up its investment", inferred: true, role: .main, published: "2025-02-27",
                     publishedInferred: true, countries: ["HK"], authorities: [], topics: ["ai", "web3-industry"]),
        ],
    ]

    func testSegmentationAndFacetsOfEverySeed() throws {
        for (seed, expected) in expectations.sorted(by: { $0.key < $1.key }) {
            let articles = try parse(Repo.seed(seed))
            XCTAssertEqual(articles.map(\.title).count, expected.count, "seed \(seed): \(articles.map(\.title))")
            for (a, e) in zip(articles, expected) {
                let label = "seed \(seed) «\(a.title)»"
                if e.inferred { XCTAssertTrue(a.title.hasPrefix(e.title), label) } else { XCTAssertEqual(a.title, e.title, label) }
                XCTAssertEqual(a.titleInferred, e.inferred, label)
                XCTAssertEqual(a.source.role, e.role, label)
                XCTAssertEqual(a.published, e.published, label)
                XCTAssertEqual(a.publishedInferred, e.publishedInferred, label)
                XCTAssertEqual(a.countries.map(\.code), e.countries, label)
                XCTAssertEqual(Set(a.authorities.map(\.id)), e.authorities, label)
                XCTAssertEqual(a.topics, e.topics, label)
                XCTAssertEqual(a.offTopic, e.offTopic, label)
            }
        }
    }

    func testCategoriesComeFromThePage() throws {
        let a = try parse(Repo.seed("001"))
        XCTAssertEqual(a.map(\.category), ["Policy & Regulation", "Web3 & Enterprise", "Web3 & Enterprise", "Web3 & Enterprise"])
        let b = try parse(Repo.seed("003"))
        XCTAssertEqual(b.last?.category, "Markets")
    }

    /// No boilerplate, credit, URL or repeated headline survives into article text.
    func testParagraphsAreClean() throws {
        let forbidden = ["Photo by", "Unsplash", "Pexels", "http", "©", "Subscribe", "cookies", "More to Read", "View All",
                         "Related Topics", "More on Labour", "is a journalist", "The most engaging reads", "(STCN)", "Source: Cyberport"]
        for seed in ["000", "001", "002", "003", "004"] {
            for a in try parse(Repo.seed(seed)) {
                XCTAssertFalse(a.paragraphs.isEmpty)
                if !a.titleInferred { XCTAssertFalse(a.paragraphs[0].hasPrefix(a.title), "headline repeated in \(a.title)") }
                for p in a.paragraphs {
                    for f in forbidden { XCTAssertFalse(p.contains(f), "«\(f)» in \(a.title): \(p.prefix(80))") }
                    XCTAssertFalse(["Top", "news", "Loading", "Spreaker", "Zhiyuan Sun"].contains(p), "furniture paragraph «\(p)»")
                    XCTAssertEqual(p, p.trimmingCharacters(in: .whitespaces))
                    XCTAssertFalse(p.isEmpty)
                }
            }
        }
    }

    func testGluedTeaserIsSplitIntoParagraphsAndSubheadings() throws {
        let oasys = try parse(Repo.seed("001"))[1]
        XCTAssertTrue(oasys.paragraphs[0].hasPrefix("Oasys, a Japanese blockchain gaming platform"))
        XCTAssertTrue(oasys.paragraphs[0].hasSuffix("different blockchain networks."))
        XCTAssertEqual(oasys.subheadings.map { oasys.paragraphs[$0] }, ["Global participation and prizes", "Three areas of blockchain interoperability"])

        let mas = try parse(Repo.seed("002"))[1]
        XCTAssertEqual(mas.subheadings.map { mas.paragraphs[$0] }, ["Purpose Bound Money (PBM)", "Standardized format", "Interoperability"])
        XCTAssertTrue(mas.paragraphs.contains { $0.hasPrefix("MAS’s White Paper, which was published on Wednesday") })

        let asia = try parse(Repo.seed("003"))[3]
        XCTAssertEqual(asia.subheadings.map { asia.paragraphs[$0] }, ["Japan", "China", "Hong Kong", "Singapore", "India"])
        XCTAssertTrue(asia.paragraphs.contains { $0.hasPrefix("Japan is among the most crypto-friendly") })

        let stablecoins = try parse(Repo.seed("002"))[2]
        XCTAssertEqual(stablecoins.subheadings.map { stablecoins.paragraphs[$0] }, ["Key role", "Digital currency hub", "Positive industry response"])
    }

    func testPageLayoutSubheadingsAndLists() throws {
        let leap = try parse(Repo.seed("003"))[0]
        XCTAssertEqual(leap.subheadings.map { leap.paragraphs[$0] },
                       ["A ‘LEAP’ towards an integrated digital assets ecosystem", "Strengthening global hub status", "Promoting tokenized ETFs"])
        XCTAssertTrue(leap.paragraphs.contains("- Legal and regulatory streamlining"))
    }

    func testNewswireSubheadingsStayInsideTheirStory() throws {
        let cyberport = try parse(Repo.seed("004"))[1]
        XCTAssertEqual(cyberport.subheadings.map { cyberport.paragraphs[$0] },
                       ["Hong Kong invests heavily in Web3 and AI via the Cyberport hub", "Streamlining AI research and talent development"])
    }

    func testIdsAreStableAndDistinct() throws {
        let first = try parse(Repo.seed("000")).map(\.id)
        let second = try ArticleParser().parse(fileAt: Repo.seed("000")).articles.map(\.id)
        XCTAssertEqual(first, second)
        XCTAssertEqual(Set(first).count, first.count)
        XCTAssertTrue(first.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }
}
