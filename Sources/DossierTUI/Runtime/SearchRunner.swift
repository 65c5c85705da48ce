import DossierCore
import Foundation

/// What the reader asks of a library: `Library` in the program, a fake in tests.
public protocol ReaderLibrary: AnyObject, Sendable {
    func parse(_ text: String) throws(QueryError) -> SearchQuery
    func search(_ query: SearchQuery, limit: Int, offset: Int, sort: SearchOrder, snippets: Bool) throws -> SearchResults
    func sidebarFacets(_ query: SearchQuery) throws -> FacetCounts
    /// The newest article's mark (`Library.currentMark`): what is indexed later is after it.
    func currentMark() throws -> WatchMark
    /// How many of a query's articles were indexed after a mark (`Library.count(_:since:)`).
    func count(_ query: SearchQuery, since: WatchMark) throws -> Int
    /// Every article of a query, for a brief (`Library.brief`).
    func brief(_ query: SearchQuery, text: String) throws -> Brief
    /// The query's articles over time, per country, authority and topic (`Library.activity`).
    func activity(_ query: SearchQuery) throws -> Activity
    func articleCount() throws(LibraryError) -> Int
    func setRead(_ ids: [String], _ read: Bool) throws
    func setStarred(_ id: String, _ starred: Bool) throws
    func markAllRead(_ query: SearchQuery) throws -> [String]
    /// Stops the query running now (a search superseded by a newer one).
    func interrupt()
    /// Why the library cannot be written, or nil when it can.
    var readOnlyReason: String? { get }
    /// The watchlists with their new counts (`Library.watchlists`).
    func watchlists(totals: Bool) throws -> [Watchlist]
    /// Saves a query under a name (`Library.addWatchlist`).
    @discardableResult func addWatchlist(_ name: String, query: String) throws -> Watchlist
    /// Opens a watchlist, recording it (`Library.openWatchlist`).
    func openWatchlist(_ name: String, limit: Int, sort: SearchOrder?, onlyNew: Bool) throws -> WatchlistResults
    /// A query with the articles indexed after `since` first, marked (`Library.watchlistSearch`).
    func watchlistSearch(_ query: SearchQuery, since: WatchMark, limit: Int, offset: Int, sort: SearchOrder?, onlyNew: Bool) throws -> SearchResults
}

extension Library: ReaderLibrary {}

/// Runs searches on a background queue. Only the newest request runs: one superseded while
/// waiting is skipped, and results of an older one are dropped by `update` (by id).
final class SearchRunner: @unchecked Sendable {
    private let library: any ReaderLibrary
    private let queue = DispatchQueue(label: "dossier.search", qos: .userInitiated)
    private let lock = NSLock()
    private var latest = 0
    /// A search is running on the queue (so a newer one interrupts it).
    private var running = false
    private var outbox: [Message] = []

    /// `inline`: run each job at once on the caller's thread (tests that drive a whole run).
    private let inline: Bool

    init(library: any ReaderLibrary, inline: Bool = false) { self.library = library; self.inline = inline }

    private func enqueue(_ job: @escaping @Sendable () -> Void) {
        if inline { job() } else { queue.async(execute: job) }
    }

    func search(id: Int, query: String, sort: SearchOrder, rows: Range<Int>) {
        run(id: id, query: query) { [library] q in
            try library.search(q, limit: rows.count, offset: rows.lowerBound, sort: sort, snippets: false)
        }
    }

    /// An opened watchlist's query again (re-sorted, scrolled): its new articles first.
    func watchSearch(id: Int, query: String, since: WatchMark, sort: SearchOrder, rows: Range<Int>) {
        run(id: id, query: query) { [library] q in
            try library.watchlistSearch(q, since: since, limit: rows.count, offset: rows.lowerBound, sort: sort, onlyNew: false)
        }
    }

    /// Opens a watchlist (recording it) and answers with `.watchOpened`, the results, the
    /// counts, and the watchlists' new counts as they are now.
    func openWatchlist(id: Int, name: String, sort: SearchOrder?, limit: Int) {
        run(id: id, query: nil) { [self] _ in
            let opened = try library.openWatchlist(name, limit: limit, sort: sort, onlyNew: false)
            post(.watchOpened(id: id, opened.watchlist))
            return (opened.results, opened.watchlist.query)
        } after: { [self] in
            post(.watchlists(try library.watchlists(totals: false)))
        }
    }

    func loadWatchlists() {
        enqueue { [self] in
            do { post(.watchlists(try library.watchlists(totals: false))) } catch { post(.failed("could not read the watchlists: \(error)")) }
        }
    }

    func saveWatchlist(name: String, query: String) {
        enqueue { [self] in
            do {
                let w = try library.addWatchlist(name, query: query)
                post(.watchlists(try library.watchlists(totals: false)))
                post(.notice("saved watchlist \"\(w.name)\": the sidebar counts what is indexed from now on"))
            } catch let e as WatchlistError {
                post(.failed(e.description))
            } catch let e as QueryError {
                post(.failed("cannot watch this query: \(e.description)"))
            } catch {
                post(.failed("could not save the watchlist: \(error)"))
            }
        }
    }

    private func run(id: Int, query: String, results: @escaping @Sendable (SearchQuery) throws -> SearchResults) {
        run(id: id, query: query, { q in (try results(q!), query) }, after: nil)
    }

    /// Runs the newest search only: `results` (given the parsed query, when there is text to
    /// parse) answers with the results and the query text to count facets for.
    private func run(id: Int, query: String?, _ results: @escaping @Sendable (SearchQuery?) throws -> (SearchResults, String),
                     after: (@Sendable () throws -> Void)?) {
        lock.lock(); latest = id; let busy = running; lock.unlock()
        // A search still running is for older text: stop it rather than wait for it.
        if busy { library.interrupt() }
        enqueue { [self] in
            lock.lock(); let stale = id != latest; lock.unlock()
            if stale { return }
            lock.lock(); running = true; lock.unlock()
            defer { lock.lock(); running = false; lock.unlock() }
            do {
                let parsed = try query.map { try library.parse($0) }
                let (found, text) = try results(parsed)
                post(.results(id: id, found, libraryTotal: try library.articleCount()))
                try after?()
                // Counts follow: the list is on screen first (the facet cache's first load
                // takes a moment on a large library).
                lock.lock(); let superseded = id != latest; lock.unlock()
                if superseded { return }
                let q = try parsed ?? library.parse(text)
                post(.facets(id: id, try library.sidebarFacets(q)))
                // Then the activity: the sparklines, the timeline and the directory.
                lock.lock(); let overtaken = id != latest; lock.unlock()
                if overtaken { return }
                post(.activity(id: id, try library.activity(q)))
            } catch let e as QueryError {
                post(.searchFailed(id: id, e.description))
            } catch let e as WatchlistError {
                post(.searchFailed(id: id, e.description))
            } catch {
                // Interrupted for a newer search: its results are on their way.
                lock.lock(); let superseded = id != latest; lock.unlock()
                if !superseded { post(.searchFailed(id: id, "\(error)")) }
            }
        }
    }

    /// Writes the query's articles as a Markdown brief in `folder`; answers with where.
    func export(query: String, folder: String) {
        enqueue { [self] in
            do {
                let brief = try library.brief(library.parse(query), text: query)
                let path = try BriefFile.write(try brief.data(.md), query: query, format: .md, folder: folder)
                post(.notice("exported \(brief.articles.count) article\(brief.articles.count == 1 ? "" : "s") to \(path)"))
            } catch let e as QueryError {
                post(.failed("cannot export: \(e.description)"))
            } catch {
                post(.failed("could not export to \(folder): \((error as NSError).localizedDescription)"))
            }
        }
    }

    /// The library as the reader last showed it; nil until the first look.
    private var shown: WatchMark?
    private var lastGrowth = 0

    /// Looks whether articles were indexed since the reader last showed the library (an
    /// `index --watch` beside it); answers with `.libraryGrew` when the number changes.
    func checkForNew() {
        enqueue { [self] in
            guard let now = try? library.currentMark() else { return }
            guard let shown else { self.shown = now; return }
            guard now.rowid > shown.rowid, let n = try? library.count(SearchQuery(), since: shown), n != lastGrowth else { return }
            lastGrowth = n
            post(.libraryGrew(n))
        }
    }

    /// The reader shows what is new now: later growth counts from here.
    func acknowledgeNew() {
        enqueue { [self] in
            if let now = try? library.currentMark() { shown = now }
            lastGrowth = 0
        }
    }

    func setRead(ids: [String], read: Bool) {
        enqueue { [self] in
            do { try library.setRead(ids, read) } catch { post(.failed("could not save read state: \(error)")) }
        }
    }

    func markAllRead(query: String) {
        enqueue { [self] in
            do { post(.markedRead(try library.markAllRead(library.parse(query)))) } catch {
                post(.failed("could not mark the results read: \(error)"))
            }
        }
    }

    func setStarred(id: String, starred: Bool) {
        enqueue { [self] in
            do { try library.setStarred(id, starred) } catch { post(.failed("could not save the star: \(error)")) }
        }
    }

    private func post(_ m: Message) { lock.lock(); outbox.append(m); lock.unlock() }

    func takeMessages() -> [Message] {
        lock.lock(); defer { lock.unlock() }
        let out = outbox
        outbox = []
        return out
    }
}
