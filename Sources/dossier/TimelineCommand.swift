import ArgumentParser
import DossierCore
import Foundation

/// `dossier timeline QUERY`: a query's articles per month, quarter or year, as bars.
struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Count a query's articles per month, quarter or year over the library's span.",
        discussion: "Example: dossier timeline topic:stablecoins country:hk --by quarter")

    @OptionGroup var options: LibraryOptions
    @Option(name: .long, help: "month, quarter or year.") var by: String = "month"
    @Flag(name: .long, help: "JSON output.") var json = false
    @Argument(parsing: .allUnrecognized, help: "An optional query.") var query: [String] = []

    func validate() throws {
        try QueryWords.validate(query)
        if TimelineStep(rawValue: by) == nil { throw ValidationError("--by must be month, quarter or year") }
    }

    func run() throws {
        let lib = try options.open()
        let words = QueryWords.clean(query)
        let q = try parseQuery(words, library: lib)
        let t = try libraryCall { try lib.timeline(q, by: TimelineStep(rawValue: by)!) }
        if json {
            let buckets = t.buckets.map { ["key": $0.key, "from": $0.from, "to": $0.to, "count": $0.count, "filter": $0.filter] as [String: Any] }
            try writeJSON(["query": words.joined(separator: " "), "by": by, "total": t.total, "undated": t.undated, "buckets": buckets] as [String: Any])
            return
        }
        Output.write(Self.bars(t, width: 50))
    }

    /// One line per bucket: its key, a bar scaled to the busiest, its count.
    static func bars(_ t: Timeline, width: Int) -> String {
        let most = max(1, t.buckets.map(\.count).max() ?? 1)
        let keyWidth = t.buckets.map(\.key.count).max() ?? 7
        var out = "\(t.total) articles\(t.undated > 0 ? " (\(t.undated) undated)" : "")\n"
        for b in t.buckets {
            let bar = Sparkline.bar(b.count, of: most, width: width)
            out += b.key.padding(toLength: keyWidth, withPad: " ", startingAt: 0) + "  " + bar
                + String(repeating: " ", count: max(0, width - bar.count)) + "  " + String(b.count) + "\n"
        }
        return out
    }
}
