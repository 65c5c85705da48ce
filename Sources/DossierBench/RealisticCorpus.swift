import DossierCore
import Foundation

/// A deterministic corpus of scraped-looking pages with the statistics of real news, for
/// benchmarks: mostly unique articles of 300–1,200 words, words drawn with Zipf frequencies
/// from a large vocabulary (a long tail of invented words), years of dates weighted to
/// recent ones, countries, authorities and topics with a skewed spread, both page layouts
/// (an article page with a "More to Read" box on some pages; newswire pages of several
/// dated stories), and about one teaser sighting for every ten stories.
///
/// Same seed and size, same bytes. Pages are written one at a time (nothing is held but
/// the last 200 headlines), so it scales to a million articles.
public struct RealisticCorpus: Sendable {
    /// What was written.
    public struct Written: Sendable {
        /// Page files.
        public var pages = 0
        /// Distinct stories written (each stored once by the indexer).
        public var stories = 0
        /// Teaser sightings of earlier stories.
        public var teasers = 0
        /// Bytes of pages.
        public var bytes = 0
    }

    /// Words that appear by construction, for the benchmark's query kinds.
    public static let everyArticleWord = "the"
    /// In about 60 % of articles.
    public static let commonWord = "guidance"
    /// In about 0.1 % of articles.
    public static let rareWord = "quillonex"
    /// In about 15 % of articles.
    public static let phrase = "virtual asset service providers"

    private let seed: UInt64
    /// A corpus for `seed`.
    public init(seed: UInt64 = 42) { self.seed = seed }

    /// Writes `articles` stories (plus teasers) as pages into `folder`, in subfolders of
    /// 1,000 pages; the folder is created if needed.
    public func write(articles: Int, to folder: String) throws -> Written {
        var rng = SyntheticCorpus.SplitMix(seed: seed)
        let words = Words.shared
        var written = Written()
        var out = PageWriter(folder: folder)
        var recent: [(title: String, category: String, date: String, lede: String)] = []
        while written.stories < articles {
            var page = ""
            if rng.next(4) != 0 {
                let story = words.story(&rng)
                page += PageWriter.articleHead(title: story.title, category: story.category, dateLine: story.dateLine)
                for p in story.paragraphs { page += "\(p)\n \n" }
                if recent.count >= 3, rng.next(100) < 4 {
                    page += PageWriter.moreToRead((0..<3).map { _ in recent[rng.next(recent.count)] })
                    written.teasers += 3
                }
                recent.append((story.title, story.category, story.shortDate, String(story.paragraphs[0].prefix(160))))
                if recent.count > 200 { recent.removeFirst(100) }
                written.stories += 1
            } else {
                // A newswire page: two to four dated stories, each under its headline.
                let n = 2 + rng.next(3)
                for _ in 0..<n {
                    let story = words.story(&rng)
                    page += "\(story.title)\n\(story.plainDate)\n"
                    for p in story.paragraphs { page += "\(p)\n" }
                    page += "\n"
                }
                written.stories += n
            }
            try out.write(page)
        }
        written.pages = out.pages
        written.bytes = out.bytes
        return written
    }

    struct Story {
        var title: String
        var category: String
        var dateLine: String
        var plainDate: String
        var shortDate: String
        var paragraphs: [String]
    }

    /// The vocabulary (from `Resources/corpus-words.json`) with its Zipf distribution.
    final class Words: Sendable {
        static let shared = Words()

        struct File: Decodable {
            let functionWords: [String], commonWords: [String], domainWords: [String]
            let onsets: [String], vowels: [String], categories: [String], months: [String]
            let countryWeights: [String: Int]
        }
        let file: File
        /// Ranked words: function words, then common news words, then invented ones.
        let ranked: [String]
        /// Cumulative Zipf weights over `ranked`.
        let cumulative: [Double]
        let countries: [(code: String, name: String, weight: Int)]
        let countryTotal: Int
        let authoritiesByCountry: [String: [AuthorityName]]
        let topics: [(slug: String, keywords: [String])]
        let invented: [String]

        private init() {
            guard let url = Bundle.module.url(forResource: "corpus-words", withExtension: "json"),
                  let data = try? Data(contentsOf: url), let f = try? JSONDecoder().decode(File.self, from: data) else {
                fatalError("DossierBench resource corpus-words.json is missing or malformed")
            }
            file = f
            // Invented words: two or three syllables, in a fixed shuffled order.
            var syllables: [String] = []
            for o in f.onsets { for v in f.vowels { syllables.append(o + v) } }
            var inv: [String] = []
            var r = SyntheticCorpus.SplitMix(seed: 7)
            var seen = Set<String>()
            let reserved = Set([RealisticCorpus.commonWord, RealisticCorpus.rareWord] + f.functionWords + f.commonWords + f.domainWords)
            while inv.count < 40_000 {
                var w = r.pick(syllables) + r.pick(syllables)
                if r.next(3) > 0 { w += r.pick(syllables) }
                if r.next(4) == 0 { w += r.pick(["n", "r", "s", "x", "l"]) }
                if !reserved.contains(w), seen.insert(w).inserted { inv.append(w) }
            }
            invented = inv
            ranked = f.functionWords + f.commonWords + f.domainWords + inv
            var c: [Double] = []
            var sum = 0.0
            for k in 0..<ranked.count {
                sum += 1 / pow(Double(k + 1), 1.02)
                c.append(sum)
            }
            cumulative = c
            let known = Dictionary(KnownNames.countries.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            var cs: [(String, String, Int)] = []
            for (code, w) in f.countryWeights.sorted(by: { $0.key < $1.key }) { if let n = known[code] { cs.append((code, n, w)) } }
            // Every other country now and then.
            for c in KnownNames.countries.sorted(by: { $0.code < $1.code }) where f.countryWeights[c.code] == nil { cs.append((c.code, c.name, 0)) }
            countries = cs.map { ($0.0, $0.1, $0.2 == 0 ? 1 : $0.2 * 40) }
            countryTotal = countries.reduce(0) { $0 + $1.weight }
            authoritiesByCountry = Dictionary(grouping: KnownNames.authorities.filter { $0.country != "INTL" }, by: \.country)
            topics = KnownNames.topicKeywords.sorted { $0.key < $1.key }
                .map { ($0.key, $0.value.filter { k in k.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0 == "-") } }) }
                .filter { !$0.1.isEmpty }
        }

        func zipf(_ r: inout SyntheticCorpus.SplitMix) -> String {
            let x = Double(r.nextUInt64() >> 11) / Double(1 << 53) * cumulative[cumulative.count - 1]
            var lo = 0, hi = cumulative.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] < x { lo = mid + 1 } else { hi = mid }
            }
            return ranked[lo]
        }

        func country(_ r: inout SyntheticCorpus.SplitMix) -> (code: String, name: String) {
            var x = r.next(countryTotal)
            for c in countries {
                if x < c.weight { return (c.code, c.name) }
                x -= c.weight
            }
            return (countries[0].code, countries[0].name)
        }

        func company(_ r: inout SyntheticCorpus.SplitMix) -> String {
            r.pick(invented).capitalized + " " + r.pick(["Labs", "Capital", "Exchange", "Pay", "Chain", "Digital", "Holdings", "Markets", "Bank", "Securities"])
        }

        func sentence(_ r: inout SyntheticCorpus.SplitMix, extra: [String]) -> String {
            let n = 12 + r.next(17)
            var ws: [String] = []
            for _ in 0..<n { ws.append(zipf(&r)) }
            for e in extra { ws.insert(e, at: 1 + r.next(ws.count)) }
            if r.next(10) == 0 { ws.insert(company(&r), at: r.next(ws.count)) }
            ws[0] = ws[0].prefix(1).uppercased() + ws[0].dropFirst()
            return ws.joined(separator: " ") + "."
        }

        func story(_ r: inout SyntheticCorpus.SplitMix) -> Story {
            let (code, country) = country(&r)
            let auth = authoritiesByCountry[code].flatMap { $0.isEmpty ? nil : r.pick($0) }
            let topic = r.pick(topics)
            let kws = (0..<4).map { _ in r.pick(topic.keywords) }
            // More articles in recent years.
            let yearWeights = [1, 1, 2, 2, 3, 4, 5, 6, 8, 9, 7]
            var y = r.next(yearWeights.reduce(0, +)), year = 2016
            for w in yearWeights { if y < w { break }; y -= w; year += 1 }
            let month = r.next(12), day = 1 + r.next(28)
            let months = file.months
            let company = company(&r)
            let verbs = ["tightens", "proposes", "approves", "reviews", "expands", "delays", "publishes", "clarifies", "launches", "updates", "weighs", "drafts"]
            let title = "\(country) \(auth.map { $0.acronym + " " } ?? "")\(r.pick(verbs)) \(kws[0]) \(zipf(&r)) rules for \(company)"
            let target = 300 + r.next(901)
            var paragraphs: [String] = []
            let who = auth.map { "The \($0.name) (\($0.acronym))" } ?? "The government of \(country)"
            paragraphs.append("\(who) said on \(months[month]) \(day) that \(company) must review its \(kws[0]) arrangements before the end of \(year). "
                              + sentence(&r, extra: [kws[1]]))
            var count = paragraphs[0].split(separator: " ").count
            var specials: [String] = []
            if r.next(10) < 6 { specials.append(RealisticCorpus.commonWord) }
            if r.next(1000) == 0 { specials.append(RealisticCorpus.rareWord) }
            if r.next(100) < 15 { specials.append(RealisticCorpus.phrase) }
            while count < target {
                var p: [String] = []
                for _ in 0..<(3 + r.next(4)) {
                    var extra: [String] = []
                    if r.next(4) == 0 { extra.append(r.pick(kws)) }
                    if r.next(6) == 0, let a = auth { extra.append(a.acronym) }
                    if r.next(8) == 0 { extra.append(country) }
                    if !specials.isEmpty, r.next(3) == 0 { extra.append(specials.removeLast()) }
                    p.append(sentence(&r, extra: extra))
                }
                let text = p.joined(separator: " ")
                count += text.split(separator: " ").count
                paragraphs.append(text)
            }
            if !specials.isEmpty { paragraphs[paragraphs.count - 1] += " " + sentence(&r, extra: specials) }
            let hour = 1 + r.next(12), minute = r.next(60)
            let dd = day < 10 ? "0\(day)" : "\(day)"
            return Story(title: title, category: r.pick(file.categories),
                         dateLine: "\(months[month]) \(dd), \(year), \(hour):\(minute < 10 ? "0" : "")\(minute) \(r.next(2) == 0 ? "AM" : "PM")",
                         plainDate: "\(months[month]) \(day), \(year)",
                         shortDate: "\(months[month].prefix(3)) \(dd), \(year)", paragraphs: paragraphs)
        }
    }
}
