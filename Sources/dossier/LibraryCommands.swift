import ArgumentParser
import DossierCore
import Foundation

/// `--library PATH`, shared by every command that reads or writes the library.
struct LibraryOptions: ParsableArguments {
    @Option(name: .long, help: "The library file (default: $DOSSIER_LIBRARY, else $XDG_DATA_HOME/dossier/library.sqlite).")
    var library: String?

    var path: String { Library.defaultPath(option: library) }

    /// True when the user named the library (`--library` or `$DOSSIER_LIBRARY`): such a
    /// path is never created by a reading command, and never gets the sample pages.
    var isExplicit: Bool {
        !(library ?? "").isEmpty || !(ProcessInfo.processInfo.environment["DOSSIER_LIBRARY"] ?? "").isEmpty
    }

    /// What a command does with the library, which decides what may be created.
    enum Purpose {
        /// search, show, facets, stats, check, compact, samples: the library must exist.
        case reading
        /// The reader and `list`: at the default path with no library yet, a new one is
        /// made with the bundled sample pages, and a notice says so.
        case browsing
        /// index: the file is created; missing folders only at the default path or with
        /// `createDirs`.
        case indexing(createDirs: Bool)
    }

    /// The message shown when the sample pages were just indexed into a new library.
    static func samplesNotice(_ articles: Int) -> String {
        "showing \(articles) sample articles; `dossier index DIR` to add yours; `dossier samples --remove`"
    }

    /// Opens the library for `purpose`; problems end the command with a message and a hint.
    /// Returns the notice to show when the sample pages were just added.
    func open(for purpose: Purpose = .reading) throws -> (library: Library, notice: String?) {
        let missing = !FileManager.default.fileExists(atPath: path)
        let creation: Library.Creation
        var seed = false
        switch purpose {
        case .reading:
            creation = .never
        case .browsing:
            seed = missing && !isExplicit
            creation = seed ? .fileAndFolders : .never
        case .indexing(let createDirs):
            creation = createDirs || !isExplicit ? .fileAndFolders : .file
        }
        let lib: Library
        do { lib = try Library.open(at: path, creating: creation) } catch {
            var e = error
            if missing, !isExplicit, creation == .never {
                e.problem = "there is no library yet"
                e.hint = "`dossier index DIR` adds your pages; `dossier` alone shows the sample articles"
            }
            Diagnostics.error(e.description)
            throw ExitCode(1)
        }
        guard seed else { return (lib, nil) }
        guard let seeds = BundledSeeds.folder else {
            return (lib, "the library is empty, and the sample pages were not found; `dossier index DIR` to add yours")
        }
        do {
            let summary = try lib.index([seeds], samples: true)
            return (lib, Self.samplesNotice(summary.articlesNew))
        } catch {
            Diagnostics.error(error.description)
            throw ExitCode(1)
        }
    }

    /// `open(for:)` where no notice can be shown.
    func open() throws -> Library { try open(for: .reading).library }
}

/// The sample pages that ship with Dossier: `$DOSSIER_SEEDS`, else `seeds/` beside the
/// package that built this binary.
enum BundledSeeds {
    static var folder: String? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["DOSSIER_SEEDS"], !env.isEmpty { return env }
        var candidates: [String] = []
        // Walk up from the executable (.build/<triple>/<config>/dossier → the package root).
        var dir = (CommandLine.arguments[0] as NSString).deletingLastPathComponent
        if let exe = Bundle.main.executablePath { dir = (exe as NSString).deletingLastPathComponent }
        for _ in 0..<6 {
            candidates.append((dir as NSString).appendingPathComponent("seeds"))
            dir = (dir as NSString).deletingLastPathComponent
        }
        // The source tree this binary was built from.
        let source = ((#filePath as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        candidates.append(((source as NSString).deletingLastPathComponent as NSString).appendingPathComponent("seeds"))
        for c in candidates {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: c, isDirectory: &isDir), isDir.boolValue,
               fm.fileExists(atPath: ((c as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Package.swift")) {
                return c
            }
        }
        return nil
    }
}

/// Reads a query from command-line words against the library's vocabulary (its own
/// authorities and categories); a malformed one exits 2 with its position.
func parseQuery(_ words: [String], library: Library) throws -> SearchQuery {
    let text = words.joined(separator: " ")
    let vocabulary = library.vocabulary()
    do {
        let q = try SearchQuery.parse(text, vocabulary: vocabulary)
        for n in q.notes { Diagnostics.warning(n) }
        return q
    } catch {
        Diagnostics.error(error.description)
        throw ExitCode(2)
    }
}

/// Runs a library call; query and lookup problems are usage errors (2), library ones 1.
func libraryCall<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as QueryError {
        Diagnostics.error(e.description); throw ExitCode(2)
    } catch let e as LookupError {
        Diagnostics.error(e.description); throw ExitCode(1)
    } catch let e as LibraryError {
        Diagnostics.error(e.description); throw ExitCode(1)
    } catch let e as WatchlistError {
        Diagnostics.error(e.description); throw ExitCode(1)
    }
}

/// Writes `value` as pretty JSON (`JSONEncoder.pretty`) and a newline to standard output.
func writeJSON<T: Encodable>(_ value: T) throws {
    FileHandle.standardOutput.write(try JSONEncoder.pretty.encode(value) + Data("\n".utf8))
}

func writeJSON(_ object: Any) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}

/// An article as a JSON object (the article-json shape), for adding fields.
func jsonObject(_ a: Article, full: Bool) throws -> [String: Any] {
    let data = try JSONEncoder().encode(a)
    var obj = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    if !full { obj.removeValue(forKey: "paragraphs") }
    return obj
}

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Add pages (files or folders, recursively) to the library.",
        discussion: """
            Unchanged files are skipped; a changed file's articles are replaced; the same story seen
            in several pages is stored once. Progress goes to stderr when it is a terminal; the run
            ends with a one-line summary. Exit 1 when some files were skipped.
            """)

    @OptionGroup var options: LibraryOptions
    @Flag(name: .long, help: "Remove articles whose files no longer exist.")
    var prune = false
    @Option(name: .long, help: "Skip pages larger than this many megabytes.")
    var maxPageMb = PageDecoder.defaultMaximumBytes / (1024 * 1024)
    @Flag(name: .long, help: "Create missing folders above a new --library file.")
    var createDirs = false
    @Flag(name: .long, help: "Try again the pages that crashed the parser in an earlier run.")
    var retryFailed = false
    @Flag(name: .long, help: "Keep running: index new and changed pages as they appear (inotify, else polling), one log line per batch; Ctrl-c or SIGTERM stops between batches.")
    var watch = false
    @Option(name: .long, help: "With --watch: seconds between looks at the folders when inotify is not available.")
    var interval = 2.0
    @Argument(help: "Page files or folders.")
    var paths: [String] = []

    func validate() throws {
        if paths.isEmpty && !prune { throw ValidationError("give at least one FILE or DIR (or --prune)") }
        if watch && paths.isEmpty { throw ValidationError("--watch needs a FILE or DIR to watch") }
        if !(interval >= 0.1 && interval <= 3600) { throw ValidationError("--interval must be between 0.1 and 3600 seconds") }
        if maxPageMb < 1 { throw ValidationError("--max-page-mb must be at least 1") }
    }

    func run() throws {
        let lib = try options.open(for: .indexing(createDirs: createDirs)).library
        let tty = isatty(2) == 1
        let summary = try libraryCall {
            var parser = ArticleParser()
            parser.maximumPageBytes = maxPageMb * 1024 * 1024
            return try lib.index(paths, prune: prune, retryFailed: retryFailed, parser: parser) { p in
                guard tty else { return }
                let rate = p.elapsed > 0 ? Double(p.articles) / p.elapsed : 0
                let left = p.filesDone > 0 ? p.elapsed / Double(p.filesDone) * Double(p.filesTotal - p.filesDone) : 0
                let line = "\r\u{1B}[K files \(p.filesDone)/\(p.filesTotal) · articles \(p.articles) · \(Int(rate))/s · ETA \(Int(left.rounded()))s"
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
        if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        for s in summary.skipped { Diagnostics.error("\(s.path): \(s.reason); skipped") }
        Output.write("indexed: " + summary.line + "\n")
        if watch { try keepWatching(lib) }
        if !summary.skipped.isEmpty { throw ExitCode(1) }
    }

    /// `--watch`: batches as pages appear, until a signal; then the process ends by that
    /// signal (130 for Ctrl-c, 143 for SIGTERM), as every command does.
    private func keepWatching(_ lib: Library) throws {
        var parser = ArticleParser()
        parser.maximumPageBytes = maxPageMb * 1024 * 1024
        let env = ProcessInfo.processInfo.environment
        let loop = WatchLoop(library: lib, paths: paths, parser: parser, prune: prune, interval: interval, settle: 0.5,
                             forcePolling: env["DOSSIER_WATCH_POLL"] == "1")
        let time = ISO8601DateFormatter()
        time.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        let ending = loop.run { line in
            // Flushed per line, so a log file or pipe sees each batch as it happens.
            Output.write("\(time.string(from: Date())) \(line)\n")
        }
        Diagnostics.note("stopped watching (\(ending == SIGTERM ? "SIGTERM" : ending == SIGHUP ? "SIGHUP" : "SIGINT")); the next run catches up on anything missed")
        signal(ending, SIG_DFL)
        raise(ending)
    }
}

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the library (see docs/query-language.md).",
        discussion: "Example: dossier search stablecoin reserve country:hk date:2024")

    @OptionGroup var options: LibraryOptions
    @Option(name: .long, help: "Most results to show.") var limit = 20
    @Option(name: .long, help: "Results to skip first (0: start with the best).") var offset = 0
    @Option(name: .long, help: "relevance, date (newest first) or oldest.") var sort: String = "relevance"
    @Flag(name: .long, help: "JSON output (docs/article-json.md).") var json = false
    @Flag(name: .long, help: "Include paragraphs in JSON output.") var full = false
    @Argument(parsing: .allUnrecognized, help: "The query.") var query: [String] = []

    func validate() throws {
        try QueryWords.validate(query)
        if QueryWords.clean(query).isEmpty { throw ValidationError("give a query (or use `dossier list`)") }
        if SearchOrder(rawValue: sort) == nil { throw ValidationError("--sort must be relevance, date or oldest") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if offset < 0 { throw ValidationError("--offset must be 0 or more") }
    }

    func run() throws {
        try ResultPrinter.run(QueryWords.clean(query), options: options, limit: limit, offset: offset, sort: SearchOrder(rawValue: sort)!,
                              json: json, full: full)
    }
}

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List articles newest first, optionally narrowed by a query.")

    @OptionGroup var options: LibraryOptions
    @Option(name: .long, help: "Most articles to show.") var limit = 50
    @Option(name: .long, help: "Articles to skip first (0: start with the newest).") var offset = 0
    @Flag(name: .long, help: "JSON output (docs/article-json.md).") var json = false
    @Flag(name: .long, help: "Include paragraphs in JSON output.") var full = false
    @Argument(parsing: .allUnrecognized, help: "An optional query.") var query: [String] = []

    func validate() throws {
        try QueryWords.validate(query)
        if offset < 0 { throw ValidationError("--offset must be 0 or more") }
    }

    func run() throws {
        try ResultPrinter.run(QueryWords.clean(query), options: options, purpose: .browsing, limit: max(limit, 1), offset: offset, sort: .date,
                              json: json, full: full)
    }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one article in full; a unique prefix of its id is enough.")

    @OptionGroup var options: LibraryOptions
    @Flag(name: .long, help: "JSON output (docs/article-json.md).") var json = false
    @Argument(help: "Article id or a unique prefix of it.") var id: String

    func run() throws {
        let lib = try options.open()
        let a = try libraryCall { try lib.article(idPrefix: id) }
        if json { try writeJSON(try jsonObject(a, full: true)); return }
        var out = a.title + "\n"
        var meta: [String] = [a.published.map { $0 + (a.publishedInferred ? " (inferred)" : "") } ?? "undated"]
        if let c = a.category { meta.append(c) }
        if !a.countries.isEmpty { meta.append(a.countries.map(\.name).joined(separator: ", ")) }
        out += meta.joined(separator: " · ") + "\n"
        if !a.authorities.isEmpty { out += "Authorities: " + a.authorities.map { "\($0.name) (\($0.acronym), \($0.country))" }.joined(separator: "; ") + "\n" }
        if !a.topics.isEmpty || a.offTopic { out += "Topics: " + (a.offTopic ? "off-topic" : a.topics.joined(separator: ", ")) + "\n" }
        out += "Source: \(a.source.path):\(a.source.line) (\(a.source.role.rawValue))\n"
        for s in a.alsoIn { out += "Also in: \(s.path):\(s.line)\n" }
        out += "Id: \(a.id)\n\n"
        let subheads = Set(a.subheadings)
        for (i, p) in a.paragraphs.enumerated() {
            out += subheads.contains(i) ? "## \(p)\n\n" : "\(p)\n\n"
        }
        Output.write(out)
    }
}

struct FacetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facets",
        abstract: "Count articles per country, authority, topic, category and month.")

    @OptionGroup var options: LibraryOptions
    @Flag(name: .long, help: "JSON output.") var json = false
    @Argument(parsing: .allUnrecognized, help: "An optional query.") var query: [String] = []

    func validate() throws { try QueryWords.validate(query) }

    func run() throws {
        let lib = try options.open()
        let q = try parseQuery(QueryWords.clean(query), library: lib)
        let f = try libraryCall { try lib.facets(q) }
        if json {
            try writeJSON(f)
            return
        }
        var out = "\(f.total) articles\n"
        for (name, list) in [("Countries", f.countries), ("Authorities", f.authorities), ("Topics", f.topics),
                             ("Categories", f.categories), ("Months", f.months)] where !list.isEmpty {
            out += "\n\(name)\n"
            for c in list { out += "  \(String(c.count).leftPad(6))  \(c.label)\n" }
        }
        Output.write(out)
    }
}

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Articles, files, library size, last index run.")

    @OptionGroup var options: LibraryOptions
    @Flag(name: .long, help: "JSON output.") var json = false

    func run() throws {
        let lib = try options.open()
        let s = try libraryCall { try lib.stats() }
        if json {
            try writeJSON(s)
            return
        }
        let samples = try libraryCall { try lib.samples() }
        let ratio = s.sourceBytes > 0 ? String(format: "%.2f", Double(s.libraryBytes) / Double(s.sourceBytes)) : "-"
        Output.write("""
            library:   \(s.path)
            articles:  \(s.articles)
            files:     \(s.files)
            size:      \(s.libraryBytes) bytes (\(ratio)× the \(s.sourceBytes) bytes of source pages)
            last run:  \(s.lastIndexRun ?? "never")\(s.lastIndexSummary.map { "\n           \($0)" } ?? "")\(samples.files > 0 ? "\nsamples:   \(samples.articles) articles from \(samples.files) bundled sample pages (`dossier samples --remove`)" : "")\(s.olderFullTextIndex ? "\nindex:     an older full-text index; `dossier compact` makes the file about a seventh smaller" : "")\(lib.readOnlyReason.map { "\nread-only: \($0)" } ?? "")

            """)
    }
}

/// `dossier check`: is the library whole? For scripts after a crash, a full disk or a copy.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the library for damage (exit 1 if any).",
        discussion: """
            Runs SQLite's integrity_check and foreign_key_check and FTS5's integrity-check, which
            compares the full-text index with the stored articles. Reads the whole file.
            """)

    @OptionGroup var options: LibraryOptions
    @Flag(name: .long, help: "JSON output.") var json = false

    func run() throws {
        let lib = try options.open()
        let result = try libraryCall { try lib.check() }
        if json {
            try writeJSON(result)
        } else {
            var lines = ["\(result.ok ? "ok" : "DAMAGED"): \(lib.path), \(result.articles) articles"]
            for item in result.items {
                lines.append("  \(item.name): \(item.detail.replacingOccurrences(of: "\n", with: "\n    "))")
            }
            Output.write(lines.joined(separator: "\n") + "\n")
        }
        if !result.ok {
            Diagnostics.error("\(lib.path): the library is damaged; hint: move it aside and run `dossier index` again to rebuild it")
            throw ExitCode(1)
        }
    }
}

/// `dossier compact`: a smaller library file, for libraries made by older versions.
struct CompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Make the library file smaller (pack bodies again, rebuild an older full-text index, give free space back).",
        discussion: """
            Compact trains a new dictionary on a spread of the library's articles and packs \
            every article's text with it (texts stored before the library had a dictionary, \
            or by an older Dossier, take about 30% more space). A library made before the \
            full-text index put the body first, and too large to be rebuilt when a newer \
            Dossier first opened it, keeps its older index, which makes the file about a sixth \
            larger; compact rebuilds it. Then it gives the file's free pages back to the file \
            system, which needs about as much free disk as the library takes while it runs. \
            Minutes at a million articles. Searches answer the same before and after.
            """)

    @OptionGroup var options: LibraryOptions
    @Flag(name: .long, help: "JSON output.") var json = false

    func run() throws {
        let lib = try options.open()
        let report = try libraryCall { try lib.compact() }
        if json {
            try writeJSON(report)
            return
        }
        let mb = { (b: Int64) in String(format: "%.1f MB", Double(b) / 1e6) }
        var done = ["\(report.bodiesRepacked) article texts packed again"]
        if report.fullTextRebuilt { done.append("full-text index rebuilt body first") }
        Output.write("compacted: \(lib.path), \(mb(report.bytesBefore)) -> \(mb(report.bytesAfter)) (\(done.joined(separator: "; ")))\n")
    }
}

/// `dossier samples`: the bundled sample pages in the library; added or removed on request.
struct SamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samples",
        abstract: "Show, add or remove the bundled sample articles.",
        discussion: """
            A new library at the default path gets the sample pages when the reader or `list` first
            opens it; nothing else adds them unless asked with --add. They are marked as samples:
            --remove takes out them and the articles only they hold, leaving your pages untouched.
            """)

    @OptionGroup var options: LibraryOptions
    @Flag(name: .long, help: "Index the bundled sample pages into the library.") var add = false
    @Flag(name: .long, help: "Remove the sample pages and the articles only they hold.") var remove = false

    func validate() throws {
        if add && remove { throw ValidationError("give --add or --remove, not both") }
    }

    func run() throws {
        let lib = try options.open(for: add ? .indexing(createDirs: false) : .reading).library
        if add {
            guard let seeds = BundledSeeds.folder else {
                Diagnostics.error("the bundled sample pages were not found (set $DOSSIER_SEEDS to their folder)")
                throw ExitCode(1)
            }
            let summary = try libraryCall { try lib.index([seeds], samples: true) }
            Output.write("samples: " + summary.line + "\n")
        } else if remove {
            let gone = try libraryCall { try lib.removeSamples() }
            Output.write(gone.files == 0 ? "no sample pages in the library\n"
                         : "removed \(gone.articles) sample articles from \(gone.files) pages\n")
        } else {
            let n = try libraryCall { try lib.samples() }
            Output.write(n.files == 0 ? "no sample pages in the library (`dossier samples --add` adds them)\n"
                         : "\(n.articles) sample articles from \(n.files) bundled pages (`dossier samples --remove` removes them)\n")
        }
    }
}

/// Search and list output: readable lines, or the JSON of docs/article-json.md.
enum ResultPrinter {
    /// `search` and `list`: parse the query, open the library, print the results.
    static func run(_ words: [String], options: LibraryOptions, purpose: LibraryOptions.Purpose = .reading,
                    limit: Int, offset: Int = 0, sort: SearchOrder, json: Bool, full: Bool) throws {
        let (lib, notice) = try options.open(for: purpose)
        if let notice { Diagnostics.note(notice) }
        let q = try parseQuery(words, library: lib)
        let results = try libraryCall { try lib.search(q, limit: limit, offset: offset, sort: sort) }
        try print(results, query: words.joined(separator: " "), json: json, full: full)
    }

    /// `marksNew`: each article says whether it is new to a watchlist (`"new"` in JSON, a
    /// `+` before its id in text); `extra` adds top-level JSON fields.
    static func print(_ r: SearchResults, query: String, json: Bool, full: Bool, marksNew: Bool = false,
                      extra: [String: Any] = [:]) throws {
        if json {
            var list: [[String: Any]] = []
            for h in r.hits {
                var obj = try jsonObject(h.article, full: full)
                obj["score"] = h.score.map { ($0 * 1000).rounded() / 1000 } ?? NSNull()
                obj["snippet"] = replacingMarks(in: h.snippet, open: "«", close: "»")
                obj["read"] = h.read
                if marksNew { obj["new"] = h.isNew }
                list.append(obj)
            }
            var top: [String: Any] = ["query": query, "total": r.total, "offset": r.offset, "articles": list]
            top.merge(extra) { a, _ in a }
            try writeJSON(top)
            return
        }
        let color = isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let (open, close) = color ? ("\u{1B}[1m", "\u{1B}[0m") : ("«", "»")
        var out = r.offset == 0 || r.hits.isEmpty ? "\(r.hits.count) of \(r.total) articles\n"
            : "\(r.offset + 1)–\(r.offset + r.hits.count) of \(r.total) articles\n"
        for h in r.hits {
            let a = h.article
            let mark = marksNew ? (h.isNew ? "+ " : "  ") : ""
            out += "\(mark)\(a.id.prefix(8))  \(ArticleListing.line(a))\n"
            if !h.snippet.isEmpty { out += "\(marksNew ? "  " : "")          \(h.snippet)\n" }
        }
        // The text made visible first, then the match marks turned into our own bold: the
        // only escape sequences that reach the terminal are the ones written here.
        let shown = replacingMarks(in: TerminalText.visible(out, keepNewlines: true), open: open, close: close)
        FileHandle.standardOutput.write(Data(shown.utf8))
    }

    /// `text` with `SearchHit`'s match marks replaced. Scalar by scalar: Foundation's
    /// `replacingOccurrences` goes through NSString, whose first use cost a whole-process
    /// search about 5 % of its time (docs/performance.md, "Process start").
    static func replacingMarks(in text: String, open: String, close: String) -> String {
        let markOpen = SearchHit.markOpen.unicodeScalars.first!, markClose = SearchHit.markClose.unicodeScalars.first!
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            switch u {
            case markOpen: out.append(contentsOf: open.unicodeScalars)
            case markClose: out.append(contentsOf: close.unicodeScalars)
            default: out.append(u)
            }
        }
        return String(out)
    }
}

extension JSONEncoder {
    static var pretty: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}

/// The words of a query given on the command line. They are taken as they come, so that an
/// exclusion reads as one ("dossier search stablecoin -tether", not the options -t -e -t -h…);
/// a word that starts with "--" is a mistyped option, not a query.
enum QueryWords {
    /// The words without the "--" that ended the options (everything after it is query).
    static func clean(_ words: [String]) -> [String] {
        guard let i = words.firstIndex(of: "--") else { return words }
        return Array(words[..<i]) + words[(i + 1)...]
    }

    /// Before a "--", a word starting with "--" is a mistyped option.
    static func validate(_ words: [String]) throws {
        let options = words.firstIndex(of: "--").map { words[..<$0] } ?? words[...]
        if let bad = options.first(where: { $0.hasPrefix("--") && $0.count > 2 }) {
            throw ValidationError("unknown option '\(bad)'")
        }
    }
}
