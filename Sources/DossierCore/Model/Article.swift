/// One article found in a page: the public shape of `dossier parse --json` (see the
/// article-json spec). Field names are a public interface: add, never rename.
public struct Article: Sendable, Equatable, Codable {
    /// Stable content hash: the same title and text give the same id on every machine.
    public var id: String
    /// The headline, cleaned (no markup, no site name).
    public var title: String
    /// True when the source had no headline and `title` was derived from the lede.
    public var titleInferred: Bool
    /// The source's own section label ("Policy & Regulation"), if it printed one.
    public var category: String?
    /// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"; nil when unknown.
    public var published: String?
    /// True when part of `published` (usually the year) was inferred from the text.
    public var publishedInferred: Bool
    /// Where in which page the article starts.
    public var source: SourceLocation
    /// Jurisdictions the article is about, most salient first.
    public var countries: [CountryTag]
    /// Authorities named in the article, most mentioned first.
    public var authorities: [AuthorityTag]
    /// Topic slugs from the taxonomy, most salient first.
    public var topics: [String]
    /// True when the article is not about digital assets, fintech or their regulation.
    public var offTopic: Bool
    /// First sentence or two of the body.
    public var summary: String
    /// Cleaned body in reading order; subheadings are entries of their own.
    public var paragraphs: [String]
    /// Indexes into `paragraphs` of the entries that are subheadings.
    public var subheadings: [Int]
    /// Other places the same article was found.
    public var alsoIn: [SourceReference]

    /// Makes an article from its parts; `ArticleParser` is the usual maker.
    public init(id: String, title: String, titleInferred: Bool, category: String?, published: String?,
                publishedInferred: Bool, source: SourceLocation, countries: [CountryTag],
                authorities: [AuthorityTag], topics: [String], offTopic: Bool, summary: String,
                paragraphs: [String], subheadings: [Int], alsoIn: [SourceReference] = []) {
        self.id = id; self.title = title; self.titleInferred = titleInferred
        self.category = category; self.published = published; self.publishedInferred = publishedInferred
        self.source = source; self.countries = countries; self.authorities = authorities
        self.topics = topics; self.offTopic = offTopic; self.summary = summary
        self.paragraphs = paragraphs; self.subheadings = subheadings; self.alsoIn = alsoIn
    }

    enum CodingKeys: String, CodingKey {
        case id, title, titleInferred, category, published, publishedInferred, source, countries
        // The JSON keeps its public name: `regulators` lists every authority.
        case authorities = "regulators"
        case topics, offTopic, summary, paragraphs, subheadings, alsoIn
    }

    // Explicit so that unknown values print as `null` rather than vanish from the JSON.
    /// Writes every key, unknown values as `null`, in the order of the article-json spec.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(titleInferred, forKey: .titleInferred)
        try c.encode(category, forKey: .category)
        try c.encode(published, forKey: .published)
        try c.encode(publishedInferred, forKey: .publishedInferred)
        try c.encode(source, forKey: .source)
        try c.encode(countries, forKey: .countries)
        try c.encode(authorities, forKey: .authorities)
        try c.encode(topics, forKey: .topics)
        try c.encode(offTopic, forKey: .offTopic)
        try c.encode(summary, forKey: .summary)
        try c.encode(paragraphs, forKey: .paragraphs)
        try c.encode(subheadings, forKey: .subheadings)
        try c.encode(alsoIn, forKey: .alsoIn)
    }
}

/// Where an article starts in its page, and what part of the page it was.
public struct SourceLocation: Sendable, Equatable, Codable {
    /// The page's path as it was given (absolute in a library).
    public var path: String
    /// 1-based line of the article's first line (its headline, or its first paragraph).
    public var line: Int
    /// What part of the page the article was: its own story, a teaser, a roundup item.
    public var role: ArticleRole

    /// A location in a page.
    public init(path: String, line: Int, role: ArticleRole) {
        self.path = path; self.line = line; self.role = role
    }
}

/// Another place the same story was seen: a page and the line it starts on (`alsoIn`).
public struct SourceReference: Sendable, Equatable, Codable, Hashable {
    /// The page's path.
    public var path: String
    /// 1-based line where the story starts in that page.
    public var line: Int
    /// A place a story was seen.
    public init(path: String, line: Int) { self.path = path; self.line = line }
}

/// What part of its page an article was; the JSON value is the spec's (`roundup-item`).
public enum ArticleRole: String, Sendable, Equatable, Codable, CaseIterable {
    /// The page's own article, or a stand-alone story of a newswire page.
    case main
    /// A teaser under "More to Read" / "Related".
    case related
    /// One story of a roundup page.
    case roundupItem = "roundup-item"
}

/// A jurisdiction an article is about, with how central it is to the story.
public struct CountryTag: Sendable, Equatable, Codable {
    /// ISO 3166-1 alpha-2.
    public var code: String
    /// The country's English name ("Hong Kong").
    public var name: String
    /// Salience in 0...1; the most salient country of an article scores 1.
    public var score: Double
    /// A country tag.
    public init(code: String, name: String, score: Double) { self.code = code; self.name = name; self.score = score }
}

/// An authority (regulator, central bank, ministry, court, industry body) named in an article.
public struct AuthorityTag: Sendable, Equatable, Codable, Hashable {
    /// "<country lowercase>-<acronym lowercase>", e.g. "hk-sfc".
    public var id: String
    /// The short name it goes by ("SFC"), or its name when it has none.
    public var acronym: String
    /// Its full name ("Securities and Futures Commission").
    public var name: String
    /// ISO code, or "INTL" for international bodies.
    public var country: String
    /// "industry-body" for self-regulatory industry groups (Korea's DAXA, Japan's JVCEA),
    /// which stories treat as rule-makers but which regulate no one by law; absent for
    /// authorities.
    public var kind: String?
    /// An authority tag; `kind` is nil for authorities proper.
    public init(id: String, acronym: String, name: String, country: String, kind: String? = nil) {
        self.id = id; self.acronym = acronym; self.name = name; self.country = country; self.kind = kind
    }
}
