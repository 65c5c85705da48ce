import ArgumentParser
import DossierCore
import Foundation

/// `dossier watch add|list|show|rm`: named queries kept in the library, each with what has
/// been indexed since it was last opened.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Keep named queries and see what is new in them.",
        discussion: """
            A watchlist is a named query ("HK stablecoins" = country:hk topic:stablecoins). Its new
            articles are those indexed since it was last opened (`watch show` or the reader opens it).
            Example: dossier watch add "HK stablecoins" country:hk topic:stablecoins
            """,
        subcommands: [WatchAdd.self, WatchList.self, WatchShow.self, WatchRemove.self],
        defaultSubcommand: WatchList.self)
}

struct WatchAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Save a query under a name.")

    @OptionGroup var options: LibraryOptions
    @Argument(help: "The watchlist's name (quote it if it has spaces).") var name: String
    @Argument(parsing: .allUnrecognized, help: "The query (docs/query-language.md).") var query: [String] = []

    func validate() throws {
        try QueryWords.validate(query)
        if QueryWords.clean(query).isEmpty { throw ValidationError("give the query to watch after the name") }
    }

    func run() throws {
        let lib = try options.open()
        let text = QueryWords.clean(query).joined(separator: " ")
        let w = try libraryCall { try lib.addWatchlist(name, query: text) }
        Output.write("watching \"\(w.name)\": \(w.query)\n")
    }
}

struct WatchList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every watchlist with its new and total counts.")

    @OptionGroup var options: LibraryOptions
    @Flag(name: .long, help: "JSON output.") var json = false

    func run() throws {
        let lib = try options.open()
        let all = try libraryCall { try lib.watchlists(totals: true) }
        if json {
            try writeJSON(["watchlists": all.map(Self.json)] as [String: Any])
            return
        }
        guard !all.isEmpty else {
            Output.write("no watchlists (`dossier watch add NAME QUERY` saves one)\n")
            return
        }
        let nameWidth = min(Library.watchlistNameLimit, all.map(\.name.count).max() ?? 4)
        var out = "  new  total  " + "name".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  query\n"
        for w in all {
            out += String(w.newCount).leftPad(5) + "  " + String(w.total ?? 0).leftPad(5) + "  "
                + w.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  " + w.query
                + (w.problem.map { "  (cannot run: \($0))" } ?? "") + "\n"
        }
        Output.write(out)
    }

    static func json(_ w: Watchlist) -> [String: Any] {
        var o: [String: Any] = ["name": w.name, "query": w.query, "new": w.newCount, "total": w.total ?? NSNull(),
                                "seen": ISO8601DateFormatter().string(from: w.seenAt)]
        if let p = w.problem { o["problem"] = p }
        return o
    }
}

struct WatchShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Open a watchlist: its new articles first (marked), then the rest; marks it seen.")

    @OptionGroup var options: LibraryOptions
    @Option(name: .long, help: "Most articles to show.") var limit = 20
    @Option(name: .long, help: "relevance, date (newest first) or oldest (default: relevance when the query has words, else date).")
    var sort: String?
    @Flag(name: .long, help: "Only the articles new since it was last opened.") var new = false
    @Flag(name: .long, help: "JSON output (docs/article-json.md), each article with \"new\".") var json = false
    @Flag(name: .long, help: "Include paragraphs in JSON output.") var full = false
    @Argument(help: "The watchlist's name.") var name: String

    func validate() throws {
        if let sort, SearchOrder(rawValue: sort) == nil { throw ValidationError("--sort must be relevance, date or oldest") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let lib = try options.open()
        let opened = try libraryCall { try lib.openWatchlist(name, limit: limit, sort: sort.flatMap(SearchOrder.init), onlyNew: new) }
        if !opened.markedSeen { Diagnostics.warning("the library is read-only: this opening is not saved, so these stay new") }
        let w = opened.watchlist
        if !json {
            Output.write("\(w.name): \(w.query) · \(w.newCount) new since \(Self.when(w.seenAt))\n")
        }
        try ResultPrinter.print(opened.results, query: w.query, json: json, full: full, marksNew: true,
                                extra: ["watchlist": w.name, "new": w.newCount])
    }

    /// "2026-11-21 14:03" in local time.
    static func when(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }
}

struct WatchRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete a watchlist (its articles stay).")

    @OptionGroup var options: LibraryOptions
    @Argument(help: "The watchlist's name.") var name: String

    func run() throws {
        let lib = try options.open()
        try libraryCall { try lib.removeWatchlist(name) }
        Output.write("removed watchlist \"\(name)\"\n")
    }
}
