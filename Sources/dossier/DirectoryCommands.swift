import ArgumentParser
import DossierCore
import Foundation

/// `dossier authorities` and `dossier countries`: every authority (or country) in the
/// library with its count for a query, first and last month seen, trend and top topics.
struct DirectoryOptions: ParsableArguments {
    @OptionGroup var options: LibraryOptions
    @Option(name: .long, help: "count (most matching first), recent (last seen first) or name.") var sort: String = "count"
    @Flag(name: .long, help: "Also list those the query does not match.") var all = false
    @Flag(name: .long, help: "JSON output.") var json = false
    @Argument(parsing: .allUnrecognized, help: "An optional query (default: every article).") var query: [String] = []

    func validate() throws {
        try QueryWords.validate(query)
        if DirectoryOrder(rawValue: sort) == nil { throw ValidationError("--sort must be count, recent or name") }
    }

    func run(_ field: SearchQuery.Field, plural: String) throws {
        let lib = try options.open()
        let words = QueryWords.clean(query)
        let q = try parseQuery(words, library: lib)
        let activity = try libraryCall { try lib.activity(q) }
        let entries = DirectoryOrder(rawValue: sort)!.sorted(activity.entries(field)).filter { all || $0.count > 0 }
        if json {
            try writeJSON([
                "query": words.joined(separator: " "), "sort": sort, "total": activity.total,
                "span": ["from": activity.span.first as Any, "to": activity.span.last as Any],
                plural: entries.map { Self.json($0, field) },
            ] as [String: Any])
            return
        }
        Output.write(Self.table(entries, field: field, total: activity.total, plural: plural))
    }

    static func json(_ e: ActivityEntry, _ field: SearchQuery.Field) -> [String: Any] {
        var o: [String: Any] = [
            "key": e.key, "label": e.label, "count": e.count, "libraryCount": e.libraryCount,
            "firstSeen": e.firstSeen as Any, "lastSeen": e.lastSeen as Any, "months": e.months, "filter": e.filter,
            "top": e.top.map { ["key": $0.key, "label": $0.label, "count": $0.count] },
        ]
        if field == .authority {
            o["name"] = e.name as Any
            o["country"] = e.country as Any
        }
        return o
    }

    /// One line per entry: label, count, first and last month, trend, top topics, name.
    static func table(_ entries: [ActivityEntry], field: SearchQuery.Field, total: Int, plural: String) -> String {
        // A country's code goes before its name ("HK Hong Kong"), as in the reader.
        func label(_ e: ActivityEntry) -> String { field == .country ? e.key + " " + e.label : e.label }
        let labelWidth = min(24, max(9, entries.map { label($0).count }.max() ?? 9))
        let countWidth = max(5, String(entries.map(\.count).max() ?? 0).count)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? String(s.prefix(n)) : s + String(repeating: " ", count: n - s.count) }
        func left(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        var out = "\(entries.count) \(plural) in \(total) articles\n"
        out += pad(field == .authority ? "AUTHORITY" : "COUNTRY", labelWidth) + "  " + left("COUNT", countWidth)
            + "  FIRST    LAST     TREND         TOP TOPICS" + (field == .authority ? " · NAME" : "") + "\n"
        for e in entries {
            var line = pad(label(e), labelWidth) + "  " + left(String(e.count), countWidth) + "  "
            line += pad(e.firstSeen ?? "–", 7) + "  " + pad(e.lastSeen ?? "–", 7) + "  " + Sparkline.of(e.months, width: 12) + "  "
            line += e.top.map(\.label).joined(separator: ", ")
            if let name = e.name { line += " · " + name }
            out += line + "\n"
        }
        return out
    }
}

struct AuthoritiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authorities",
        abstract: "List the authorities in the library: count for a query, first and last month seen, trend, top topics.",
        discussion: "Example: dossier authorities topic:stablecoins --sort recent")
    @OptionGroup var directory: DirectoryOptions
    func run() throws { try directory.run(.authority, plural: "authorities") }
}

struct CountriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "countries",
        abstract: "List the countries in the library: count for a query, first and last month seen, trend, top topics.",
        discussion: "Example: dossier countries topic:cbdc")
    @OptionGroup var directory: DirectoryOptions
    func run() throws { try directory.run(.country, plural: "countries") }
}
