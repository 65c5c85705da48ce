import DossierCore
@testable import DossierTUI

/// Small, fixed results for update and snapshot tests (no library needed).
enum Fixtures {
    static func article(_ n: Int, title: String, date: String?, countries: [(String, String)], topics: [String] = [],
                        authorities: [(String, String)] = [], paragraphs: [String]) -> Article {
        Article(id: String(format: "%032x", n), title: title, titleInferred: false, category: "Policy & Regulation",
                published: date, publishedInferred: false, source: SourceLocation(path: "pages/\(n).txt", line: 1, role: .main),
                countries: countries.map { CountryTag(code: $0.0, name: $0.1, score: 1) },
                authorities: authorities.map { AuthorityTag(id: "\($0.1.lowercased())-\($0.0.lowercased())", acronym: $0.0, name: $0.0, country: $0.1) },
                topics: topics, offTopic: false, summary: paragraphs.first ?? "", paragraphs: paragraphs, subheadings: [])
    }

    static let hits: [SearchHit] = [
        SearchHit(article: article(1, title: "Hong Kong licenses two more virtual asset trading platforms", date: "2025-06-27",
                                   countries: [("HK", "Hong Kong")], topics: ["licensing"], authorities: [("SFC", "HK")],
                                   paragraphs: ["The Securities and Futures Commission granted licences to two platforms on Friday, bringing the total to eleven.",
                                                "Both platforms must keep client assets in segregated wallets.", "Next steps",
                                                "Stablecoin issuers will need a separate licence from the HKMA under the new ordinance."]),
                  snippet: "", read: false),
        SearchHit(article: article(2, title: "Singapore MAS finalises stablecoin framework", date: "2025-05-09",
                                   countries: [("SG", "Singapore")], topics: ["stablecoins"], authorities: [("MAS", "SG")],
                                   paragraphs: ["The Monetary Authority of Singapore published its final stablecoin framework.",
                                                "Issuers must hold reserves in low-risk assets."]),
                  snippet: "", read: true),
        SearchHit(article: article(3, title: "日本金融庁、暗号資産の規制を強化 — 取引所に新たな報告義務", date: "2025-02-11",
                                   countries: [("JP", "Japan")], topics: ["policy"], authorities: [("FSA", "JP")],
                                   paragraphs: ["金融庁は暗号資産交換業者に対し、顧客資産の管理状況を毎月報告するよう求める方針を示した。",
                                                "Emoji 🚀 and combining é characters stay in their columns."]),
                  snippet: "", read: false),
        SearchHit(article: article(4, title: "Korea’s FSC delays the second phase of its crypto user protection law", date: nil,
                                   countries: [("KR", "South Korea"), ("US", "United States")], topics: ["policy", "enforcement"],
                                   paragraphs: ["The Financial Services Commission said the second phase would follow in 2026."]),
                  snippet: "", read: false),
    ]

    static let facets = FacetCounts(
        total: 4,
        countries: [FacetCount(key: "HK", label: "Hong Kong", count: 1), FacetCount(key: "JP", label: "Japan", count: 1),
                    FacetCount(key: "KR", label: "South Korea", count: 1), FacetCount(key: "SG", label: "Singapore", count: 1)],
        authorities: [FacetCount(key: "hk-sfc", label: "SFC@HK", count: 1), FacetCount(key: "sg-mas", label: "MAS@SG", count: 1)],
        topics: [FacetCount(key: "policy", label: "policy", count: 2), FacetCount(key: "licensing", label: "licensing", count: 1)],
        categories: [], months: [FacetCount(key: "2025-06", label: "2025-06", count: 1), FacetCount(key: "2025-05", label: "2025-05", count: 1),
                                 FacetCount(key: "2025-02", label: "2025-02", count: 1)])

    /// The fixture articles over the months January to June 2025 (one undated).
    static let activity: Activity = {
        let span = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
        func entry(_ key: String, _ label: String, _ filter: String, _ months: [Int], country: String? = nil, name: String? = nil,
                   top: [FacetCount] = []) -> ActivityEntry {
            let seen = span.indices.filter { months[$0] > 0 }
            return ActivityEntry(key: key, label: label, name: name, country: country, count: months.reduce(0, +) + (key == "KR" ? 1 : 0),
                                 libraryCount: months.reduce(0, +) + (key == "KR" ? 1 : 0),
                                 firstSeen: seen.first.map { span[$0] }, lastSeen: seen.last.map { span[$0] }, months: months, top: top, filter: filter)
        }
        let policy = FacetCount(key: "policy", label: "Policy", count: 1)
        return Activity(
            span: span, months: [0, 1, 0, 0, 1, 1], total: 4, undated: 1,
            countries: [entry("HK", "Hong Kong", "country:HK", [0, 0, 0, 0, 0, 1], top: [FacetCount(key: "licensing", label: "Licensing", count: 1)]),
                        entry("JP", "Japan", "country:JP", [0, 1, 0, 0, 0, 0], top: [policy]),
                        entry("KR", "South Korea", "country:KR", [0, 0, 0, 0, 0, 0], top: [policy]),
                        entry("SG", "Singapore", "country:SG", [0, 0, 0, 0, 1, 0], top: [FacetCount(key: "stablecoins", label: "Stablecoins", count: 1)]),
                        entry("US", "United States", "country:US", [0, 0, 0, 0, 0, 0])],
            authorities: [entry("hk-sfc", "SFC@HK", "authority:SFC@HK", [0, 0, 0, 0, 0, 1], country: "HK", name: "Securities and Futures Commission",
                                top: [FacetCount(key: "licensing", label: "Licensing", count: 1)]),
                          entry("sg-mas", "MAS@SG", "authority:MAS@SG", [0, 0, 0, 0, 1, 0], country: "SG", name: "Monetary Authority of Singapore",
                                top: [FacetCount(key: "stablecoins", label: "Stablecoins", count: 1)]),
                          entry("jp-fsa", "FSA@JP", "authority:FSA@JP", [0, 0, 0, 0, 0, 0], country: "JP", name: "Financial Services Agency")],
            topics: [entry("policy", "Policy", "topic:policy", [0, 1, 0, 0, 1, 0]), entry("licensing", "Licensing", "topic:licensing", [0, 0, 0, 0, 0, 1])])
    }()

    /// A state with the fixture results loaded, as after the first search.
    static func state(width: Int = 80, height: Int = 24, query: String = "") -> AppState {
        var s = AppState(width: width, height: height, query: query)
        let effects = s.start()
        guard case .search(let id, _, _, _) = effects.first else { fatalError("no search") }
        // As the library does: the highlighter comes with the results.
        let highlighter = Highlighter(terms: (try? SearchQuery.parse(query))?.highlightTerms ?? [])
        _ = s.update(.results(id: id, SearchResults(total: hits.count, hits: hits, highlighter: highlighter), libraryTotal: 24))
        _ = s.update(.facets(id: id, facets))
        _ = s.update(.activity(id: id, activity))
        return s
    }
}
