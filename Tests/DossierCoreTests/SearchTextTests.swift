import Foundation
import XCTest
@testable import DossierCore

/// What words match: prefixes as typed, CJK substrings, and highlighting by the index's own
/// tokenizer (phrases as phrases, paragraph boundaries kept in snippets).
final class SearchTextTests: XCTestCase {
    var dir: String!
    var lib: Library!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "dossier-text-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/pages", withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Repo.root.path + "/seeds") {
            try FileManager.default.copyItem(atPath: Repo.root.path + "/seeds/" + name, toPath: dir + "/pages/" + name)
        }
        let pages = [
            "zh.txt": "香港金管局发布稳定币发行人发牌制度指引\nPolicy·2025-08-01\n香港金融管理局周五公布稳定币发行人的发牌指引，要求发行人持有足额储备资产。这是香港推动数字资产发展的重要一步，业界普遍欢迎。\n",
            "ko.txt": "업비트, 금융당국 제재에 행정소송 제기\nPolicy·2025-03-02\n업비트가 금융정보분석원의 영업정지 처분에 불복해 행정소송을 제기했다. 업비트에 따르면 이번 처분은 과도하다는 입장이며 가상자산 업계는 결과를 주목하고 있다.\n",
            "ja.txt": "暗号資産交換業者に新たな報告義務\nPolicy·2025-02-11\n日本の金融庁は暗号資産交換業者に対し、顧客資産の管理状況を毎月報告するよう求める方針を示した。業界団体は対応を検討している。\n",
            "tokens.txt": "Exchange lists two new tokens for retail traders\nMarkets·March 4, 2025\nThe exchange said the tokens would be available to retail traders from Monday, after a review of their issuers and of the market for them.\n",
        ]
        for (name, text) in pages { try text.write(toFile: dir + "/pages/" + name, atomically: true, encoding: .utf8) }
        lib = try Library.open(at: dir + "/library.sqlite")
        _ = try lib.index([dir + "/pages"])
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func ids(_ q: String) throws -> Set<String> { Set(try lib.search(SearchQuery.parse(q), limit: 1000).hits.map(\.article.id)) }

    func testPrefixesMatchWordsAsTyped() throws {
        for (prefix, word) in [("regulati", "regulation"), ("licensi", "licensing"), ("tokeni", "tokenization")] {
            let full = try ids(word)
            XCTAssertFalse(full.isEmpty, word)
            XCTAssertTrue(full.isSubset(of: try ids(prefix + "*")), "\(prefix)* finds what \(word) finds")
        }
        // While typing: every prefix from three letters on keeps what the word finds.
        let word = "tokenization"
        let full = try ids(word)
        for n in 3...word.count {
            let typed = String(word.prefix(n))
            XCTAssertTrue(full.isSubset(of: try ids(typed + "*")), "\(typed)*")
        }
        // Words as written, not stems: "tokeni*" does not find an article whose only such
        // word is "tokens" unless a word starting "tokeni" shares its stem (it does: "token").
        XCTAssertTrue(try ids("tokeni*").isSuperset(of: try ids("tokens")))
        XCTAssertTrue(try ids("licensi*").isDisjoint(with: try ids("tokens -licence -licensing -license -licenses -licensed")))
    }

    func testCJKTextMatchesAsASubstring() throws {
        for (query, expected) in [("稳定币", 1), ("金融庁", 1), ("가상자산", 1), ("업비트", 1), ("金融管理局", 1), ("资产", 1)] {
            let r = try lib.search(SearchQuery.parse(query))
            XCTAssertEqual(r.total, expected, query)
            XCTAssertTrue(r.hits.first?.snippet.contains(SearchHit.markOpen + query + SearchHit.markClose) == true,
                          "\(query): \(r.hits.first?.snippet ?? "none")")
        }
        // Korean particles glued on: 업비트가, 업비트에 are both hits.
        let snippet = try XCTUnwrap(lib.search(SearchQuery.parse("업비트")).hits.first?.snippet)
        XCTAssertEqual(snippet.components(separatedBy: SearchHit.markOpen).count - 1, 2, snippet)
        XCTAssertEqual(try lib.search(SearchQuery.parse("稳定币 country:hk")).total, 1, "with filters")
        XCTAssertEqual(try lib.search(SearchQuery.parse("币稳")).total, 0, "order matters")
    }

    /// Every result of a text query has a highlighted match in its title or text: the
    /// highlighter reads text exactly as the index does.
    func testEveryHitIsHighlighted() throws {
        for q in ["stablecoin", "licensing", "regulati*", "tokeni*", "\"digital assets\"", "稳定币", "U.S.", "hong kong", "fsc OR sfc"] {
            let query = try SearchQuery.parse(q)
            let r = try lib.search(query, limit: 1000)
            XCTAssertGreaterThan(r.total, 0, q)
            for hit in r.hits {
                let a = hit.article
                let lit = !r.highlighter.ranges(in: a.title).isEmpty || a.paragraphs.contains { !r.highlighter.ranges(in: $0).isEmpty }
                XCTAssertTrue(lit, "\(q): nothing highlighted in \(a.title)")
            }
        }
    }

    func testPhrasesHighlightAsPhrases() throws {
        let h = Highlighter(terms: try SearchQuery.parse("\"purpose bound money\"").highlightTerms)
        let text = "Money moves. Purpose Bound Money (PBM) is money with rules."
        XCTAssertEqual(h.marked(text), "Money moves. \u{E000}Purpose Bound Money\u{E001} (PBM) is money with rules.")
        let words = Highlighter(terms: try SearchQuery.parse("stablecoin licences").highlightTerms)
        XCTAssertEqual(words.marked("Stablecoins need licenses; a licence."), "\u{E000}Stablecoins\u{E001} need licenses; a \u{E000}licence\u{E001}.")
        let prefix = Highlighter(terms: try SearchQuery.parse("regulati*").highlightTerms, completions: ["regulati": ["regulation"]])
        XCTAssertEqual(prefix.marked("Regulators regulate; regular."), "\u{E000}Regulators\u{E001} \u{E000}regulate\u{E001}; regular.")
    }

    func testSnippetsKeepParagraphBoundaries() throws {
        let a = Article(id: "0", title: "Crypto hubs", titleInferred: false, category: nil, published: nil, publishedInferred: false,
                        source: SourceLocation(path: "p.txt", line: 1, role: .main), countries: [], authorities: [], topics: [],
                        offTopic: false, summary: "", paragraphs: ["Hong Kong", "Hong Kong is a crypto-friendly city.", "Singapore too."],
                        subheadings: [0], alsoIn: [])
        let s = try XCTUnwrap(Snippet.make(a, highlighter: Highlighter(terms: try SearchQuery.parse("hong kong").highlightTerms)))
        XCTAssertEqual(s, "\u{E000}Hong\u{E001} \u{E000}Kong\u{E001} is a crypto-friendly city. ¶ Singapore too.",
                       "the paragraph's match is preferred to the subheading's, and blocks stay apart")
        let sub = try XCTUnwrap(Snippet.make(a, highlighter: Highlighter(terms: try SearchQuery.parse("hong").highlightTerms)))
        XCTAssertFalse(sub.contains("Kong Hong"), sub)
    }
}
