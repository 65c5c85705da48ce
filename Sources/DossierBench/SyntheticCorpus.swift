import DossierCore
import Foundation

/// A deterministic generator of scraped-looking pages for benchmarks and the interrupted-
/// index test: the same seed and size give the same bytes on every machine.
///
/// Pages come in both seed layouts: a site page (headline, `Category·date` line, paragraphs,
/// "More to Read" with glued teasers of earlier articles, so teasers repeat across pages)
/// and a newswire page (several headed stories, one paragraph per line). Vocabulary comes
/// from the gazetteers, so facets and searches have something to find.
public struct SyntheticCorpus: Sendable {
    /// What was written: pages, main articles and bytes.
    public struct Written: Sendable { public var pages: Int; public var articles: Int; public var bytes: Int }

    private let seed: UInt64

    /// A generator for `seed`.
    public init(seed: UInt64 = 42) { self.seed = seed }

    /// Writes pages holding about `articles` main articles into `folder` (created), split
    /// into sub-folders of 1,000 pages.
    public func write(articles: Int, to folder: String) throws -> Written {
        var rng = SplitMix(seed: seed)
        let vocab = Vocabulary()
        var written = Written(pages: 0, articles: 0, bytes: 0)
        var out = PageWriter(folder: folder)
        var recent: [(title: String, category: String, date: String, lede: String)] = []
        while written.articles < articles {
            var page = ""
            if rng.next(10) < 7 {
                let story = vocab.story(&rng)
                page += PageWriter.articleHead(title: story.title, category: story.category, dateLine: story.dateLine)
                for p in story.paragraphs { page += "\(p)\n \n" }
                if recent.count >= 3 { page += PageWriter.moreToRead((0..<3).map { _ in recent[rng.next(recent.count)] }) }
                recent.append((story.title, story.category, story.shortDate, story.paragraphs[0]))
                if recent.count > 200 { recent.removeFirst(100) }
                written.articles += 1
            } else {
                // A newswire page: three to five stories, each under its headline.
                let n = 3 + rng.next(3)
                for _ in 0..<n {
                    let story = vocab.story(&rng)
                    page += "\(story.title)\n"
                    for p in story.paragraphs { page += "\(p)\n" }
                }
                written.articles += n
            }
            try out.write(page)
        }
        written.pages = out.pages
        written.bytes = out.bytes
        return written
    }

    /// A small, fast, well-known PRNG (SplitMix64).
    public struct SplitMix {
        var state: UInt64
        /// A generator starting from `seed`.
        public init(seed: UInt64) { state = seed }
        /// The next 64 random bits.
        public mutating func nextUInt64() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// A number in 0..<n (0 when n ≤ 1); the modulo bias is negligible for small n.
        public mutating func next(_ n: Int) -> Int { Int(nextUInt64() % UInt64(max(n, 1))) }
        /// A random element of a non-empty array.
        public mutating func pick<T>(_ a: [T]) -> T { a[next(a.count)] }
    }

    struct Story {
        var title: String
        var category: String
        var dateLine: String
        var shortDate: String
        var paragraphs: [String]
    }

    /// Words and names to build stories from.
    struct Vocabulary {
        let countries: [(name: String, code: String)]
        let authorities: [(name: String, acronym: String, country: String)]
        let keywords: [String]
        let companies: [String]
        let categories = ["Policy & Regulation", "Markets", "Web3 & Enterprise", "Business", "Technology"]
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        let verbs = ["tightens", "proposes", "approves", "reviews", "expands", "delays", "publishes", "clarifies", "launches", "updates"]
        let nouns = ["rules", "framework", "guidelines", "licensing regime", "sandbox", "consultation", "reporting standards", "pilot"]
        let fillers = ["market participants", "industry groups", "local banks", "retail investors", "custodians", "payment firms",
                       "analysts", "lawmakers", "exchanges", "startups"]

        init() {
            countries = KnownNames.countries.map { ($0.name, $0.code) }
            authorities = KnownNames.authorities.filter { $0.country != "INTL" }.map { ($0.name, $0.acronym, $0.country) }
            keywords = KnownNames.topicKeywords.values.flatMap { $0 }.filter { !$0.contains(" ") }.sorted()
            var names: [String] = []
            let a = ["Arvex", "Borealis", "Cinder", "Daxon", "Elara", "Fintari", "Gravis", "Helio", "Ionix", "Jadeport", "Kestrel", "Lumen"]
            let b = ["Labs", "Capital", "Exchange", "Pay", "Chain", "Digital", "Holdings", "Markets"]
            for x in a { for y in b { names.append("\(x) \(y)") } }
            companies = names
        }

        func story(_ r: inout SplitMix) -> Story {
            let auth = r.pick(authorities)
            let country = countries.first { $0.code == auth.country }?.name ?? r.pick(countries).name
            let kw = r.pick(keywords), kw2 = r.pick(keywords)
            let company = r.pick(companies)
            let year = 2019 + r.next(7), month = r.next(12), day = 1 + r.next(28)
            let title = "\(country) \(auth.acronym) \(r.pick(verbs)) \(kw) \(r.pick(nouns)) for \(company)"
            let date = "\(months[month]) \(day < 10 ? "0" : "")\(day), \(year)"
            var paragraphs: [String] = []
            paragraphs.append("The \(auth.name) (\(auth.acronym)) of \(country) said on \(months[month]) \(day) that \(company) must review its \(kw) \(r.pick(nouns)) before the end of \(year), a move that \(r.pick(fillers)) had expected for months.")
            for _ in 0..<(2 + r.next(4)) {
                var s = "According to \(r.pick(fillers)), the \(auth.acronym) wants \(r.pick(companies)) and other firms to disclose how \(kw2) holdings are kept and reported."
                s += " \(r.pick(companies)) said it would work with the regulator, while \(r.pick(fillers)) in \(r.pick(countries).name) watched the \(kw) debate closely."
                if r.next(2) == 0 { s += " The \(r.pick(nouns)) is open for comment until \(months[r.next(12)]) \(year)." }
                paragraphs.append(s)
            }
            let hour = 1 + r.next(12), minute = r.next(60)
            return Story(title: title, category: r.pick(categories),
                         dateLine: "\(date), \(hour):\(minute < 10 ? "0" : "")\(minute) \(r.next(2) == 0 ? "AM" : "PM")",
                         shortDate: "\(months[month].prefix(3)) \(day < 10 ? "0" : "")\(day), \(year)", paragraphs: paragraphs)
        }
    }
}
