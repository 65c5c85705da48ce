import DossierCore

extension AppState {
    /// The first search, for the starting query.
    public mutating func start() -> [Effect] { [search(resetSelection: true), .loadWatchlists] }

    /// Applies a message and returns the work it asks for (Bubble Tea's `update`).
    public mutating func update(_ message: Message) -> [Effect] {
        switch message {
        case .resize(let w, let h):
            width = max(0, w); height = max(0, h)
            clampAll()
            return []
        case .facets(let id, let counts):
            guard id == searchID else { return [] }
            facets = counts
            followFacet()
            clampAll()
            return []
        case .results(let id, let results, let libraryTotal):
            guard id == searchID else { return [] }  // stale: a newer search is on its way
            let keep = selectedHit?.article.id
            hits = results.hits.map(Sanitize.hit)
            hitsStart = results.offset
            total = results.total
            highlighter = results.highlighter
            // How the query was read, when that is not quite what was typed.
            if !results.notes.isEmpty { self.message = "read as: " + results.notes.joined(separator: "; ") }
            self.libraryTotal = libraryTotal
            fetching = nil
            // The selection stays on the same article when it is still there.
            if let keep, let i = hits.firstIndex(where: { $0.article.id == keep }) {
                selected = hitsStart + i
            } else if keep != nil, !readerOpen {
                selected = 0; listTop = 0; readerTop = 0
            }
            clampAll()
            return fetchIfNeeded()
        case .activity(let id, let a):
            guard id == searchID else { return [] }
            receive(activity: a)
            return []
        case .searchFailed(let id, let text):
            guard id == searchID else { return [] }
            fetching = nil
            self.message = text
            return []
        case .failed(let text), .notice(let text):
            self.message = text
            return []
        case .markedRead(let ids):
            undoRead = ids
            let marked = Set(ids)
            for i in hits.indices where marked.contains(hits[i].article.id) { hits[i].read = true }
            if let r = reading, marked.contains(r.article.id) { reading?.read = true }
            self.message = ids.isEmpty ? "nothing unread here" : "marked \(ids.count) read — U to undo"
            return []
        case .libraryGrew(let n):
            newArticles = n
            // News outranks an older message on the status line.
            self.message = nil
            // The sidebar's watchlist counts follow at once; the list waits for `.`.
            return [.loadWatchlists]
        case .watchlists(let list):
            watchlists = list.map(Sanitize.watchlist)
            clampAll()
            return []
        case .watchOpened(let id, let w):
            guard id == searchID else { return [] }
            let w = Sanitize.watchlist(w)
            watching = w
            self.message = w.newCount == 0 ? "\(w.name): nothing new since you last looked"
                : "\(w.name): \(w.newCount) new since you last looked, marked N" + (readOnly == nil ? "" : " (read-only: they stay new)")
            return []
        case .mouse(let event):
            return mouse(event)
        case .key(let key):
            return self.key(key)
        }
    }

    // MARK: Keys

    private mutating func key(_ key: Key) -> [Effect] {
        if key == .ctrl("c") { quitting = true; return [.interrupt] }
        if editing { return editKey(key) }
        if commandLine != nil { return commandKey(key) }
        message = nil
        if showHelp {
            let rows = HelpOverlay.visibleRows(height: height)
            let last = max(KeyHelp.entries.count - rows, 0)
            switch key {
            case .char("?"), .escape, .char("q"): showHelp = false; helpTop = 0
            case .char("Q"): quitting = true; return [.quit]
            case .char("j"), .down: helpTop = min(helpTop + 1, last)
            case .char("k"), .up: helpTop = max(helpTop - 1, 0)
            case .char(" "), .pageDown: helpTop = min(helpTop + max(rows - 1, 1), last)
            case .pageUp: helpTop = max(helpTop - max(rows - 1, 1), 0)
            default: break
            }
            return []
        }
        if overview != nil { return overviewKey(key) }
        switch key {
        case .char("t"): return openOverview(.timeline)
        case .char("a"): return openOverview(.directory)
        case .char("q"):
            // The innermost thing closes: the reader, then the facets' focus, then the program.
            if readerOpen || focus == .reader { closeReader(); return [] }
            if focus == .facets { focus = .list; return [] }
            quitting = true
            return [.quit]
        case .char("Q"):
            quitting = true
            return [.quit]
        case .char(":"):
            commandLine = ""
            return []
        case .char("w"):
            // Name it on the command line; Enter saves.
            guard readOnly == nil else { message = "read-only library (\(readOnly ?? "")): watchlists cannot be saved"; return [] }
            guard hasQueryToWatch() else { return [] }
            commandLine = "watch "
            return []
        case .char("."):
            guard newArticles > 0 else { message = "nothing new since the reader opened"; return [] }
            // The same query again: the selection stays on the article it was on.
            newArticles = 0
            return [search(), .loadWatchlists, .acknowledgeNew]
        case .char("e"):
            // The results as they stand (the word being typed included).
            guard total > 0 else { message = "nothing to export: no articles match"; return [] }
            message = "exporting \(total) article\(total == 1 ? "" : "s")…"
            return [.export(query: searchText)]
        case .char("o"):
            guard let hit = focus == .reader ? readerHit : selectedHit else { return [] }
            return [.openPager(path: hit.article.source.path, line: hit.article.source.line)]
        case .char("i"):
            // The article's full id (the reader shows its first 12 characters).
            guard let hit = focus == .reader ? readerHit : selectedHit else { return [] }
            message = "id \(hit.article.id) — dossier show \(hit.article.id.prefix(8))"
            return []
        case .char("y"):
            guard let hit = focus == .reader ? readerHit : selectedHit else { return [] }
            return [.copy(Self.citation(hit.article))]
        case .char("J"), .char("]"), .char("K"), .char("["):
            guard readerOpen || focus == .reader else { return unbound(key) }
            return stepArticle(by: key == .char("J") || key == .char("]") ? 1 : -1)
        case .char(" ") where readerOpen || focus == .reader:
            return pageOrNextUnread()
        case .char("u"):
            // Unread only: `is:unread` in the query, on or off.
            guard let parsed = parsedQuery() else { return [] }
            query = parsed.toggling(.state, "unread").description
            return [search(resetSelection: true)]
        case .char(let c) where readOnly != nil && "AU*r".contains(c):
            message = "read-only library (\(readOnly ?? "")): read marks and stars cannot be saved"
            return []
        case .char("A"):
            guard total > 0 else { message = "nothing to mark read"; return [] }
            message = "marking \(total) read…"
            return [.markAllRead(query: searchText)]
        case .char("U"):
            guard let ids = undoRead, !ids.isEmpty else { message = "nothing to undo"; return [] }
            undoRead = nil
            let back = Set(ids)
            for i in hits.indices where back.contains(hits[i].article.id) { hits[i].read = false }
            if let r = reading, back.contains(r.article.id) { reading?.read = false }
            message = "undone: \(ids.count) unread again"
            return [.setReadMany(ids: ids, read: false)]
        case .char("*"):
            guard let hit = focus == .reader ? readerHit : selectedHit else { return [] }
            let starred = !hit.starred
            for i in hits.indices where hits[i].article.id == hit.article.id { hits[i].starred = starred }
            if reading?.article.id == hit.article.id { reading?.starred = starred }
            message = starred ? "starred (is:starred lists them)" : "star removed"
            return [.setStarred(id: hit.article.id, starred: starred)]
        case .escape:
            if focus == .reader { closeReader(); return [] }
            if focus == .facets, Layout.of(self).list == nil { focus = .list; return [] }
            guard !query.isEmpty else { return [] }
            query = ""
            return [search(resetSelection: true)]
        case .char("?"): showHelp = true; return []
        case .char("/"):
            editing = true; draft = query; cursor = draft.count; queryBeforeEdit = query
            return []
        case .char("s"):
            sort = sort == .relevance ? .date : .relevance
            return [search(resetSelection: true)]
        case .char("c"):
            guard let parsed = parsedQuery() else { return [] }
            let cleared = parsed.clearingFilters()
            guard cleared != parsed else { return [] }
            query = cleared.description
            return [search(resetSelection: true)]
        case .char("x") where focus == .facets:
            // Exclude the entry (or lift its exclusion): `-country:sg` in the query.
            let entries = sidebarEntries
            guard entries.indices.contains(facetCursor) else { return [] }
            let e = entries[facetCursor]
            guard let field = e.field else { message = "x excludes a country, authority, topic or year; Enter opens a watchlist"; return [] }
            guard let parsed = parsedQuery() else { return [] }
            query = parsed.togglingExclusion(field, e.value).description
            facetFollow = (field, e.value)
            followFacet()
            return [search(resetSelection: true)]
        case .char("f"):
            focus = .facets
            if width < 120 { readerOpen = false; reading = nil }
            return []
        case .tab, .char("l"): moveFocus(by: 1); return []
        case .backTab, .char("h"): moveFocus(by: -1); return []
        case .char("r"):
            guard let hit = focus == .reader ? readerHit : selectedHit else { return [] }
            for i in hits.indices where hits[i].article.id == hit.article.id { hits[i].read = !hit.read }
            if reading?.article.id == hit.article.id { reading?.read = !hit.read }
            return [.setRead(id: hit.article.id, read: !hit.read)]
        case .char("n"), .char("N"):
            guard focus == .reader else { return [] }
            jumpToHit(forward: key == .char("n"))
            return []
        case .enter, .char(" "):
            return activate(space: key == .char(" "))
        default:
            return move(key)
        }
    }

    /// Keys while the query bar is being edited: every change searches at once.
    private mutating func editKey(_ key: Key) -> [Effect] {
        var chars = Array(draft)
        cursor = min(max(cursor, 0), chars.count)
        switch key {
        case .enter:
            // Every edit already searched; again only if the word being typed was a prefix.
            let searched = searchText
            editing = false
            query = draft
            return searched != query ? [search(resetSelection: true)] : []
        case .escape:
            editing = false
            let live = draft
            draft = ""
            query = queryBeforeEdit
            return live != query ? [search(resetSelection: true)] : []
        case .backspace:
            guard cursor > 0 else { return [] }
            chars.remove(at: cursor - 1); cursor -= 1
        case .delete, .ctrl("d"):
            guard cursor < chars.count else { return [] }
            chars.remove(at: cursor)
        case .left: cursor = max(0, cursor - 1); return []
        case .right: cursor = min(chars.count, cursor + 1); return []
        case .home, .ctrl("a"): cursor = 0; return []
        case .end, .ctrl("e"): cursor = chars.count; return []
        case .ctrl("u"): chars.removeSubrange(0..<cursor); cursor = 0
        case .ctrl("w"):
            var i = cursor
            while i > 0, chars[i - 1] == " " { i -= 1 }
            while i > 0, chars[i - 1] != " " { i -= 1 }
            chars.removeSubrange(i..<cursor); cursor = i
        case .char(let c):
            guard !Sanitize.isControl(c) else { return [] }
            chars.insert(c, at: cursor); cursor += 1
        default:
            return []
        }
        draft = String(chars)
        return [search(resetSelection: true)]
    }

    /// Puts the facet cursor back on the entry just toggled, wherever the sidebar moved it.
    mutating func followFacet() {
        guard let f = facetFollow else { return }
        let target = SearchQuery.canonical(f.field, f.value).lowercased()
        let entries = sidebarEntries
        if let i = entries.firstIndex(where: { $0.field == f.field && SearchQuery.canonical(f.field, $0.value).lowercased() == target }) {
            facetCursor = i
        }
    }

    // MARK: The command line

    /// Commands without a key of their own, and a few that have one.
    static let commands = ["sort date", "sort relevance", "sort oldest", "read all", "open", "copy", "unread", "watch NAME", "timeline", "authorities", "countries", "export", "help", "quit"]

    /// Keys while the `:` line is open: Enter runs it, Esc closes it.
    private mutating func commandKey(_ key: Key) -> [Effect] {
        var line = commandLine ?? ""
        switch key {
        case .escape: commandLine = nil; return []
        case .enter:
            commandLine = nil
            return run(command: line.trimmingCharacters(in: .whitespaces))
        case .backspace:
            if line.isEmpty { commandLine = nil } else { line.removeLast(); commandLine = line }
            return []
        case .ctrl("u"): commandLine = ""; return []
        case .char(let c): line.append(c); commandLine = line; return []
        default: return []
        }
    }

    private mutating func run(command: String) -> [Effect] {
        let words = command.split(separator: " ").map(String.init)
        switch (words.first ?? "", words.dropFirst().first) {
        case ("", _): return []
        case ("sort", let order?):
            guard let o = SearchOrder(rawValue: order) else { message = "sort takes date, relevance or oldest"; return [] }
            sortChoice = o
            return [search(resetSelection: true)]
        case ("read", "all"): return key(.char("A"))
        case ("open", _): return key(.char("o"))
        case ("export", _): return key(.char("e"))
        case ("copy", _): return key(.char("y"))
        case ("unread", _): return key(.char("u"))
        case ("help", _): showHelp = true; return []
        case ("timeline", _): return openOverview(.timeline)
        case ("authorities", _), ("directory", _): return openOverview(.directory)
        case ("countries", _):
            let effects = openOverview(.directory)
            overview?.field = .country
            return effects
        case ("watch", _):
            let name = command.dropFirst("watch".count).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { message = "give the watchlist a name: watch NAME"; return [] }
            guard hasQueryToWatch() else { return [] }
            return [.saveWatchlist(name: name, query: query)]
        case ("q", _), ("quit", _): quitting = true; return [.quit]
        default:
            message = "unknown command: \(command) (commands: \(Self.commands.joined(separator: ", ")))"
            return []
        }
    }

    /// "Headline — Category, date, file:line", for `y`.
    static func citation(_ a: Article) -> String {
        var parts = [a.category, a.published.map { String($0.prefix(10)) }].compactMap { $0 }
        parts.append("\(a.source.path):\(a.source.line)")
        return "\(a.title) — " + parts.joined(separator: ", ")
    }

    // MARK: Moving

    /// A key with no meaning here: said on the status line, so nothing happens silently.
    private mutating func unbound(_ key: Key) -> [Effect] {
        let name: String
        switch key {
        case .char(let c): name = String(c)
        case .ctrl(let c): name = "Ctrl-\(c)"
        default: name = "this key"
        }
        message = "\(name) does nothing here — ? lists the keys"
        return []
    }

    /// J/K in the reader: the next or previous article of the list, opened and marked read.
    private mutating func stepArticle(by delta: Int) -> [Effect] {
        let target = selected + delta
        guard target >= 0, target < total else {
            message = delta > 0 ? "this is the last article" : "this is the first article"
            return []
        }
        guard loaded.contains(target) else {
            message = "loading the next articles…"
            return fetchIfNeeded()
        }
        return open(target)
    }

    /// Space in the reader: a page down, and at the end the next unread article (mutt, newsboat).
    private mutating func pageOrNextUnread() -> [Effect] {
        let height = readerHeight
        // More below the last line shown: a page down (clampAll stops at the last screenful).
        if readerTop < readerLines().count - height {
            readerTop += max(1, height - 1)
            clampAll()
            return []
        }
        guard let next = loaded.first(where: { $0 > selected && !hits[$0 - hitsStart].read }) else {
            message = loaded.upperBound < total ? "no unread article among those loaded" : "no more unread articles"
            return fetchIfNeeded()
        }
        return open(next)
    }

    /// Opens result number `index` (loaded) in the reader, marking it read.
    private mutating func open(_ index: Int) -> [Effect] {
        guard let hit = hit(at: index) else { return [] }
        selected = index
        readerOpen = true; reading = hit; readerTop = 0; focus = .reader
        clampAll()
        var effects = fetchIfNeeded()
        if !hit.read, readOnly == nil {
            hits[index - hitsStart].read = true
            reading?.read = true
            effects.append(.setRead(id: hit.article.id, read: true))
        }
        return effects
    }

    private mutating func move(_ key: Key) -> [Effect] {
        let moves: [Key] = [.char("j"), .char("k"), .char("g"), .char("G"), .down, .up, .home, .end, .pageDown, .pageUp, .ctrl("d"), .ctrl("u")]
        guard moves.contains(key) else { return unbound(key) }
        let l = Layout.of(self)
        switch focus {
        case .list:
            let page = max(1, (l.list?.height ?? 1) - 1)
            selected = step(selected, count: total, key: key, page: page)
            clampAll()
            return fetchIfNeeded()
        case .facets:
            let page = max(1, (l.sidebar?.height ?? 1) - 1)
            facetCursor = step(facetCursor, count: sidebarEntries.count, key: key, page: page)
            facetFollow = nil
            clampAll()
            return []
        case .reader:
            let page = max(1, readerHeight - 1)
            let count = readerLines().count
            readerTop = step(readerTop, count: max(count - page, 1), key: key, page: page)
            clampAll()
            return []
        }
    }

    private func step(_ i: Int, count: Int, key: Key, page: Int) -> Int {
        ListState.target(of: key, from: i, count: count, page: page) ?? i
    }

    private mutating func moveFocus(by delta: Int) {
        var order: [Pane] = [.facets, .list]
        if width >= 120 || readerOpen { order.append(.reader) }
        let i = order.firstIndex(of: focus) ?? 1
        focus = order[(i + delta + order.count) % order.count]
        // Below the wide layout the reader covers the other panes: leaving it closes it.
        if focus != .reader { readerOpen = false; reading = nil }
    }

    /// Enter/Space: open the selected article, or toggle the selected facet.
    private mutating func activate(space: Bool) -> [Effect] {
        switch focus {
        case .facets:
            let entries = sidebarEntries
            guard entries.indices.contains(facetCursor) else { return [] }
            let e = entries[facetCursor]
            guard let field = e.field else { return openWatchlist(named: e.value) }
            guard let parsed = parsedQuery() else { return [] }
            query = parsed.toggling(field, e.value).description
            facetFollow = (field, e.value)
            followFacet()
            return [search(resetSelection: true)]
        case .list:
            guard !space, selectedHit != nil else { return [] }
            return open(selected)
        case .reader:
            return []
        }
    }

    private mutating func closeReader() {
        readerOpen = false
        reading = nil
        focus = .list
    }

    private mutating func jumpToHit(forward: Bool) {
        let lines = readerLines()
        let hitsAt = lines.indices.filter { lines[$0].hasHit }
        guard !hitsAt.isEmpty else { message = "no hits in this article"; return }
        let next = forward ? hitsAt.first { $0 > readerTop } ?? hitsAt[0] : hitsAt.last { $0 < readerTop } ?? hitsAt[hitsAt.count - 1]
        readerTop = next
        clampAll()
    }

    /// The reader's lines for the selected article at the reader's current width.
    /// Rows of article text the reader shows.
    var readerHeight: Int { Layout.of(self).reader.map { ReaderView.textArea(self, $0).height } ?? 1 }

    func readerLines() -> [ReaderLine] {
        guard let hit = readerHit, let pane = Layout.of(self).reader else { return [] }
        let r = ReaderView.textArea(self, pane)
        return readerLinesMemo.lines(hit.article, width: max(1, r.width - 3), highlighter: highlighter)
    }


    /// The query as a syntax tree, for editing it (the sidebar, `c`); nil, with the reason
    /// in the status line, when the text does not parse.
    mutating func parsedQuery() -> SearchQuery? {
        do { return try SearchQuery.parse(query) } catch {
            message = "fix the query first: \(error.description)"
            return nil
        }
    }

    // MARK: Mouse

    private mutating func mouse(_ event: MouseEvent) -> [Effect] {
        let l = Layout.of(self)
        guard !l.tooSmall, !showHelp else { return [] }
        switch event {
        case .click(let x, let y):
            if let r = l.list, r.contains(x, y) {
                focus = .list
                let i = listTop + (y - r.y)
                if i < total { selected = i }
                return fetchIfNeeded()
            }
            if let r = l.sidebar, r.contains(x, y) {
                focus = .facets
                let rows = sidebarRows
                let i = facetTop + (y - r.y)
                if rows.indices.contains(i), rows[i].kind != .heading {
                    facetCursor = rows[..<i].filter { $0.kind != .heading }.count
                }
                return []
            }
            if let r = l.reader, r.contains(x, y) { focus = .reader }
            return []
        case .wheelUp(let x, let y), .wheelDown(let x, let y):
            let delta = { if case .wheelUp = event { return -3 } else { return 3 } }()
            if let r = l.reader, r.contains(x, y) { readerTop += delta }
            else if let r = l.sidebar, r.contains(x, y) { facetTop += delta }
            else if let r = l.list, r.contains(x, y) { listTop += delta; selected = min(max(selected, listTop), listTop + r.height - 1) }
            clampAll()
            return fetchIfNeeded()
        }
    }

    // MARK: Searching

    /// A new search for the live query; results come back as `.results` with this id.
    /// A new query or order (`resetSelection`) loads its first results; the same query
    /// again (new articles, a scroll) loads the stretch around the cursor.
    mutating func search(resetSelection: Bool = false) -> Effect {
        search(rows: resetSelection ? 0..<SearchPaging.page : stretch(around: selected))
    }

    private mutating func search(rows: Range<Int>) -> Effect {
        searchID += 1
        fetching = rows
        // An opened watchlist keeps its new articles first and marked while its query stands.
        if let w = watching {
            if w.query == searchText { return .watchSearch(id: searchID, query: searchText, since: w.since, sort: sort, rows: rows) }
            watching = nil
        }
        return .search(id: searchID, query: searchText, sort: sort, rows: rows)
    }

    /// The results to load so that the cursor and the rows on screen are inside them: a
    /// third of a window above the top row, the rest below.
    private func stretch(around row: Int) -> Range<Int> {
        let start = max(0, min(row, listTop) - SearchPaging.window / 3)
        return start..<(start + SearchPaging.window)
    }

    /// A watchlist is a saved query: with none in force, says so.
    private mutating func hasQueryToWatch() -> Bool {
        if !query.trimmingCharacters(in: .whitespaces).isEmpty { return true }
        message = "type a query first (/): a watchlist is a saved query"
        return false
    }

    /// Enter on a watchlist: its query becomes the query, and the runtime opens it (new
    /// articles first; the opening is recorded, so they are not new next time).
    private mutating func openWatchlist(named name: String) -> [Effect] {
        guard let w = watchlists.first(where: { $0.name == name }) else { return [] }
        query = w.query
        watching = nil
        searchID += 1
        fetching = 0..<SearchPaging.page
        selected = 0; listTop = 0; readerTop = 0
        focus = .list
        return [.openWatchlist(id: searchID, name: w.name, sort: sortChoice, limit: SearchPaging.page)]
    }

    /// When the cursor or the rows on screen come within `SearchPaging.margin` of the
    /// loaded stretch's edge (or leave it: `G`, a page down), asks for the stretch around
    /// them, unless that is already on its way.
    mutating func fetchIfNeeded() -> [Effect] {
        guard total > 0 else { return [] }
        let rows = Layout.of(self).list?.height ?? 1
        let low = max(0, min(selected, listTop) - SearchPaging.margin)
        let high = min(total, max(selected + 1, listTop + rows) + SearchPaging.margin)
        guard low < high else { return [] }
        let total = self.total
        func covered(_ r: Range<Int>) -> Bool { r.lowerBound <= low && min(r.upperBound, total) >= high }
        if covered(loaded) { return [] }
        if let f = fetching, covered(f) { return [] }
        return [search(rows: stretch(around: selected))]
    }

    /// Keeps selections and scroll positions inside what there is to show.
    mutating func clampAll() {
        let l = Layout.of(self)
        list.clamp(count: total, height: l.list?.height)
        let rows = sidebarRows
        let entryRows = rows.indices.filter { rows[$0].kind != .heading }
        // The sidebar's rows include group headings: the entry's row, with its heading above.
        sidebar.clamp(count: entryRows.count, rows: rows.count, height: l.sidebar?.height, lead: 1) { entryRows.indices.contains($0) ? entryRows[$0] : 0 }
        reader.clampScroll(lines: readerLines().count, height: l.reader == nil ? nil : readerHeight)
        if var o = overview {
            o.rows.clamp(count: overviewCount, height: l.tooSmall ? nil : OverviewView.listHeight(self))
            overview = o
        }
    }
}
