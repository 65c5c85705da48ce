import Foundation
import GRDB

/// One row of the `article` table: the stored form of an `Article`, and the one record type
/// the indexer writes and searches read.
///
/// ```swift
/// var record = ArticleRecord(article, fileId: 3, titleKey: key)
/// try record.insert(db)                                   // record.rowid is set
/// let rows = try ArticleRecord.filter(keys: [1, 2]).fetchAll(db)
/// ```
/// The text is stored once: `body` is the paragraphs joined by newlines (a paragraph never
/// holds one), deflated when that is smaller (`PackedText`), and the full-text index reads
/// it as external content through the `article_text` view. `meta` holds, as JSON, what has
/// no column of its own (`StoredMeta`).
struct ArticleRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "article"

    var rowid: Int64?
    var id: String
    /// Hash of the normalised headline: a teaser and its article share it.
    var titleKey: String
    var title: String
    /// The body as stored (column `body`).
    var packedBody: PackedText
    /// The paragraphs joined by newlines.
    var body: String { packedBody.text }
    var meta: String
    /// ISO date, or nil when the page had none.
    var published: String?
    /// "YYYY-MM" of `published`.
    var month: String?
    var category: String?
    var offTopic: Bool
    /// Byte length of `body` (a longer text of the same story supersedes a shorter one).
    var length: Int
    var fileId: Int64
    var line: Int
    var role: String
    /// Facet values as words of the full-text index (`FacetTag`).
    var tags: String

    enum CodingKeys: String, CodingKey {
        case rowid, id, titleKey, title, packedBody = "body", meta, published, month, category, offTopic, length, fileId, line, role, tags
    }

    enum Columns {
        static let rowid = Column(CodingKeys.rowid), id = Column(CodingKeys.id), titleKey = Column(CodingKeys.titleKey)
        static let body = Column(CodingKeys.packedBody), length = Column(CodingKeys.length), published = Column(CodingKeys.published)
        static let category = Column(CodingKeys.category), fileId = Column(CodingKeys.fileId)
    }

    /// The record for a parsed article, found in file `fileId`; its body packed with
    /// `dictionary`, or deflated when there is none.
    init(_ a: Article, fileId: Int64, titleKey: String, dictionary: BodyDictionary? = nil) {
        let body = a.paragraphs.joined(separator: "\n")
        rowid = nil
        id = a.id
        self.titleKey = titleKey
        title = a.title
        packedBody = PackedText(body, dictionary: dictionary)
        meta = (try? String(decoding: JSONEncoder.sorted.encode(StoredMeta(a)), as: UTF8.self)) ?? "{}"
        published = a.published
        month = a.published.map { String($0.prefix(7)) }
        category = a.category
        offTopic = a.offTopic
        length = body.utf8.count
        self.fileId = fileId
        line = a.source.line
        role = a.source.role.rawValue
        tags = FacetTag.tags(of: a)
    }

    /// Every article's rowid and month, newest first, from the date index alone (the rows,
    /// which carry the text, are never read).
    static let newestFirst: SQL = """
        SELECT \(Columns.rowid), substr(\(Columns.published), 1, 7) FROM \(ArticleRecord.self) INDEXED BY article_published
        ORDER BY \(Columns.published) DESC, \(Columns.rowid) DESC
        """

    /// Each category with its articles' rowids (`group_concat`), from the category index.
    static let categoryGroups: SQL = """
        SELECT \(Columns.category), group_concat(\(Columns.rowid)) FROM \(ArticleRecord.self)
        WHERE \(Columns.category) IS NOT NULL GROUP BY \(Columns.category)
        """

    mutating func didInsert(_ inserted: InsertionSuccess) { rowid = inserted.rowID }

    /// The article again, from this row, the path of its file and its other sightings.
    /// `full`: with its paragraphs (else the summary only).
    func article(path: String, alsoIn: [SourceReference], full: Bool) -> Article {
        // A row whose extra fields cannot be read still shows its text.
        let m = (try? JSONDecoder().decode(StoredMeta.self, from: Data(meta.utf8))) ?? StoredMeta()
        // Byte-level split: Character-level splitting cost more than the query itself.
        let paragraphs = body.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(Substring($0)) }
        let subheads = Set(m.subheadings)
        let blocks = paragraphs.enumerated().map {
            BodyBlock(kind: subheads.contains($0.offset) ? .subheading : .paragraph, text: $0.element, line: 0)
        }
        return Article(
            id: id, title: title, titleInferred: m.titleInferred, category: category,
            published: published, publishedInferred: m.publishedInferred,
            source: SourceLocation(path: path, line: line, role: ArticleRole(rawValue: role) ?? .main),
            countries: m.countries.map { CountryTag(code: $0.c, name: Library.countryNames[$0.c] ?? $0.c, score: $0.s) },
            authorities: m.authorities, topics: m.topics, offTopic: offTopic,
            summary: Summary.of(blocks), paragraphs: full ? paragraphs : [],
            subheadings: m.subheadings, alsoIn: alsoIn)
    }
}

/// The article fields stored as JSON beside the text columns: only what cannot be derived
/// (country names come from the gazetteer, the summary from the body; category, date and
/// off-topic flag are columns) and only when not the default, to keep the library small.
/// Older rows with more keys still decode: unknown keys are ignored.
struct StoredMeta: Codable {
    struct Country: Codable { var c: String; var s: Double }
    var titleInferred = false
    var publishedInferred = false
    var countries: [Country] = []
    var authorities: [AuthorityTag] = []
    var topics: [String] = []
    var subheadings: [Int] = []

    init() {}

    init(_ a: Article) {
        titleInferred = a.titleInferred; publishedInferred = a.publishedInferred
        countries = a.countries.map { Country(c: $0.code, s: $0.score) }
        authorities = a.authorities; topics = a.topics; subheadings = a.subheadings
    }

    enum CodingKeys: String, CodingKey {
        case titleInferred, publishedInferred, countries, topics, subheadings
        case authorities = "regulators"   // the stored name, kept so older libraries read
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        titleInferred = try c.decodeIfPresent(Bool.self, forKey: .titleInferred) ?? false
        publishedInferred = try c.decodeIfPresent(Bool.self, forKey: .publishedInferred) ?? false
        countries = try c.decodeIfPresent([Country].self, forKey: .countries) ?? []
        authorities = try c.decodeIfPresent([AuthorityTag].self, forKey: .authorities) ?? []
        topics = try c.decodeIfPresent([String].self, forKey: .topics) ?? []
        subheadings = try c.decodeIfPresent([Int].self, forKey: .subheadings) ?? []
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if titleInferred { try c.encode(true, forKey: .titleInferred) }
        if publishedInferred { try c.encode(true, forKey: .publishedInferred) }
        if !countries.isEmpty { try c.encode(countries, forKey: .countries) }
        if !authorities.isEmpty { try c.encode(authorities, forKey: .authorities) }
        if !topics.isEmpty { try c.encode(topics, forKey: .topics) }
        if !subheadings.isEmpty { try c.encode(subheadings, forKey: .subheadings) }
    }
}

