import DossierCore
import DossierTUI

/// Bytes as a sequence of messages to the reader's `update`: keys, mouse events, resizes
/// (down to 1×1), and answers to the searches it asks for (results, facets, activity,
/// failures, news of new articles), in and out of order. The input also says where a batch
/// of messages ends and a frame is drawn, as the app draws once after the keys typed ahead
/// and the results that came in together: any state can end a batch, so every reachable
/// state is drawn by some input. A frame must keep the size of the screen and its cursor on it.
enum UpdateTarget {
    private static let keys: [Key] = {
        let chars = Array("abcdefghijklmnopqrstuvwxyzABJKNQUG0123456789 /?:*[]-\"().@é漢🚀\u{1b}")
        let special: [Key] = [.enter, .escape, .tab, .backTab, .backspace, .delete, .up, .down, .left, .right,
                              .pageUp, .pageDown, .home, .end, .ctrl("c"), .ctrl("d"), .ctrl("u"), .ctrl("l")]
        return chars.map { Key.char($0) } + special
    }()

    private static let hits: [SearchHit] = (0..<12).map { n in
        let text = String(repeating: "Stablecoin rules for licensed platforms \(n). ", count: 1 + n % 5)
        let article = Article(
            id: String(format: "%032x", n), title: n % 4 == 3 ? "暗号資産の規制 \(n) 🚀" : "Regulator publishes rules \(n)",
            titleInferred: false, category: "Policy", published: n % 3 == 0 ? nil : "2025-0\(1 + n % 9)-1\(n % 10)",
            publishedInferred: false, source: SourceLocation(path: "pages/\(n).txt", line: n + 1, role: .main),
            countries: [CountryTag(code: "SG", name: "Singapore", score: 1)],
            authorities: [AuthorityTag(id: "sg-mas", acronym: "MAS", name: "Monetary Authority of Singapore", country: "SG")],
            topics: ["stablecoins"], offTopic: false, summary: text, paragraphs: [text, "Next steps", text], subheadings: [1])
        return SearchHit(article: article, snippet: text, read: n % 2 == 0, starred: n % 5 == 0)
    }

    private static let facets = FacetCounts(
        total: 12, countries: [FacetCount(key: "SG", label: "Singapore", count: 12)],
        authorities: [FacetCount(key: "sg-mas", label: "MAS@SG", count: 12)],
        topics: [FacetCount(key: "stablecoins", label: "stablecoins", count: 12)],
        months: (1...9).map { FacetCount(key: "2025-0\($0)", label: "2025-0\($0)", count: $0) })

    /// Nine months; entries with and without articles, one with a hostile label.
    private static let activity: Activity = {
        let span = (1...9).map { "2025-0\($0)" }
        func entry(_ key: String, _ label: String, _ months: [Int]) -> ActivityEntry {
            ActivityEntry(key: key, label: label, name: label == "MAS@SG" ? "Monetary Authority of Singapore" : nil, country: "SG",
                          count: months.reduce(0, +), libraryCount: months.reduce(0, +) + 1, firstSeen: span.first, lastSeen: span.last,
                          months: months, top: [FacetCount(key: "stablecoins", label: "Stablecoins", count: 1)], filter: "authority:\(key)")
        }
        return Activity(span: span, months: (1...9).map { $0 }, total: 48, undated: 3,
                        countries: [entry("SG", "Singapore", (1...9).map { $0 % 3 }), entry("JP", "Japan", Array(repeating: 0, count: 9))],
                        authorities: [entry("sg-mas", "MAS@SG", (1...9).map { $0 }), entry("x", "\u{1b}]0;evil\u{7}漢🚀", [0, 0, 0, 0, 0, 0, 0, 0, 9])],
                        topics: [entry("stablecoins", "Stablecoins", (1...9).map { 9 - $0 })])
    }()

    private static let watchlists: [Watchlist] = [
        Watchlist(name: "HK stablecoins", query: "country:hk topic:stablecoins", newCount: 3, since: WatchMark(rowid: 5)),
        Watchlist(name: "暗号資産 🚀", query: "暗号資産", newCount: 0, since: WatchMark(rowid: 9)),
        Watchlist(name: String(repeating: "long name ", count: 6), query: "kyc OR aml", newCount: 12345, problem: "unknown authority", since: WatchMark(rowid: 1)),
    ]

    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        var input = bytes.makeIterator()
        var state = AppState(width: 80, height: 24)
        // Searches asked for and not yet answered: their ids and the results they want.
        var pending: [(id: Int, rows: Range<Int>)] = []
        func absorb(_ effects: [Effect]) {
            for e in effects {
                switch e {
                case .search(let id, _, _, let rows), .watchSearch(let id, _, _, _, let rows): pending.append((id, rows))
                case .openWatchlist(let id, _, _, let limit): pending.append((id, 0..<max(0, limit)))
                default: break
                }
            }
        }
        absorb(state.start())
        while let op = input.next() {
            let message: Message
            switch op % 8 {
            case 0, 1, 2, 3:
                message = .key(keys[Int(input.next() ?? 0) % keys.count])
            case 4:
                message = .resize(width: Int(input.next() ?? 80) % 200 + 1, height: Int(input.next() ?? 24) % 80 + 1)
            case 5:
                // Answer a pending search (or a stale id) with some of the hits, from where it
                // asked (or from anywhere), of a total that may be small, large or a million.
                let pick = Int(input.next() ?? 0)
                let asked = pending.isEmpty ? (id: pick, rows: 0..<pick) : pending[pick % pending.count]
                let count = pick % (hits.count + 1)
                let offset = pick % 4 == 3 ? pick * 37 : asked.rows.lowerBound
                let total = offset + count + [0, 100, 1_000_000][pick % 3]
                message = .results(id: asked.id, SearchResults(total: total, hits: Array(hits.prefix(count)), offset: offset), libraryTotal: 500)
            case 6:
                let pick = Int(input.next() ?? 0)
                switch pick % 7 {
                case 0: message = .searchFailed(id: pending.last?.id ?? pick, "bad query")
                case 1: message = .watchlists(Array(watchlists.prefix(pick % (watchlists.count + 1))))
                case 2: message = .watchOpened(id: pending.last?.id ?? pick, watchlists[pick % watchlists.count])
                case 3: message = .activity(id: pending.last?.id ?? pick, pick % 2 == 0 ? activity : .empty)
                case 4: message = .libraryGrew(pick)
                default: message = .facets(id: pending.last?.id ?? pick, facets)
                }
            default:
                let pick = Int(input.next() ?? 0)
                message = pick % 2 == 0 ? .mouse(.click(x: pick % 90, y: pick % 30))
                    : .mouse(pick % 4 == 1 ? .wheelUp(x: pick % 90, y: pick % 30) : .wheelDown(x: pick % 90, y: pick % 30))
            }
            absorb(state.update(message))
            precondition(state.selected >= 0 && (state.selected < state.total || state.selected == 0), "the cursor is off the results")
            // An op byte with its top three bits set ends a batch (one op in eight, at random).
            if op >= 0xE0 { draw(state) }
        }
        draw(state)
    }

    /// One frame, as the app draws it: the buffer and the terminal cursor.
    private static func draw(_ state: AppState) {
        let screen = state.render()
        precondition(screen.width == state.width && screen.height == state.height, "the buffer is not the screen's size")
        if let cursor = state.cursorPosition {
            precondition(cursor.x >= 0 && cursor.x < max(1, state.width) && cursor.y >= 0 && cursor.y < max(1, state.height),
                         "the cursor is off the screen")
        }
    }
}
