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
        #expect(q.filters[.country] == ["hk", "sg"])
        #expect(q.filters[.date] == ["2023-06..2024-02"])
        #expect(q.notes.isEmpty)
    }

    @Test("Quoted field values and regulators with a country")
    func fieldValues() throws {
        let q = try SearchQuery.parse(#"country:"hong kong" regulator:sfc@hk category:"policy & regulation""#)
        #expect(q.filters[.country] == ["hong kong"])
        #expect(q.filters[.authority] == ["sfc@hk"])
        #expect(q.filters[.category] == ["policy & regulation"])
        #expect(!q.hasText)
    }

    @Test("Malformed queries name the problem and its position")
    func errors() {
        #expect(throws: QueryError(message: #"unknown field "colour:" (fields: country, authority, topic, category, date, title)"#, position: 5)) {
            try SearchQuery.parse("kyc colour:red")
        }
        #expect(throws: QueryError(message: "country: needs a value", position: 1)) { try SearchQuery.parse("country:") }
        #expect(throws: (any Error).self) { try SearchQuery.parse("date:yesterday") }
    }

    @Test("Best-effort readings are noted, not refused")
    func bestEffort() throws {
        let q = try SearchQuery.parse(#"OR "unbalanced quote"#)
        #expect(q.groups == [[.phrase("unbalanced quote")]])
        #expect(q.notes.count == 2)
        let r = try SearchQuery.parse("kyc OR")
        #expect(r.groups == [[.word("kyc")]])
        #expect(r.notes == ["ignored an OR at the end"])
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
    ]

    @Test("Hostile strings never crash the parser", arguments: hostile)
    func hostileStrings(text: String) {
        switch Result(catching: { () throws(QueryError) -> SearchQuery in try SearchQuery.parse(text) }) {
        case .success(let q):
            if let m = (try? q.compiled(countryCodes: [:]))?.match {
                // Every user string reaches FTS5 quoted, after a column filter.
                #expect(m.hasPrefix("{title body} : \"") || m.hasPrefix("(") || m.hasPrefix("title : \""))
            }
        case .failure(let e):
            #expect(e.position >= 1)
        }
    }
}
