import Foundation

/// What a brief is written as.
public enum BriefFormat: String, Sendable, CaseIterable {
    /// A Markdown brief a person would send; one CSV row per article; the article JSON.
    case md, csv, json

    /// The file name extension.
    public var fileExtension: String { rawValue }
}

/// A query's articles, ready to hand on: as a Markdown brief, CSV rows or article JSON.
/// Articles come newest first; the counts are those of the query's facets.
public struct Brief: Sendable {
    /// The query as typed ("" for every article).
    public var query: String
    /// Every matching article, newest first, with its paragraphs.
    public var articles: [Article]
    /// Counts per country, authority and topic over the articles.
    public var facets: FacetCounts

    /// A brief of these articles.
    public init(query: String, articles: [Article], facets: FacetCounts) {
        self.query = query; self.articles = articles; self.facets = facets
    }

    /// The brief in `format`, as bytes to write.
    public func data(_ format: BriefFormat) throws -> Data {
        switch format {
        case .md: return Data(markdown().utf8)
        case .csv: return Data(csv().utf8)
        case .json: return try json()
        }
    }

    /// The earliest and latest publication dates ("2023-04-02", "2025-06-27").
    public var dateRange: (from: String, to: String)? {
        let days = articles.compactMap { $0.published.map { String($0.prefix(10)) } }
        guard let first = days.min(), let last = days.max() else { return nil }
        return (first, last)
    }
}

extension Library {
    /// Every article `query` matches, newest first, with the query's facet counts.
    public func brief(_ query: SearchQuery, text: String) throws -> Brief {
        let facets = try facets(query)
        let results = try search(query, limit: max(facets.total, 1), sort: .date, snippets: false)
        return Brief(query: text, articles: results.hits.map(\.article), facets: facets)
    }
}
