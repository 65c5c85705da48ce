import DossierBench
import Foundation
import Testing
@testable import DossierCore

/// The query language: syntax tree, errors with positions, and hostile strings.
struct QueryParserTests {
    @Test("Words, OR groups, exclusions, phrases, prefixes and fields")
    func grammar() throws {
        let q = try SearchQuery.parse(#"stablecoin kyc OR aml -tether NOT binance "purpose bound money" token* title:licence country:hk country:sg date:2023-06..2024-02"#)
        #expect(q.groups == [[.word("stablecoin")], [.word("kyc"), .word("aml")], [.phrase("purpose bound money")],
                             [.word("token", prefix: true)], [.word("licence", titleOnly: true)]])
        #expect(q.excluded == [.word("tether"), .word("binance")])
        #expect(q.filters[.country] == ["HK", "SG"])
        #expect(q.filters[.date] == ["2023-06..2024-02"])
        #expect(q.notes.isEmpty)
    }

    @Test("Filters are excluded with - and NOT, on every field")
    func excludedFilters() throws {
        let q = try SearchQuery.parse("stablecoin -country:sg NOT regulator:mas -topic:stablecoins NOT date:2024 -is:read -role:related -title:draft")
        #expect(q.groups == [[.word("stablecoin")]])
        #expect(q.filters.isEmpty)
        #expect(q.excludedFilters == [.country: ["SG"], .authority: ["MAS"], .topic: ["stablecoins"], .date: ["2024"],
                                      .state: ["read"], .role: ["related"]])
        #expect(q.excluded == [.word("draft", titleOnly: true)])
        #expect(q.notes.isEmpty, "an exclusion is not a best-effort reading")
        let only = try SearchQuery.parse("-country:cn")
        #expect(!only.hasText && only.filters.isEmpty && only.excludedFilters == [.country: ["CN"]])
    }

    @Test("Values are canonical: codes, names, the facets --json key and the alias all give one value")
    func canonicalValues() throws {
        for text in ["authority:sfc@hk", "regulator:SFC@HK", "authority:hk-sfc", #"authority:"securities and futures commission""#] {
            #expect(try SearchQuery.parse(text).filters[.authority] == ["SFC@HK"], "\(text)")
        }
        #expect(try SearchQuery.parse("authority:mas").filters[.authority] == ["MAS"])
        #expect(try SearchQuery.parse(#"country:"Hong Kong" country:hk"#).filters[.country] == ["HK"], "one value once")
        #expect(try SearchQuery.parse("topic:AML-KYC is:Unread role:roundup-item").filters == [.topic: ["aml-kyc"], .state: ["unread"], .role: ["roundup-item"]])
        #expect(try SearchQuery.parse("date:2024.. date:..2023-06").filters[.date] == ["2024..", "..2023-06"])
    }

    @Test("Unknown values are errors with a position and a suggestion", arguments: [
        ("kyc topic:aml", 5, "did you mean topic:aml-kyc?"),
        ("topic:nonsense", 1, "topics: "),
        ("country:singapur", 1, "did you mean country:sg?"),
        ("authority:mas@jp", 1, "did you mean authority:mas@sg?"),
        ("is:stared", 1, "did you mean is:starred?"),
        ("role:teaser", 1, "role: takes main, related, roundup-item"),
        ("contry:hk", 1, "did you mean country:?"),
        ("date:yesterday", 1, "try date:2024"),
    ] as [(String, Int, String)])
    func unknownValues(text: String, position: Int, hint: String) {
        do {
            _ = try SearchQuery.parse(text)
            Issue.record("\(text) should be refused")
        } catch {
            #expect(error.position == position, "\(text)")
            #expect(error.message.contains(hint), "\(text): \(error.message)")
        }
    }

    @Test("With the library's vocabulary, unknown authorities and categories are refused too")
    func vocabulary() throws {
        let v = QueryVocabulary(authorities: [AuthorityName(acronym: "VARA", country: "AE", name: "")], categories: ["Policy & Regulation"])
        #expect(try SearchQuery.parse("authority:vara authority:vara@ae authority:ae-vara", vocabulary: v).filters[.authority] == ["VARA", "VARA@AE"])
        #expect(try SearchQuery.parse(#"category:"policy & regulation""#, vocabulary: v).filters[.category] == ["Policy & Regulation"])
        #expect(throws: QueryError.self) { try SearchQuery.parse("authority:zzq", vocabulary: v) }
        #expect(throws: QueryError.self) { try SearchQuery.parse("category:sport", vocabulary: v) }
        #expect(try SearchQuery.parse("authority:zzq").filters[.authority] == ["ZZQ"], "without a vocabulary: kept for the library to answer")
    }

    /// Random trees from a seeded generator: printing and parsing give the same tree.
    @Test("description round-trips: parse(print(q)) == q", arguments: 0..<8)
    func roundTrip(seed: UInt64) throws {
        var rng = SyntheticCorpus.SplitMix(seed: seed)
        let words = ["stablecoin", "kyc", "U.S", "e-money", "don't", "稳定币", "licence", "token", "a1"]
        let values: [(SearchQuery.Field, [String])] = [
            (.country, ["HK", "SG", "KR", "JP"]), (.authority, ["MAS", "SFC@HK", "FSC@KR"]), (.topic, ["stablecoins", "aml-kyc", "cbdc"]),
            (.category, ["Policy & Regulation", "News"]), (.date, ["2024", "2023-06..2024-02", "..2023", "2024-05-01.."]),
            (.state, ["unread", "starred"]), (.role, ["main", "roundup-item"]),
        ]
        for _ in 0..<200 {
            var q = SearchQuery()
            func term() -> SearchQuery.Term {
                let w = words[Int(rng.nextUInt64() % UInt64(words.count))]
                switch rng.nextUInt64() % 4 {
                case 0: return .phrase(w + " " + words[Int(rng.nextUInt64() % UInt64(words.count))], titleOnly: rng.nextUInt64() % 3 == 0)
                default: return .word(w, prefix: rng.nextUInt64() % 3 == 0, titleOnly: rng.nextUInt64() % 4 == 0)
                }
            }
            for _ in 0..<(rng.nextUInt64() % 4) { q.groups.append((0...(rng.nextUInt64() % 3)).map { _ in term() }) }
            for _ in 0..<(rng.nextUInt64() % 3) { q.excluded.append(term()) }
            for (field, list) in values where rng.nextUInt64() % 3 == 0 {
                let v = list[Int(rng.nextUInt64() % UInt64(list.count))]
                if rng.nextUInt64() % 2 == 0 { q.filters[field] = [v] } else { q.excludedFilters[field] = [v] }
            }
            // Canonical trees only: the parser merges repeated words, groups and exclusions.
            q.groups = q.groups.map { g in var seen = Set<SearchQuery.Term>(); return g.filter { seen.insert($0).inserted } }
            var seenGroups = Set<[SearchQuery.Term]>()
            q.groups = q.groups.filter { seenGroups.insert($0).inserted }
            var seenExcluded = Set<SearchQuery.Term>()
            q.excluded = q.excluded.filter { seenExcluded.insert($0).inserted }
            let printed = q.description
            let back = try SearchQuery.parse(printed)
            #expect(back == q, "\(printed)")
            #expect(back.notes.isEmpty, "\(printed)")
        }
    }

    @Test("Whatever text parses prints back to the same tree (fuzz findings and seeded random text)", arguments: 0..<4)
    func anyTextRoundTrips(seed: UInt64) throws {
        // Found by the query fuzzer (Tests/Fuzz/run query): a control character between words.
        var texts = ["title:exchange \u{04}sort:date", "a\u{0}b", "\u{7}\"x\u{1b}y\"", "-\u{85}kyc", "title:\u{2028}x"]
        texts.append(String(decoding: [0x4f, 0xc9, 0, 0, 0xd8, 0x90, 0x8d, 0x86, 0xdd, 0x3a, 0x50, 0x65] as [UInt8], as: UTF8.self))
        texts += ["\u{6d6}t\"\u{6d6}t", "a \"\u{301}b c\"", "x -\u{301}y", "kyc (\u{301}aml)"]
        var rng = SyntheticCorpus.SplitMix(seed: seed)
        let pieces = ["kyc", " ", "\"", "(", ")", "-", ":", "*", "country:", "title:", "OR", "NOT", "AND", "sg", "稳定币", "\u{4}",
                      "\u{0}", "\t", "\n", "\u{1b}", "\u{85}", "\u{a0}", "\u{200b}", "date:", "2024", "..", "@", "é", "e\u{301}",
                      "\u{301}", "\u{610}", "\u{FFFD}", "\u{200d}"]
        for _ in 0..<500 {
            texts.append((0..<(1 + rng.nextUInt64() % 8)).map { _ in pieces[Int(rng.nextUInt64() % UInt64(pieces.count))] }.joined())
        }
        for text in texts {
            guard let q = try? SearchQuery.parse(text) else { continue }
            let back = try SearchQuery.parse(q.description)
            #expect(back == q, "\(text.debugDescription) printed as \(q.description.debugDescription): \(String(reflecting: q.groups)) \(String(reflecting: q.excluded)) vs \(String(reflecting: back.groups)) \(String(reflecting: back.excluded))")
        }
    }

    @Test("Quoted field values and regulators with a country")
    func fieldValues() throws {
        let q = try SearchQuery.parse(#"country:"hong kong" regulator:sfc@hk category:"policy & regulation""#)
        #expect(q.filters[.country] == ["HK"])
        #expect(q.filters[.authority] == ["SFC@HK"])
        #expect(q.filters[.category] == ["policy & regulation"])
        #expect(!q.hasText)
    }

    /// Found by the query fuzzer: a format character (U+070F prepends itself to the next
    /// character) made a space split one character in two, so positions counted past the end.
    @Test("Positions count the query as typed, even where a format character joined two")
    func positionsOfTheTextAsTyped() throws {
        do {
            _ = try SearchQuery.parse("\u{070F}x colour:red")
            Issue.record("an unknown field parses")
        } catch {
            #expect(error.position == 3, "colour is the third character as typed")
        }
        let crash = Data(base64Encoded: "KHIAICVhdXTcj40AZWHcj40AZWFkLWNvdUDgdNyPjQBlYWF1dNyPjQBlYdyPjQBlYWQtY291QOB03I+NAGVh3I+NAGVhZGF1dNyPjQBlYdyPjQBlYWQtY291QOB03I+NAGVh3I+NAGVhZC1jdCh03I904CpudCh03I9udCh03It04HIAICVhdXTcj40AZWHcj40AZWFkLWNvdUDgdNyPjQBlYdyPjQAodNwxZmFnaWxpdI/gKm50KHTcj250KHTci3Tcj40AZWFkYXV03I+NAGVh3I+NAGVhZC1jb/////////////////////////+PjQBlYdyPjQBlYWQtY3QodNyPdOAqbnQodNyPbnQodNyLdOByACAlYXV03I+NAGVh3I+NAGVhZC1jb3VA4HTcj40AZWHcj40AKHTcMWZhZ2lsaXSP4CpudCh03I9udCh03It04CpudCh03I8=")!
        let text = String(decoding: crash, as: UTF8.self)
        do { _ = try SearchQuery.parse(text) } catch {
            #expect(error.position >= 1 && error.position <= text.count + 1, "\(error.position) of \(text.count)")
        }
        let notes = try SearchQuery.parse("\u{070F}a \"open").notes
        #expect(notes.contains("unbalanced quote at position 3: read to the end"), "\(notes)")
    }

    @Test("Malformed queries name the problem and its position")
    func errors() {
        #expect(throws: QueryError(message: #"unknown field "colour:" (fields: country, authority, topic, category, date, is, role, title)"#, position: 5)) {
            try SearchQuery.parse("kyc colour:red")
        }
        #expect(throws: QueryError(message: "country: needs a value", position: 1)) { try SearchQuery.parse("country:") }
        #expect(throws: (any Error).self) { try SearchQuery.parse("date:yesterday") }
    }

    @Test("Queries are capped at 4 KB and 64 terms, with the position; repeated terms are merged")
    func caps() {
        let long = String(repeating: "a", count: 4096) + "b"
        #expect(throws: QueryError(message: "the query is longer than 4096 bytes", position: 4097)) { try SearchQuery.parse(long) }
        let many = (1...65).map { "w\($0)" }.joined(separator: " ")
        let position = many.range(of: "w65")!.lowerBound.utf16Offset(in: many) + 1
        #expect(throws: QueryError(message: "more than 64 words, phrases and filters", position: position)) { try SearchQuery.parse(many) }
        #expect(throws: QueryError.self) { try SearchQuery.parse(Array(repeating: "stablecoin", count: 400).joined(separator: " ")) }
        let q = try? SearchQuery.parse("kyc aml kyc kyc OR aml -x -x \"a b\" \"a b\"")
        #expect(q?.groups == [[.word("kyc")], [.word("aml")], [.word("kyc"), .word("aml")], [.phrase("a b")]])
        #expect(q?.excluded == [.word("x")])
        #expect(q?.notes == ["repeated words searched once"])
        #expect((try? SearchQuery.parse((1...64).map { "w\($0)" }.joined(separator: " ")))?.groups.count == 64)
    }

    @Test("Best-effort readings are noted, not refused")
    func bestEffort() throws {
        let q = try SearchQuery.parse(#"OR "unbalanced quote"#)
        #expect(q.groups == [[.phrase("unbalanced quote")]])
        #expect(q.notes.count == 2)
        let r = try SearchQuery.parse("kyc OR")
        #expect(r.groups == [[.word("kyc")]])
        #expect(r.notes == ["ignored an OR at the end"])
        let parens = try SearchQuery.parse("(kyc OR aml) (x)")
        #expect(parens.groups == [[.word("kyc"), .word("aml")], [.word("x")]])
        #expect(parens.notes == ["parentheses are not supported; read as spaces"], "said once, however many there are")
    }

    @Test("Date ranges", arguments: [
        ("2024", "2024", "2025"), ("2023-06..2024-02", "2023-06", "2024-03"), ("..2023", nil, "2024"),
        ("2024-12", "2024-12", "2025-01"), ("2024..", "2024", nil),
    ] as [(String, String?, String?)])
    func dates(text: String, from: String?, before: String?) {
        #expect(DateRange.parse(text) == DateRange(from: from, before: before))
    }

    /// Strings FTS5 would reject if passed raw: every one must compile to a quoted
    /// expression (and the library tests run them against SQLite).
    static let hostile = [
        "U.S.", "e-mail", "don't", "AND", "OR", "NOT", "\"", "\"\"", "*", "-", ":", "a:b", "(", ")", "^", "NEAR(a b)",
        "title:", "\u{1B}[31mred", "🚀 moon", "中文 監管", "\u{0}", "' OR 1=1 --", "kyc\"aml", "***", "-\"", "a OR OR b",
        // Found by the query fuzzer: NUL bytes inside a quoted phrase reached FTS5.
        "topA\u{0}\u{0}ml-kyc O/zoneinfo/f,rcemen0da0Segory:\"Po&i \u{0}\u{0}\u{0}Alation\"", "\"a\u{0}b\"", "title:\"x\u{7}y\"", "\u{6d6}t\"\u{6d6}t",
    ]

    @Test("Hostile strings never crash the parser", arguments: hostile)
    func hostileStrings(text: String) {
        switch Result(catching: { () throws(QueryError) -> SearchQuery in try SearchQuery.parse(text) }) {
        case .success(let q):
            if let m = q.compiled(completions: { _ in [] }).match {
                // Every user string reaches FTS5 quoted, after a column filter.
                #expect(m.hasPrefix("{title body} : \"") || m.hasPrefix("(") || m.hasPrefix("title : \""))
            }
        case .failure(let e):
            #expect(e.position >= 1)
        }
    }
}
