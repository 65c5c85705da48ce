import DossierCore

/// A key, as the backend decodes it.
public enum Key: Equatable, Sendable {
    case char(Character)
    /// Ctrl plus a letter ("d" for Ctrl-D).
    case ctrl(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end
}

/// A mouse event at a cell (0-based column and row).
public enum MouseEvent: Equatable, Sendable {
    case click(x: Int, y: Int)
    case wheelUp(x: Int, y: Int)
    case wheelDown(x: Int, y: Int)
}

/// Everything that can change the state (Bubble Tea's messages).
public enum Message: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    /// Results of the search with this id; stale ids are dropped.
    case results(id: Int, SearchResults, libraryTotal: Int)
    /// Facet counts for the search with this id (they follow the results).
    case facets(id: Int, FacetCounts)
    /// The query's activity over time for the search with this id (it follows the counts).
    case activity(id: Int, Activity)
    case searchFailed(id: Int, String)
    /// Something went wrong outside a search (saving read state).
    case failed(String)
    /// A line for the status bar from the runtime (where a citation went).
    case notice(String)
    /// `A` marked these articles read (they were unread).
    case markedRead([String])
    /// The library's watchlists with their new counts (at start, and after each change).
    case watchlists([Watchlist])
    /// This many articles were indexed since the reader last showed the library.
    case libraryGrew(Int)
    /// The watchlist opened by the search with this id, as it was before: its new count,
    /// and the mark that keeps its new articles marked when re-sorted.
    case watchOpened(id: Int, Watchlist)
}

/// Work `update` asks for; the runtime performs it off the UI thread and answers with messages.
public enum Effect: Equatable, Sendable {
    /// Search `query`, for the results numbered `rows` (0 is the first): the stretch of a
    /// long list the reader shows.
    case search(id: Int, query: String, sort: SearchOrder, rows: Range<Int>)
    /// A search of an opened watchlist's query: articles indexed after `since` first, marked.
    case watchSearch(id: Int, query: String, since: WatchMark, sort: SearchOrder, rows: Range<Int>)
    /// Open a watchlist (records the opening); answered with `.watchOpened`, then results.
    case openWatchlist(id: Int, name: String, sort: SearchOrder?, limit: Int)
    /// Save the query as a watchlist; answered with `.watchlists` or `.failed`.
    case saveWatchlist(name: String, query: String)
    /// Load the watchlists and their new counts.
    case loadWatchlists
    /// The new articles are shown: count growth from now on.
    case acknowledgeNew
    /// Write the query's articles as a Markdown brief; answered with `.notice` (the path).
    case export(query: String)
    case setRead(id: String, read: Bool)
    case setReadMany(ids: [String], read: Bool)
    /// Mark every result of the query read; the runtime answers with `.markedRead`.
    case markAllRead(query: String)
    case setStarred(id: String, starred: Bool)
    /// Show the source page at a line in `$PAGER`, the screen restored after.
    case openPager(path: String, line: Int)
    /// Copy text to the clipboard (OSC 52) or to the clipboard file.
    case copy(String)
    case quit
    /// Ctrl-c: quit as an interrupt would end any other command (exit status 130, SIGINT).
    case interrupt
}
