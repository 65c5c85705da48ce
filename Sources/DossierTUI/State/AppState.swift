import DossierCore

/// The pane that has the keyboard: the sidebar's facets, the article list, or the reader.
public enum Pane: Sendable, Equatable {
    case facets, list, reader
}

/// The whole UI in one value: `update` changes it, `render` draws it.
public struct AppState: Sendable {
    /// Terminal size in cells, as the last resize said.
    public var width: Int
    /// Terminal height in cells.
    public var height: Int

    /// The query the results are for (the bar shows `draft` while editing).
    public var query: String { didSet { parseLive() } }
    /// True while the query bar is being typed in (`/`).
    public var editing = false { didSet { parseLive() } }
    /// The query being typed; it becomes `query` on Enter, and is dropped on Escape.
    public var draft = "" { didSet { if editing { parseLive() } } }
    /// `liveQuery` as a syntax tree (nil when it does not parse). Kept with the text, so that
    /// drawing a frame parses nothing: the sort, the sidebar and the status line all read it.
    public private(set) var liveParsed: SearchQuery?
    /// Cursor in `draft`, in characters.
    public var cursor = 0
    var queryBeforeEdit = ""

    /// The order chosen with `s` or `:sort`; nil: automatic (relevance for words, newest
    /// first for filters only).
    public var sortChoice: SearchOrder?
    /// The order in force.
    public var sort: SearchOrder {
        get { sortChoice ?? (liveParsed?.hasText == true ? .relevance : .date) }
        set { sortChoice = newValue }
    }
    /// The `:` command line being typed (nil when closed).
    public var commandLine: String?
    /// Ids the last `A` marked read, for `U` to mark unread again.
    public var undoRead: [String]?
    /// The pane that keys go to.
    public var focus: Pane = .list

    /// The stretch of the results that is loaded: result number `hitsStart` (0 is the
    /// first) and those after it. A long list is never loaded whole; the stretch follows the
    /// cursor (`AppState.fetchIfNeeded`), so memory stays the same at a million results.
    public var hits: [SearchHit] = []
    /// The number of `hits[0]` among all the results.
    public var hitsStart = 0
    /// How many articles the query matches in all.
    public var total = 0
    /// Articles in the library, for "N of M articles".
    public var libraryTotal = 0
    /// Facet counts for the query, once they arrive (the sidebar shows nothing before).
    public var facets: FacetCounts?
    /// What the current results matched, to highlight in the reader (from the search, so
    /// it uses the index's tokenizer and the prefixes' completions).
    public var highlighter = Highlighter(terms: [])
    /// The article list: selected row, first row shown.
    public var list = ListState()
    /// The sidebar: selected entry (an index into `sidebarEntries`), first row shown.
    public var sidebar = ListState()
    /// The reader: first line shown.
    public var reader = ListState()
    /// The entry just toggled: the cursor stays on it while the sidebar reorders.
    var facetFollow: (field: SearchQuery.Field, value: String)?
    /// The library's watchlists, at the top of the sidebar with their new counts.
    public var watchlists: [Watchlist] = []
    /// The query's articles over time, per country, authority and topic (it follows the
    /// facet counts): the header's sparkline, the sidebar's, the timeline and the directory.
    public var activity: Activity?
    /// Each sidebar value's monthly series from `activity`, by `AppState.sparkKey`.
    var sparks: [String: [Int]] = [:]
    /// The timeline or the directory, when one is open over the panes.
    public var overview: OverviewState?
    /// Articles indexed since the reader last showed the library (`.` shows them).
    public var newArticles = 0
    /// The watchlist whose results are shown (as it was before it was opened): while the
    /// query is still its query, searches keep its new articles first and marked.
    public var watching: Watchlist?

    // Shorthands for the fields of those states.
    /// The selected row of the list (`list.selected`).
    public var selected: Int { get { list.selected } set { list.selected = newValue } }
    /// The list's first row shown (`list.offset`).
    public var listTop: Int { get { list.offset } set { list.offset = newValue } }
    /// The selected sidebar entry (`sidebar.selected`).
    public var facetCursor: Int { get { sidebar.selected } set { sidebar.selected = newValue } }
    /// The sidebar's first row shown (`sidebar.offset`).
    public var facetTop: Int { get { sidebar.offset } set { sidebar.offset = newValue } }
    /// The reader's first line shown (`reader.offset`).
    public var readerTop: Int { get { reader.offset } set { reader.offset = newValue } }

    /// The reader is open on `reading` (full screen below the wide layout). Kept apart from
    /// the selection so that results arriving meanwhile never swap the article being read.
    public var readerOpen = false
    /// The article the reader was opened on.
    public var reading: SearchHit?
    /// True while the `?` overlay is shown.
    public var showHelp = false
    /// First row of the help overlay shown (it scrolls on short screens).
    public var helpTop = 0
    /// A one-line message for the status bar (a query error, a failed save).
    public var message: String?
    /// Why the library cannot be written (it opened read-only), or nil: read marks and stars
    /// are then refused with this reason instead of being shown and then lost.
    public var readOnly: String?

    /// Id of the newest search asked for; results with another id are stale.
    public var searchID = 0
    /// The results asked for and not yet answered (nil when none are awaited).
    public var fetching: Range<Int>?
    /// True while a search asked for has not answered (the status line says so).
    public var searching: Bool { fetching != nil }
    /// The reader's last wrapped article (`readerLines()`).
    let readerLinesMemo = ReaderLinesMemo()
    /// Set by `Q`: the run loop ends after this update.
    public var quitting = false

    /// A reader of this size on `query`; `start()` asks for its first results.
    public init(width: Int, height: Int, query: String = "") {
        self.width = width; self.height = height; self.query = query
        parseLive()
    }

    private mutating func parseLive() { liveParsed = try? SearchQuery.parse(liveQuery) }

    /// The query text in force: the draft while editing.
    public var liveQuery: String { editing ? draft : query }

    /// What is searched: while typing, the word being typed counts as a prefix once it has
    /// three letters, so that "tok" already finds tokenization (Enter then searches the
    /// query as written). Shorter words are searched as they stand: a one- or two-letter
    /// prefix matches most of a large library and would only slow the typing down. CJK text
    /// needs no prefix: it matches as a substring already.
    public var searchText: String { editing ? Self.asYouType(draft) : query }

    static let prefixFrom = 3

    static func asYouType(_ text: String) -> String {
        guard let last = text.last, last.isLetter || last.isNumber else { return text }
        let token = text.split(separator: " ").last.map(String.init) ?? ""
        let quotes = text.filter { $0 == "\"" }.count
        guard quotes % 2 == 0, !token.contains(":"), !["OR", "AND", "NOT"].contains(token) else { return text }
        let word = token.drop { $0 == "-" }
        guard word.count >= prefixFrom, !word.unicodeScalars.contains(where: { $0.properties.isIdeographic || (0xAC00...0xD7A3).contains($0.value) || (0x3040...0x30FF).contains($0.value) }) else {
            return text
        }
        return text + "*"
    }

    /// The sidebar's rows: watchlists, then facet groups (`FacetRows`).
    var sidebarRows: [FacetRow] { FacetRows.rows(facets, query: liveQuery, parsed: liveParsed, watchlists: watchlists) }
    /// The rows the sidebar's cursor stops on.
    var sidebarEntries: [FacetRow] { sidebarRows.filter { $0.kind != .heading } }

    /// The results loaded, by their numbers among all the results.
    public var loaded: Range<Int> { hitsStart..<(hitsStart + hits.count) }

    /// Result number `i`, when it is loaded.
    public func hit(at i: Int) -> SearchHit? { loaded.contains(i) ? hits[i - hitsStart] : nil }

    /// The result under the list's cursor, when it is loaded.
    public var selectedHit: SearchHit? { hit(at: selected) }

    /// What the reader shows: the open article, else (wide screens) the selected one.
    public var readerHit: SearchHit? { readerOpen ? reading ?? selectedHit : selectedHit }
}

enum SearchPaging {
    /// Results a new search loads: more than a tall screen shows.
    static let page = 60
    /// Results loaded around the cursor once it leaves them (three screens' worth), and
    /// how close to the loaded stretch's edge the cursor may come before the next is asked for.
    static let window = 180, margin = 20
}
