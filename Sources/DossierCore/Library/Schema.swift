import GRDB

/// The library's tables, evolved by GRDB migrations (never edit a shipped migration; add one).
///
/// - `article`: one row per distinct story. `body` is the paragraphs joined by newlines
///   (paragraphs never contain one), deflated when smaller (`PackedText`); `meta` is the rest
///   of the article JSON. The FTS5 index reads it as external content through the view
///   `article_text` (plain text, v13), so the text is stored once.
/// - `article_fts`: FTS5 over body, title and tags, in that order since v18 (`FullTextLayout`),
///   with the `dossier` tokenizer (`SearchTokenizer`: porter stemming over unicode61 with
///   diacritics removed, plus words as written and CJK bigrams); kept in step by the
///   indexer (`FullTextRows`; triggers until v11).
/// - `sighting`: every place a story was seen (teasers repeat across pages).
/// - `article_country` / `article_regulator` / `article_topic`: facet rows for filters and counts.
/// - `search_word`: every word as written with its stem, for prefixes (`WordList`).
/// - `facet_snapshot`: the facet cache as last saved (`FacetSnapshot`), `length_snapshot`: the
///   token lengths BM25 needs (`LengthSnapshot`), and `facet_dirty`: the articles written
///   since, which patch both (`FacetDelta`).
/// - `file`: what was indexed, so unchanged files are skipped. `size = -1` marks a page to
///   read again (it shares a story whose text came from a page that changed; see `detach`),
///   found through the partial index `file_stale`.
/// - `state`: read/starred, keyed by article id; writing it never touches the FTS index.
/// - `watchlist`: named queries and the newest article when each was last opened.
/// - `meta`: the generation, the last index run, and `articleRowidHigh`, the highest
///   article rowid ever given (rowids are never reused, so a higher one is a later article).
enum Schema {
    /// How many bytes of pending terms FTS5 holds in memory before it writes them out as a
    /// segment. Its default, 1 MB, wrote several small segments per write transaction, each
    /// merged again and again; a transaction's terms (`Library.batchesPerTransaction`) stay
    /// below this, so it writes one segment per commit: about 8% less CPU for a fresh index at
    /// 100k and at 1M (docs/performance.md, "FTS5's pending terms"). It also bounds the memory.
    /// Set by each index run that writes (`useFTSHashSize`), not by a migration: a library
    /// made before it is still readable where it is read-only.
    static let ftsHashSize = 64 << 20

    /// Sets `ftsHashSize` in the library's FTS5 configuration when it is not set yet.
    static func useFTSHashSize(_ db: Database) throws {
        let current = try Int.fetchOne(db, sql: "SELECT v FROM article_fts_config WHERE k = 'hashsize'")
        guard current != ftsHashSize else { return }
        try db.execute(sql: "INSERT INTO article_fts(article_fts, rank) VALUES ('hashsize', ?)", arguments: [ftsHashSize])
    }

    /// The migration that saves the caches again in their compact formats (v16).
    static let compactCaches = "v16: saved caches in the compact formats"

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE file (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL UNIQUE,
                    size INTEGER NOT NULL,
                    mtime REAL NOT NULL,
                    articles INTEGER NOT NULL DEFAULT 0,
                    indexedAt REAL NOT NULL
                );
                CREATE TABLE article (
                    rowid INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    titleKey TEXT NOT NULL,
                    title TEXT NOT NULL,
                    body TEXT NOT NULL,
                    meta TEXT NOT NULL,
                    published TEXT,
                    month TEXT,
                    category TEXT COLLATE NOCASE,
                    offTopic INTEGER NOT NULL,
                    length INTEGER NOT NULL,
                    fileId INTEGER NOT NULL REFERENCES file(id),
                    line INTEGER NOT NULL,
                    role TEXT NOT NULL
                );
                CREATE INDEX article_titleKey ON article(titleKey);
                CREATE INDEX article_published ON article(published);
                CREATE TABLE sighting (
                    article INTEGER NOT NULL REFERENCES article(rowid) ON DELETE CASCADE,
                    fileId INTEGER NOT NULL REFERENCES file(id) ON DELETE CASCADE,
                    line INTEGER NOT NULL,
                    role TEXT NOT NULL,
                    PRIMARY KEY (article, fileId, line)
                ) WITHOUT ROWID;
                CREATE INDEX sighting_file ON sighting(fileId);
                CREATE TABLE article_country (
                    article INTEGER NOT NULL REFERENCES article(rowid) ON DELETE CASCADE,
                    code TEXT NOT NULL,
                    rank INTEGER NOT NULL,
                    PRIMARY KEY (code, article)
                ) WITHOUT ROWID;
                CREATE INDEX article_country_article ON article_country(article);
                CREATE TABLE article_regulator (
                    article INTEGER NOT NULL REFERENCES article(rowid) ON DELETE CASCADE,
                    regId TEXT NOT NULL,
                    acronym TEXT NOT NULL COLLATE NOCASE,
                    country TEXT NOT NULL,
                    PRIMARY KEY (regId, article)
                ) WITHOUT ROWID;
                CREATE INDEX article_regulator_article ON article_regulator(article);
                CREATE INDEX article_regulator_acronym ON article_regulator(acronym);
                CREATE TABLE article_topic (
                    article INTEGER NOT NULL REFERENCES article(rowid) ON DELETE CASCADE,
                    topic TEXT NOT NULL,
                    PRIMARY KEY (topic, article)
                ) WITHOUT ROWID;
                CREATE INDEX article_topic_article ON article_topic(article);
                CREATE TABLE state (
                    id TEXT PRIMARY KEY,
                    read INTEGER NOT NULL DEFAULT 0,
                    starred INTEGER NOT NULL DEFAULT 0
                ) WITHOUT ROWID;
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                CREATE VIRTUAL TABLE article_fts USING fts5(
                    title, body, content='article', content_rowid='rowid',
                    tokenize='porter unicode61 remove_diacritics 2'
                );
                CREATE VIRTUAL TABLE article_vocab USING fts5vocab(article_fts, 'row');
                CREATE TRIGGER article_ai AFTER INSERT ON article BEGIN
                    INSERT INTO article_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
                END;
                CREATE TRIGGER article_ad AFTER DELETE ON article BEGIN
                    INSERT INTO article_fts(article_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
                END;
                CREATE TRIGGER article_au AFTER UPDATE OF title, body ON article BEGIN
                    INSERT INTO article_fts(article_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
                    INSERT INTO article_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
                END;
                """)
        }
        m.registerMigration("v2: category index") { db in
            try db.execute(sql: "CREATE INDEX article_category ON article(category)")
        }
        m.registerMigration("v3: facet tags in the full-text index") { db in
            // Facet filters become FTS5 terms on a hidden third column (see FacetTag).
            try db.execute(sql: """
                ALTER TABLE article ADD COLUMN tags TEXT NOT NULL DEFAULT '';
                DROP INDEX article_regulator_acronym;
                DROP TRIGGER article_ai; DROP TRIGGER article_ad; DROP TRIGGER article_au;
                DROP TABLE article_vocab;
                DROP TABLE article_fts;
                """)
            try fillTags(db)
            try db.execute(sql: """
                CREATE VIRTUAL TABLE article_fts USING fts5(
                    title, body, tags, content='article', content_rowid='rowid',
                    tokenize='porter unicode61 remove_diacritics 2'
                );
                CREATE VIRTUAL TABLE article_vocab USING fts5vocab(article_fts, 'row');
                CREATE TRIGGER article_ai AFTER INSERT ON article BEGIN
                    INSERT INTO article_fts(rowid, title, body, tags) VALUES (new.rowid, new.title, new.body, new.tags);
                END;
                CREATE TRIGGER article_ad AFTER DELETE ON article BEGIN
                    INSERT INTO article_fts(article_fts, rowid, title, body, tags) VALUES ('delete', old.rowid, old.title, old.body, old.tags);
                END;
                CREATE TRIGGER article_au AFTER UPDATE OF title, body, tags ON article BEGIN
                    INSERT INTO article_fts(article_fts, rowid, title, body, tags) VALUES ('delete', old.rowid, old.title, old.body, old.tags);
                    INSERT INTO article_fts(rowid, title, body, tags) VALUES (new.rowid, new.title, new.body, new.tags);
                END;
                INSERT INTO article_fts(article_fts) VALUES ('rebuild');
                """)
        }
        m.registerMigration("v4: words as written and CJK bigrams (the dossier tokenizer)") { db in
            // Prefixes match words as typed and CJK text matches as a substring (SearchTokenizer).
            // The rebuild tokenizes every article, noting its words for `search_word`.
            try db.execute(sql: """
                CREATE TABLE search_word (surface TEXT PRIMARY KEY, stem TEXT NOT NULL) WITHOUT ROWID;
                DROP TRIGGER article_ai; DROP TRIGGER article_ad; DROP TRIGGER article_au;
                DROP TABLE article_vocab;
                DROP TABLE article_fts;
                CREATE VIRTUAL TABLE article_fts USING fts5(
                    title, body, tags, content='article', content_rowid='rowid', tokenize='\(SearchTokenizer.name)'
                );
                CREATE VIRTUAL TABLE article_vocab USING fts5vocab(article_fts, 'row');
                CREATE TRIGGER article_ai AFTER INSERT ON article BEGIN
                    INSERT INTO article_fts(rowid, title, body, tags) VALUES (new.rowid, new.title, new.body, new.tags);
                END;
                CREATE TRIGGER article_ad AFTER DELETE ON article BEGIN
                    INSERT INTO article_fts(article_fts, rowid, title, body, tags) VALUES ('delete', old.rowid, old.title, old.body, old.tags);
                END;
                CREATE TRIGGER article_au AFTER UPDATE OF title, body, tags ON article BEGIN
                    INSERT INTO article_fts(article_fts, rowid, title, body, tags) VALUES ('delete', old.rowid, old.title, old.body, old.tags);
                    INSERT INTO article_fts(rowid, title, body, tags) VALUES (new.rowid, new.title, new.body, new.tags);
                END;
                INSERT INTO article_fts(article_fts) VALUES ('rebuild');
                """)
            try WordList.flush(db)
        }
        m.registerMigration("v5: saved facet cache") { db in
            try db.execute(sql: """
                CREATE TABLE facet_snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), generation TEXT NOT NULL, data BLOB NOT NULL)
                """)
        }
        m.registerMigration("v6: no fts5vocab table") { db in
            // Nothing reads it (words as written live in search_word).
            try db.execute(sql: "DROP TABLE IF EXISTS article_vocab")
        }
        m.registerMigration("v7: sample pages marked") { db in
            // The bundled sample pages, indexed only on request, so `dossier samples --remove`
            // can take them out again.
            try db.execute(sql: "ALTER TABLE file ADD COLUMN sample INTEGER NOT NULL DEFAULT 0")
        }
        m.registerMigration("v8: pages that failed") { db in
            // Pages that crashed the parser, skipped by later runs while unchanged.
            try db.execute(sql: """
                CREATE TABLE failed_page (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime REAL NOT NULL,
                                          reason TEXT NOT NULL, failedAt REAL NOT NULL) WITHOUT ROWID
                """)
        }
        m.registerMigration("v9: role and off-topic indexes") { db in
            // `role:` and `is:offtopic` read a column stored after the body: without an index
            // SQLite walks every article's overflow pages to reach it.
            try db.execute(sql: """
                CREATE INDEX article_role ON article(role);
                CREATE INDEX article_offTopic ON article(offTopic) WHERE offTopic = 1;
                """)
        }
        m.registerMigration("v10: watchlists") { db in
            // Named queries. `seenRowid` is the newest article when the watchlist was last
            // opened: article rowids only grow (`Library.nextArticleRowid`), so "indexed
            // since" is "rowid above it", which FTS5 answers by seeking.
            try db.execute(sql: """
                CREATE TABLE watchlist (
                    name TEXT PRIMARY KEY COLLATE NOCASE,
                    query TEXT NOT NULL,
                    seenRowid INTEGER NOT NULL,
                    seenAt REAL NOT NULL,
                    createdAt REAL NOT NULL
                ) WITHOUT ROWID;
                INSERT OR IGNORE INTO meta(key, value) SELECT 'articleRowidHigh', coalesce(max(rowid), 0) FROM article;
                """)
        }
        m.registerMigration("v11: the indexer writes the full-text index") { db in
            // Triggers made every article insert a statement transaction, and FTS5 syncs its
            // pending terms at each savepoint: storing was four times slower (`FullTextRows`).
            try db.execute(sql: "DROP TRIGGER article_ai; DROP TRIGGER article_ad; DROP TRIGGER article_au")
        }
        m.registerMigration("v12: facet cache patched, stale pages found by index") { db in
            // A snapshot saved under the old rule (valid for its generation only) that is no
            // longer current would now be taken as a base: drop it, the next use rebuilds it.
            try db.execute(sql: """
                CREATE TABLE facet_dirty (article INTEGER PRIMARY KEY);
                DELETE FROM facet_snapshot WHERE generation IS NOT (SELECT value FROM meta WHERE key = 'generation');
                CREATE INDEX file_stale ON file(id) WHERE size < 0;
                """)
        }
        m.registerMigration("v13: texts stored deflated") { db in
            // Bodies may now be deflated BLOBs (`PackedText`); the full-text index reads them
            // plain through a view. Its content table is an argument of its declaration, so
            // the declaration is edited in place (the index itself does not change) and the
            // schema cookie bumped, so other connections read the new declaration.
            try db.execute(sql: "CREATE VIEW article_text(rowid, title, body, tags) AS SELECT rowid, title, dossier_text(body), tags FROM article")
            let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
            try db.execute(sql: """
                PRAGMA writable_schema = ON;
                UPDATE sqlite_master SET sql = replace(sql, 'content=''article''', 'content=''article_text''') WHERE name = 'article_fts';
                PRAGMA writable_schema = OFF;
                PRAGMA schema_version = \(version + 1);
                """)
        }
        m.registerMigration("v14: token lengths saved apart") { db in
            // A ranked search reads the lengths alone (4 MB at 1M articles), not the whole
            // facet cache. The facet snapshot's format loses them: the old one is dropped,
            // and the next index run (or use) rebuilds it.
            try db.execute(sql: """
                CREATE TABLE length_snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), generation TEXT NOT NULL, data BLOB NOT NULL);
                DELETE FROM facet_snapshot;
                """)
        }
        m.registerMigration("v15: shortlists of common words and prefixes") { db in
            // Empty until an index run saves them (`ShortlistStore`); searches rank every match
            // until then. The facet snapshot goes, so that the next run, changed or not, saves
            // a new generation, and lists with it.
            try db.execute(sql: """
                DELETE FROM facet_snapshot;
                CREATE TABLE shortlist (key TEXT PRIMARY KEY, data BLOB NOT NULL);
                CREATE TABLE shortlist_state (id INTEGER PRIMARY KEY CHECK (id = 1), rowidHigh INTEGER NOT NULL, articles INTEGER NOT NULL);
                CREATE TABLE shortlist_gone (article INTEGER PRIMARY KEY, title TEXT, body, tags TEXT);
                """)
        }
        m.registerMigration(compactCaches) { db in
            // Saved again in the compact formats ("DFC6", "DLN2"), so that readers do not build
            // them from the tables on every open until the next index run. Not with marks: the
            // next run patches them into the shortlists before the caches are saved.
            guard try SnapshotBlob.magic("facet_snapshot", db: db) != nil, try !FacetSnapshot.exists(db),
                  try FacetDelta.count(db) == 0 else { return }
            try Library.saveCaches(Library.buildCaches(db, generation: Library.generation(db)), db: db)
        }
        // Immediate checks: with GRDB's default (deferred) the migrator checks every foreign
        // key of the library after the migration, which read all of it (15 s at 1M articles)
        // for two new tables.
        m.registerMigration("v17: facet counts of each shortlist", foreignKeyChecks: .immediate) { db in
            // Empty until an index run saves lists again (`KeyFacets`): until then facets are
            // counted over the matches, and the first run that saves lists builds them anew.
            try db.execute(sql: """
                CREATE TABLE shortlist_facets (key TEXT PRIMARY KEY, data BLOB NOT NULL);
                CREATE TABLE shortlist_facet_names (id INTEGER PRIMARY KEY CHECK (id = 1), generation TEXT NOT NULL, data BLOB NOT NULL);
                """)
        }
        m.registerMigration("v18: full-text index with the body first", foreignKeyChecks: .immediate) { db in
            // A quarter smaller (`FullTextLayout`). New and small libraries are converted here;
            // a large one keeps the title first, which ranking reads, until `dossier compact`.
            try FullTextLayout.convertIfSmall(db)
        }
        m.registerMigration("v19: dictionaries bodies are packed with") { db in
            // `BodyDictionary`: bodies stored before stay deflated until `dossier compact`.
            try db.execute(sql: "CREATE TABLE body_dictionary (key INTEGER PRIMARY KEY, data BLOB NOT NULL, createdAt REAL NOT NULL)")
        }
        return m
    }

    /// Computes `article.tags` for every stored article from its facet rows.
    static func fillTags(_ db: Database) throws {
        var countries: [Int64: [String]] = [:], topics: [Int64: [String]] = [:]
        var authorities: [Int64: [(id: String, acronym: String)]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT article, code FROM article_country ORDER BY article, rank") {
            countries[row[0], default: []].append(row[1])
        }
        for row in try Row.fetchAll(db, sql: "SELECT article, regId, acronym FROM article_regulator") {
            authorities[row[0], default: []].append((row[1], row[2]))
        }
        for row in try Row.fetchAll(db, sql: "SELECT article, topic FROM article_topic") {
            topics[row[0], default: []].append(row[1])
        }
        let update = try db.makeStatement(sql: "UPDATE article SET tags = ? WHERE rowid = ?")
        for row in try Row.fetchAll(db, sql: "SELECT rowid, category, published FROM article") {
            let r: Int64 = row[0]
            let tags = FacetTag.tags(countries: countries[r] ?? [], authorities: authorities[r] ?? [], topics: topics[r] ?? [],
                                     category: row[1], published: row[2])
            try update.execute(arguments: [tags, r])
        }
    }
}
