import GRDB

/// Keeps the full-text index (`article_fts`) in step with the `article` table. Every change
/// to an article's title, body or tags goes through here.
///
/// Written by the indexer rather than by triggers: an insert into a table with triggers runs
/// in a statement transaction, and opening its savepoint makes FTS5 sync its pending terms,
/// article by article. With triggers, storing took about four times longer (measured in
/// docs/performance.md, "Indexing at scale").
enum FullTextRows {
    /// Indexes a new article's text under `rowid`. `prepared`: tokens of these texts computed
    /// ahead (`PreparedText`), used where they match.
    static func add(rowid: Int64, title: String, body: String, tags: String, prepared: [PreparedText] = [], db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO article_fts(rowid, title, body, tags) VALUES (?, ?, ?, ?)")
        try PreparedText.offering(prepared, to: db) { try insert.execute(arguments: [rowid, title, body, tags]) }
    }

    /// Takes an article's text out of the index; call it before the row is deleted or its
    /// text replaced, because FTS5 needs the very text it indexed to remove it.
    static func remove(rowid: Int64, db: Database) throws {
        try ShortlistStore.noteRemoval(rowid, db: db)
        let delete = try db.cachedStatement(sql: """
            INSERT INTO article_fts(article_fts, rowid, title, body, tags)
            SELECT 'delete', rowid, title, dossier_text(body), tags FROM article WHERE rowid = ?
            """)
        try delete.execute(arguments: [rowid])
    }
}

/// An article as the indexer stores it, made ready on a parsing thread: its row (all but the
/// file), and its title, body and tags tokenized for the full-text index.
struct PreparedArticle: Sendable {
    var article: Article
    var record: ArticleRecord
    var texts: [PreparedText]

    /// `dictionary`: what the body is packed with (zlib when nil).
    init(_ article: Article, dictionary: BodyDictionary? = nil) {
        self.article = article
        let key = article.titleInferred ? "id:" + article.id.prefix(16) : String(StableHash.hex(Library.titleKey(article.title)).prefix(16))
        record = ArticleRecord(article, fileId: 0, titleKey: key, dictionary: dictionary)
        texts = [PreparedText(record.title), PreparedText(record.body), PreparedText(record.tags)]
    }
}
