import Foundation
import GRDB
import GRDBSQLite

/// What an index run did: the one-line summary every run ends with.
public struct IndexSummary: Sendable, Equatable {
    /// Page files found under the paths given.
    public var filesSeen = 0
    /// Pages parsed and stored (new or changed).
    public var filesIndexed = 0
    /// Pages skipped because their size and time had not changed.
    public var filesUnchanged = 0
    /// Pages gone from the disk whose articles `--prune` removed.
    public var filesRemoved = 0
    /// Unchanged pages read again because a story they share lost the text it was stored
    /// with (its fuller version changed or went): the library ends as a fresh run would.
    public var filesRefreshed = 0
    /// Stories stored for the first time.
    public var articlesNew = 0
    /// Stories replaced by a longer version of themselves (a teaser's full text).
    public var articlesUpdated = 0
    /// Articles found again as they were (in an unchanged file, or a repeat elsewhere).
    public var articlesUnchanged = 0
    /// Pages not read, each with its reason; any makes `index` exit 1.
    public var skipped: [(path: String, reason: String)] = []

    /// Equal counts and the same skipped paths (their reasons are not compared).
    public static func == (a: IndexSummary, b: IndexSummary) -> Bool {
        a.filesSeen == b.filesSeen && a.filesIndexed == b.filesIndexed && a.filesUnchanged == b.filesUnchanged
            && a.filesRemoved == b.filesRemoved && a.filesRefreshed == b.filesRefreshed && a.articlesNew == b.articlesNew && a.articlesUpdated == b.articlesUpdated
            && a.articlesUnchanged == b.articlesUnchanged && a.skipped.map(\.path) == b.skipped.map(\.path)
    }

    /// The one line `index` ends with: counts, then skipped pages grouped by reason.
    public var line: String {
        var s = "\(filesSeen) files seen (\(filesIndexed) indexed, \(filesUnchanged) unchanged"
        if filesRemoved > 0 { s += ", \(filesRemoved) removed" }
        if filesRefreshed > 0 { s += ", \(filesRefreshed) re-read for stories they share" }
        s += "); articles: \(articlesNew) new, \(articlesUpdated) updated, \(articlesUnchanged) unchanged"
        if skipped.isEmpty { return s + "; 0 files skipped" }
        // Grouped by the kind of reason: the words before its details ("not a regular file").
        var reasons: [String: Int] = [:]
        for k in skipped {
            let kind = k.reason.prefix { $0 != "(" && $0 != ";" && $0 != ":" }.trimmingCharacters(in: .whitespaces)
            reasons[kind, default: 0] += 1
        }
        return s + "; \(skipped.count) file\(skipped.count == 1 ? "" : "s") skipped ("
            + reasons.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")"
    }
}

/// Where an index run is, for a progress line.
public struct IndexProgress: Sendable {
    /// Changed pages stored so far.
    public var filesDone: Int
    /// Changed pages to store in this run.
    public var filesTotal: Int
    /// Articles those pages held.
    public var articles: Int
    /// Seconds since storing began.
    public var elapsed: Double
}

extension Library {
    /// Files parsed together (on every core, while the batch before is written).
    static let batchSize = 64
    /// Batches written in one transaction (1,024 pages). A crash loses at most the
    /// transaction in flight; the next run finds those files unrecorded and indexes them again.
    static let batchesPerTransaction = 16

    /// Parses and adds pages (files or folders, recursively). Unchanged files (same size and
    /// modification time) are skipped; a changed file's old articles are replaced; with
    /// `prune`, articles of files that no longer exist are removed. `samples` marks the files
    /// as Dossier's bundled sample pages (see `removeSamples`).
    ///
    /// A page that crashes the parser takes the process down, but not the next run: it is
    /// named (`CrashJournal`), skipped while unchanged with the reason "crashed the parser in
    /// an earlier run", and tried again with `retryFailed`.
    public func index(_ paths: [String], prune: Bool = false, samples: Bool = false, retryFailed: Bool = false,
                      parser: ArticleParser = ArticleParser(),
                      progress: ((IndexProgress) -> Void)? = nil) throws(LibraryError) -> IndexSummary {
        do {
            return try CrashJournal.guarding(library: path) {
                try indexGuarded(paths, prune: prune, samples: samples, retryFailed: retryFailed, parser: parser, progress: progress)
            }
        } catch let e as LibraryError { throw e } catch { throw LibraryError(path: path, underlying: error) }
    }

    static let crashedReason = "crashed the parser in an earlier run (`dossier index --retry-failed` tries it again)"

    private func indexGuarded(_ paths: [String], prune: Bool, samples: Bool, retryFailed: Bool, parser: ArticleParser,
                              progress: ((IndexProgress) -> Void)?) throws(LibraryError) -> IndexSummary {
        var summary = IndexSummary()
        // Pages that crashed an earlier run become failed pages, kept with their size and time.
        let crashed = CrashJournal.takeCrashed(library: path)
        if !crashed.isEmpty {
            try write { db in
                for f in crashed {
                    guard case .stamp(let size, let mtime) = InputFiles.stamp(f) else { continue }
                    try db.execute(sql: "INSERT OR REPLACE INTO failed_page(path, size, mtime, reason, failedAt) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [f, size, mtime, Self.crashedReason, Date().timeIntervalSince1970])
                }
            }
        }
        let failed: [String: (size: Int64, mtime: Double, reason: String)] = try read { db in
            var m: [String: (Int64, Double, String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT path, size, mtime, reason FROM failed_page") {
                m[row["path"]] = (row["size"], row["mtime"], row["reason"])
            }
            return m
        }
        // The folder walk's lists (a million paths at 1M pages) are gone before the caches
        // are built at the end: the run's peak memory is the larger of the two, not their sum.
        let stored = try storeChangedFiles(paths, samples: samples, retryFailed: retryFailed, failed: failed, parser: parser,
                                           summary: &summary, progress: progress)

        if prune {
            summary.filesRemoved = try write { db in try self.pruneMissingFiles(db) }
        }
        try refreshStaleFiles(parser: parser, summary: &summary)
        // Fold the write-ahead log back into the database file, so the library on disk is one file.
        _ = try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let changed = stored || summary.filesRemoved > 0 || summary.filesRefreshed > 0
        try write { db in
            let stamp = ISO8601DateFormatter().string(from: Date())
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('lastIndexRun', ?), ('lastIndexSummary', ?)",
                           arguments: [stamp, summary.line])
            // The saved cache plus the articles marked since is the library as it is: while
            // there are few marks, keep it (one changed page costs no rebuild at 1M articles).
            let marks = try FacetDelta.count(db)
            if try Self.snapshotsPatchable(db, marks: marks) {
                if changed { try Self.bumpGeneration(db) }
                // A run that changed nothing folds the marks earlier runs left into the saved
                // caches, so that readers stop patching them on every open (the patch copies
                // every array: 110 ms per process at 1M articles, whatever the marks).
                else if marks > 0 { try self.saveNewGeneration(db, fromSnapshots: true) }
                return
            }
            try self.saveNewGeneration(db)
        }
        // The writer's cached statements keep the last article's text bound, and its page
        // cache up to 64 MB: neither is needed again soon (a reader, or `index --watch`
        // waiting for the next batch, keeps running).
        _ = try? pool.writeWithoutTransaction { db in db.releaseMemory() }
        return summary
    }

    /// Finds the pages under `paths`, skips the unchanged ones and the known failures, and
    /// stores the rest. True when any page was stored.
    private func storeChangedFiles(_ paths: [String], samples: Bool, retryFailed: Bool,
                                   failed: [String: (size: Int64, mtime: Double, reason: String)], parser: ArticleParser,
                                   summary: inout IndexSummary, progress: ((IndexProgress) -> Void)?) throws(LibraryError) -> Bool {
        // The walk's lists and the known files are freed once the pages to read are chosen.
        let todo = try changedFiles(paths, retryFailed: retryFailed, failed: failed, summary: &summary)
        try store(todo, samples: samples, failed: failed, parser: parser, summary: &summary, progress: progress)
        return !todo.isEmpty
    }

    /// The pages under `paths` that are new or changed (and not known to fail), with their
    /// size and time; the unchanged ones and the skipped ones are counted in `summary`.
    private func changedFiles(_ paths: [String], retryFailed: Bool, failed: [String: (size: Int64, mtime: Double, reason: String)],
                              summary: inout IndexSummary) throws(LibraryError) -> [(path: String, size: Int64, mtime: Double)] {
        let expansion = InputFiles.expand(paths, absolute: true)
        summary.skipped += expansion.problems
        let files = expansion.files
        summary.filesSeen = files.count

        // Which files changed since the last run. Read on the writer's connection, which maps
        // nothing: a reader's memory map would count the whole file table (100 MB at 1M
        // pages) in this process's memory.
        let known = try write { db in try KnownFiles(files, db: db) }
        var todo: [(path: String, size: Int64, mtime: Double)] = []
        for (f, stamp) in zip(files, expansion.stamps) {
            let size: Int64, mtime: Double
            switch stamp {
            case .stamp(let s, let m): (size, mtime) = (s, m)
            case .unreadable(let reason): summary.skipped.append((f, reason)); continue
            }
            if let k = known[f], k.size == size, k.mtime == mtime {
                summary.filesUnchanged += 1
                summary.articlesUnchanged += k.articles
                continue
            }
            if !retryFailed, let bad = failed[f], bad.size == size, bad.mtime == mtime {
                summary.skipped.append((f, bad.reason))
                continue
            }
            todo.append((f, size, mtime))
        }
        return todo
    }

    /// Parses `todo` in batches (the next batch on every core while this one is written) and
    /// stores them `batchesPerTransaction` to a transaction.
    private func store(_ todo: [(path: String, size: Int64, mtime: Double)], samples: Bool,
                       failed: [String: (size: Int64, mtime: Double, reason: String)], parser: ArticleParser,
                       summary: inout IndexSummary, progress: ((IndexProgress) -> Void)?) throws(LibraryError) {
        let start = Date()
        var done = 0
        var articlesSoFar = 0
        // Batches are slices of `todo`, not copies of it.
        let batchCount = (todo.count + Self.batchSize - 1) / Self.batchSize
        // Nothing to store (an unchanged re-run): no parsing threads, no transaction.
        guard batchCount > 0 else { return }
        func batch(_ k: Int) -> ArraySlice<(path: String, size: Int64, mtime: Double)> {
            todo[(k * Self.batchSize)..<min((k + 1) * Self.batchSize, todo.count)]
        }
        // The next batches are parsed (on every core, below the writer's priority) while this
        // one is written (on one): `ParsePool`.
        let packer = try write { db in try BodyPacker(db, samplesToTrain: bodySamplesToTrain) }
        let pool = ParsePool(parser: parser, packer: packer)
        defer { pool.stop() }
        var queued: [ParsedBatch] = []
        var launched = 0
        func parseAhead() {
            while launched < batchCount, queued.count < ParsePool.ahead {
                queued.append(pool.parse(batch(launched).map(\.path)))
                launched += 1
            }
        }
        parseAhead()
        // Several batches per transaction: each commit writes the pages it touched to the
        // log again (b-tree and FTS5 pages shared by every batch), and FTS5 merges what each
        // one flushed. A fresh 1M index wrote 216 GB for a 6.7 GB library at 64 pages a
        // commit, 150 GB at 256 and 92 GB at 1,024 (788 → 754 s). `ParsePool.ahead` batches are
        // parsed ahead whatever the transaction's size, so memory does not grow with it.
        var k = 0
        while k < batchCount {
            let end = min(k + Self.batchesPerTransaction, batchCount)
            try write { db in
                do {
                    // In the run's first transaction: no commit of its own.
                    if k == 0 { try Schema.useFTSHashSize(db) }
                    for j in k..<end {
                        guard !queued.isEmpty else { break }
                        let current = queued.removeFirst()
                        parseAhead()
                        current.group.wait()
                        for (file, result) in zip(batch(j), current.results) {
                            switch result {
                            case .failure(let reason):
                                summary.skipped.append((file.path, reason))
                            case .success(let page, let prepared):
                                try self.store(page, prepared, size: file.size, mtime: file.mtime, sample: samples, db: db, summary: &summary)
                                try packer.gather(prepared.lazy.map(\.record.body), db: db)
                                if failed[file.path] != nil { try db.execute(sql: "DELETE FROM failed_page WHERE path = ?", arguments: [file.path]) }
                                summary.filesIndexed += 1
                                articlesSoFar += page.articles.count
                            }
                        }
                    }
                    // The words the tokenizer noted, in the same transaction as their articles.
                    try WordList.flush(db)
                    // Caches of the old contents (in memory, saved) are stale from here on,
                    // even if the run stops before its end.
                    try Self.bumpGeneration(db)
                } catch {
                    WordList.discard(db)
                    throw error
                }
            }
            done = min(end * Self.batchSize, todo.count)
            k = end
            progress?(IndexProgress(filesDone: done, filesTotal: todo.count, articles: articlesSoFar, elapsed: Date().timeIntervalSince(start)))
        }

    }

    /// The pages marked stale, through their partial index. (With `ORDER BY path` the planner
    /// walked the path index instead: every row of the file table, each run.)
    static let staleFiles = "SELECT path, sample FROM file INDEXED BY file_stale WHERE size < 0"

    /// Reads again the pages marked stale (`file.size = -1`, see `detach`) until none is left.
    /// Marks and articles change in one transaction, so a run killed in between leaves the
    /// marks, and the next run finishes the work.
    func refreshStaleFiles(parser: ArticleParser, summary: inout IndexSummary) throws(LibraryError) {
        // One round re-reads every stale page; a page read again holds the versions it was
        // stored with, so it marks nothing new. The bound only guards against a mistake in that.
        for _ in 0..<4 {
            let stale = try read { db in try Row.fetchAll(db, sql: Self.staleFiles) }.sorted { ($0["path"] as String) < $1["path"] }
            var todo: [Bool: [(path: String, size: Int64, mtime: Double)]] = [:]
            for row in stale {
                // A page gone from the disk stays marked: `--prune` removes it.
                if case .stamp(let size, let mtime) = InputFiles.stamp(row["path"]) { todo[row["sample"], default: []].append((row["path"], size, mtime)) }
            }
            if todo.isEmpty { return }
            var refreshed = IndexSummary()
            for (sample, files) in todo.sorted(by: { !$0.key && $1.key }) {
                try store(files, samples: sample, failed: [:], parser: parser, summary: &refreshed, progress: nil)
            }
            summary.filesRefreshed += refreshed.filesIndexed
            summary.articlesNew += refreshed.articlesNew
            summary.articlesUpdated += refreshed.articlesUpdated
            summary.skipped += refreshed.skipped
        }
    }

    /// Starts a new generation after a change and saves the facet cache and the token
    /// lengths for it, built from every row, or `fromSnapshots`: the saved ones patched with
    /// the marks (a second or two at 1M articles, not a rebuild; equal by `FacetDeltaTests`).
    func saveNewGeneration(_ db: Database, fromSnapshots: Bool = false) throws {
        try Self.bumpGeneration(db)
        let generation = try Self.generation(db)
        let caches = try Self.buildCaches(db, generation: generation, fromSnapshots: fromSnapshots)
        // Before the facet snapshot clears the marks the lists are patched with, and replaces
        // the snapshot that holds the values of the articles gone since (`KeyFacets`).
        try ShortlistStore.save(db, policy: shortlistPolicy, facets: caches.facets)
        try Self.saveCaches(caches, db: db)
        (lengthCacheBox.value, facetCacheBox.value) = caches
    }

    /// The token lengths and the facet cache for the library as it is (labelled
    /// `generation`), built from every row or `fromSnapshots` (see `saveNewGeneration`).
    static func buildCaches(_ db: Database, generation: String, fromSnapshots: Bool = false) throws -> (lengths: LengthCache, facets: FacetCache) {
        let lengths = try (fromSnapshots ? LengthSnapshot.current(db, generation: generation) : nil) ?? LengthCache.build(db, generation: generation)
        let cache = try (fromSnapshots ? FacetSnapshot.current(db, generation: generation) : nil) ?? FacetCache.load(db, generation: generation)
        return (lengths, cache)
    }

    /// Saves both caches. The lengths first: the facet snapshot's save clears the marks both
    /// are patched with.
    static func saveCaches(_ caches: (lengths: LengthCache, facets: FacetCache), db: Database) throws {
        try LengthSnapshot.save(caches.lengths, db: db)
        try FacetSnapshot.save(caches.facets, db: db)
    }

    /// Whether the saved caches plus `marks` marked articles are the library as it is, and
    /// few enough marks that readers patch them in rather than rebuild.
    private static func snapshotsPatchable(_ db: Database, marks: Int) throws -> Bool {
        try marks <= FacetDelta.patchLimit && FacetSnapshot.exists(db) && LengthSnapshot.exists(db)
    }

    /// Folds the marks earlier runs left into the saved caches, when there are some and the
    /// caches are saved (past `FacetDelta.patchLimit` marks a run saves them itself); true
    /// when it did. `index --watch` calls it once a wait passes with nothing to index.
    public func foldPendingMarks() throws(LibraryError) -> Bool {
        try write { db in
            let marks = try FacetDelta.count(db)
            guard marks > 0, try Self.snapshotsPatchable(db, marks: marks) else { return false }
            try self.saveNewGeneration(db, fromSnapshots: true)
            return true
        }
    }

    /// The rowid for a new article: above every rowid ever given, even when the newest
    /// article was deleted since (SQLite alone would give its rowid again). Watchlists count
    /// "indexed since I last looked" as "rowid above the highest then" (`Library.watchlists`).
    static func nextArticleRowid(_ db: Database) throws -> Int64 {
        let next = try articleRowidHigh(db) + 1
        try db.executeCached(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('articleRowidHigh', ?)", arguments: [String(next)])
        return next
    }

    /// The highest article rowid given so far (0 in an empty library).
    static func articleRowidHigh(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT max(coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'articleRowidHigh'), 0),
                       coalesce((SELECT max(rowid) FROM article), 0))
            """)) ?? 0
    }

    static func bumpGeneration(_ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('generation', lower(hex(randomblob(8))))")
    }

    /// A page parsed, with its articles made ready to store (`PreparedArticle`), or why not.
    enum ParseResult { case success(ArticleParser.Page, [PreparedArticle]), failure(String) }

    // MARK: Writing

    /// Replaces what `page`'s file contributed before with what it holds now.
    private func store(_ page: ArticleParser.Page, _ prepared: [PreparedArticle], size: Int64, mtime: Double, sample: Bool, db: Database,
                       summary: inout IndexSummary) throws {
        let now = Date().timeIntervalSince1970
        let fileId: Int64
        if let existing = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM file WHERE path = ?"), arguments: [page.path]) {
            fileId = existing
            try detach(fileId: fileId, stillHeld: Set(page.articles.map(\.id)), db: db)
            try db.executeCached(sql: "UPDATE file SET size = ?, mtime = ?, articles = ?, indexedAt = ?, sample = ? WHERE id = ?",
                           arguments: [size, mtime, page.articles.count, now, sample, fileId])
        } else {
            try db.executeCached(sql: "INSERT INTO file(path, size, mtime, articles, indexedAt, sample) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [page.path, size, mtime, page.articles.count, now, sample])
            fileId = db.lastInsertedRowID
        }
        for a in prepared { try upsert(a, fileId: fileId, db: db, summary: &summary) }
    }

    /// Removes a file's sightings before the file is stored again (holding the articles
    /// `stillHeld`) or removed. A story seen nowhere else goes. A story whose stored text came
    /// from this file, which no longer holds that version, goes too, and the other pages that
    /// saw it are marked stale (`file.size = -1`) to be read again: its text then comes from the
    /// versions that remain, as in a fresh run, never from a page that no longer says it.
    func detach(fileId: Int64, stillHeld: Set<String> = [], db: Database) throws {
        let affected = try Row.fetchAll(db, sql: """
            SELECT a.rowid, a.id, a.fileId FROM sighting s JOIN article a ON a.rowid = s.article WHERE s.fileId = ?
            """, arguments: [fileId])
        try db.executeCached(sql: "DELETE FROM sighting WHERE fileId = ?", arguments: [fileId])
        for row in affected {
            let rowid: Int64 = row[0], id: String = row[1], textFrom: Int64 = row[2]
            let others = try Int64.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT fileId FROM sighting WHERE article = ?"), arguments: [rowid])
            if others.isEmpty {
                try Self.deleteArticle(rowid, db: db)
            } else if textFrom == fileId, !stillHeld.contains(id) {
                try Self.deleteArticle(rowid, db: db)
                try db.execute(sql: "UPDATE file SET size = -1 WHERE id IN (\(others.map(String.init).joined(separator: ",")))")
            }
        }
    }

    /// An article and its text in the full-text index.
    static func deleteArticle(_ rowid: Int64, db: Database) throws {
        try FacetDelta.mark(rowid, db: db)
        try FullTextRows.remove(rowid: rowid, db: db)
        try db.executeCached(sql: "DELETE FROM article WHERE rowid = ?", arguments: [rowid])
    }

    private func pruneMissingFiles(_ db: Database) throws -> Int {
        var removed = 0
        for row in try Row.fetchAll(db, sql: "SELECT id, path FROM file") {
            let path: String = row["path"]
            guard !FileManager.default.fileExists(atPath: path) else { continue }
            let id: Int64 = row["id"]
            try detach(fileId: id, db: db)
            try db.executeCached(sql: "DELETE FROM file WHERE id = ?", arguments: [id])
            removed += 1
        }
        return removed
    }

    /// One story: new, a repeat (another sighting), or a longer version that supersedes a
    /// teaser of it (same headline, and the shorter text opens inside the longer one).
    private func upsert(_ prepared: PreparedArticle, fileId: Int64, db: Database, summary: inout IndexSummary) throws {
        let a = prepared.article
        var record = prepared.record
        record.fileId = fileId
        if let rowid = try Int64.fetchOne(db.cachedStatement(sql: "SELECT rowid FROM article WHERE id = ?"), arguments: [a.id]) {
            try addSighting(rowid, fileId: fileId, a.source, db: db)
            // Its text came from this page, which may have moved it.
            try db.executeCached(sql: "UPDATE article SET line = ?, role = ? WHERE rowid = ? AND fileId = ?",
                           arguments: [a.source.line, a.source.role.rawValue, rowid, fileId])
            summary.articlesUnchanged += 1
            return
        }
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT rowid, length, dossier_text(body) FROM article WHERE titleKey = ?"), arguments: [record.titleKey]) {
            let rowid: Int64 = row[0], length: Int = row[1], other: String = row[2]
            guard Self.sameStory(record.body, other) else { continue }
            try addSighting(rowid, fileId: fileId, a.source, db: db)
            if record.length > length {
                record.rowid = rowid
                try FullTextRows.remove(rowid: rowid, db: db)
                try record.update(db)
                try FullTextRows.add(rowid: rowid, title: record.title, body: record.body, tags: record.tags, prepared: prepared.texts, db: db)
                try writeFacets(a, rowid: rowid, db: db, replacing: true)
                try FacetDelta.mark(rowid, db: db)
                summary.articlesUpdated += 1
            } else {
                summary.articlesUnchanged += 1
            }
            return
        }
        record.rowid = try Self.nextArticleRowid(db)
        try record.insert(db)
        let rowid = try record.rowid ?? { throw DatabaseError(message: "an inserted article has no rowid") }()
        try FullTextRows.add(rowid: rowid, title: record.title, body: record.body, tags: record.tags, prepared: prepared.texts, db: db)
        try addSighting(rowid, fileId: fileId, a.source, db: db)
        try writeFacets(a, rowid: rowid, db: db, replacing: false)
        try FacetDelta.mark(rowid, db: db)
        summary.articlesNew += 1
    }

    private func addSighting(_ rowid: Int64, fileId: Int64, _ source: SourceLocation, db: Database) throws {
        try db.executeCached(sql: "INSERT OR IGNORE INTO sighting(article, fileId, line, role) VALUES (?, ?, ?, ?)",
                       arguments: [rowid, fileId, source.line, source.role.rawValue])
    }

    private func writeFacets(_ a: Article, rowid: Int64, db: Database, replacing: Bool) throws {
        if replacing {
            for t in ["article_country", "article_regulator", "article_topic"] {
                try db.executeCached(sql: "DELETE FROM \(t) WHERE article = ?", arguments: [rowid])
            }
        }
        for (rank, c) in a.countries.enumerated() {
            try db.executeCached(sql: "INSERT OR IGNORE INTO article_country(article, code, rank) VALUES (?, ?, ?)", arguments: [rowid, c.code, rank])
        }
        for r in a.authorities {
            try db.executeCached(sql: "INSERT OR IGNORE INTO article_regulator(article, regId, acronym, country) VALUES (?, ?, ?, ?)",
                           arguments: [rowid, r.id, r.acronym, r.country])
        }
        for t in a.topics {
            try db.executeCached(sql: "INSERT OR IGNORE INTO article_topic(article, topic) VALUES (?, ?)", arguments: [rowid, t])
        }
    }

    /// Lower-case letters and digits of a headline, single-spaced: teasers repeat headlines
    /// with different quotes and spacing.
    static func titleKey(_ title: String) -> String {
        var out = "", space = false
        for ch in title.lowercased() {
            if ch.isLetter || ch.isNumber { if space && !out.isEmpty { out.append(" ") }; out.append(ch); space = false } else { space = true }
        }
        return out
    }

    /// Two texts under one headline are one story when the shorter one's opening words
    /// appear in the longer (a teaser is the start of its article).
    static func sameStory(_ a: String, _ b: String) -> Bool {
        let (short, long) = a.utf8.count <= b.utf8.count ? (a, b) : (b, a)
        let words = short.split(separator: " ", maxSplits: 12).prefix(12).joined(separator: " ")
        let probe = String(words.prefix(60))
        return probe.isEmpty || long.containsBytes(probe)
    }
}

/// What the library recorded of the files an index run found (size, time, articles), to
/// tell the unchanged ones. A few files are looked up one by one. A folder's worth reads the
/// whole table in one pass, decoded straight from SQLite (a million rows through `Row` cost
/// seconds), and keeps each path as a 64-bit hash, not a string: at 1M pages the strings and
/// their dictionary took 120 MB. Two paths with one hash, where one is known and the other
/// not, would need the same size and time as well to be mistaken: odds of about 2⁻⁶⁴·n².
struct KnownFiles {
    typealias Record = (size: Int64, mtime: Double, articles: Int)
    private var byKey: [UInt64: Record] = [:]
    private var byPath: [String: Record] = [:]

    init(_ files: [String], db: Database) throws {
        let fewFiles = files.count < 4_096
        let statement = try db.cachedStatement(sql: fewFiles ? "SELECT path, size, mtime, articles FROM file WHERE path = ?"
                                                              : "SELECT path, size, mtime, articles FROM file")
        let h = statement.sqliteStatement
        func readRows(_ take: (UnsafeRawBufferPointer, Record) -> Void) throws {
            defer { sqlite3_reset(h) }
            var rc = sqlite3_step(h)
            while rc == SQLITE_ROW {
                if let text = sqlite3_column_text(h, 0) {
                    take(UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(h, 0))),
                         (sqlite3_column_int64(h, 1), sqlite3_column_double(h, 2), Int(sqlite3_column_int64(h, 3))))
                }
                rc = sqlite3_step(h)
            }
            guard rc == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
        if fewFiles {
            for f in files {
                try statement.setArguments([f])
                try readRows { _, record in byPath[f] = record }
            }
        } else {
            byKey.reserveCapacity(files.count)
            try readRows { bytes, record in byKey[Self.key(bytes)] = record }
        }
    }

    /// What was recorded of `path`, if anything.
    subscript(path: String) -> Record? {
        if !byPath.isEmpty || byKey.isEmpty { return byPath[path] }
        var p = path
        return p.withUTF8 { byKey[Self.key(UnsafeRawBufferPointer($0))] }
    }

    /// A path's UTF-8 bytes hashed (SipHash, seeded per process: both sides are hashed here).
    private static func key(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = Hasher()
        h.combine(bytes: bytes)
        return UInt64(bitPattern: Int64(h.finalize()))
    }
}

extension Database {
    /// Runs one statement, prepared once per connection: the indexer runs the same few
    /// statements for every article, and preparing them anew cost a tenth of its time.
    func executeCached(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}
