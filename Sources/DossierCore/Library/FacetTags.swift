import Foundation

/// Facet values as words in a hidden `tags` column of the full-text index, so that
/// `stablecoin country:jp topic:stablecoins` is one FTS5 expression: FTS5 intersects the
/// posting lists (skipping through them), where SQL would test every match of the word
/// against a materialised set of rowids.
///
/// Each tag is a kind letter after "x" and the value reduced to ASCII letters and digits
/// ("xcjp", "xtstablecoins", "xrhksfc"); a value with anything else in it (a CJK category)
/// becomes a hash, so every tag is a single unicode61 token. The query side builds the same
/// strings and FTS5 tokenizes (and stems) both sides alike.
enum FacetTag {
    enum Kind: Character {
        case country = "c", authority = "r", acronym = "a", topic = "t", category = "k", year = "y", month = "m"
    }

    static func token(_ kind: Kind, _ value: String) -> String {
        var kept = ""
        var plain = true
        for s in value.lowercased().unicodeScalars {
            if s.isASCII, s.properties.isAlphabetic || ("0"..."9").contains(s) {
                kept.unicodeScalars.append(s)
            } else if !" -_.&/@".unicodeScalars.contains(s) {
                plain = false
            }
        }
        if !plain || kept.isEmpty { kept = "h" + StableHash.hex(value.lowercased()).prefix(16) }
        return "x" + String(kind.rawValue) + kept
    }

    /// The tags column for one article.
    static func tags(countries: [String], authorities: [(id: String, acronym: String)], topics: [String],
                     category: String?, published: String?) -> String {
        var out: [String] = []
        out += countries.map { token(.country, $0) }
        for r in authorities { out.append(token(.authority, r.id)); out.append(token(.acronym, r.acronym)) }
        out += topics.map { token(.topic, $0) }
        if let c = category, !c.isEmpty { out.append(token(.category, c)) }
        if let p = published, p.utf8.count >= 4 {
            out.append(token(.year, String(p.prefix(4))))
            if p.utf8.count >= 7 { out.append(token(.month, String(p.prefix(7)))) }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }.joined(separator: " ")
    }

    static func tags(of a: Article) -> String {
        tags(countries: a.countries.map(\.code), authorities: a.authorities.map { ($0.id, $0.acronym) },
             topics: a.topics, category: a.category, published: a.published)
    }

    /// The year or month tags covering a date range exactly, or nil when it does not fall
    /// on whole years or months (days, open ends) or would need too many alternatives.
    static func tokens(covering r: DateRange, limit: Int = 64) -> [String]? {
        guard let from = r.from, let before = r.before else { return nil }
        func ym(_ s: String) -> (Int, Int?)? {
            let p = s.split(separator: "-").map { Int($0) }
            if p.count == 1, let y = p[0] { return (y, nil) }
            if p.count == 2, let y = p[0], let m = p[1] { return (y, m) }
            return nil
        }
        guard let a = ym(from), let b = ym(before) else { return nil }
        switch (a.1, b.1) {
        case (nil, nil):
            guard b.0 > a.0, b.0 - a.0 <= limit else { return nil }
            return (a.0..<b.0).map { token(.year, String($0)) }
        default:
            var (y, m) = (a.0, a.1 ?? 1)
            let end = (b.0, b.1 ?? 1)
            var out: [String] = []
            while (y, m) < end {
                guard out.count < limit else { return nil }
                out.append(token(.month, String(format: "%04d-%02d", y, m)))
                m += 1
                if m > 12 { m = 1; y += 1 }
            }
            return out.isEmpty ? nil : out
        }
    }
}
