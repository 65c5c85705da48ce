import ArgumentParser
import DossierCore
import Foundation

/// `dossier export QUERY`: the query's articles as a Markdown brief, CSV or article JSON.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a query's articles as a Markdown brief, CSV rows or article JSON.",
        discussion: """
            Markdown: the query, date range and counts, then the articles by country and date with \
            their authorities, a short summary and their source. CSV: one row per article, stable \
            columns. JSON: {"query", "total", "articles"} in the article JSON of docs/article-json.md.
            Example: dossier export country:hk topic:stablecoins --out hk-stablecoins.md
            """)

    @OptionGroup var options: LibraryOptions
    @Option(name: .long, help: "md, csv or json (default: from --out's extension, else md).") var format: String?
    @Option(name: .long, help: "Write to this file (replaced whole, never half-written) instead of stdout.") var out: String?
    @Argument(parsing: .allUnrecognized, help: "An optional query (default: every article).") var query: [String] = []

    func validate() throws {
        try QueryWords.validate(query)
        if let format, BriefFormat(rawValue: format) == nil { throw ValidationError("--format must be md, csv or json") }
    }

    /// The format asked for, else the one --out's extension names, else Markdown.
    var chosenFormat: BriefFormat {
        if let format { return BriefFormat(rawValue: format)! }
        let ext = out.map { URL(fileURLWithPath: $0).pathExtension.lowercased() } ?? ""
        return BriefFormat(rawValue: ext == "markdown" ? "md" : ext) ?? .md
    }

    func run() throws {
        let lib = try options.open()
        let words = QueryWords.clean(query)
        let q = try parseQuery(words, library: lib)
        let brief = try libraryCall { try lib.brief(q, text: words.joined(separator: " ")) }
        let data = try brief.data(chosenFormat)
        guard let out else {
            // Markdown and CSV are text for people too: their control characters are shown.
            if chosenFormat == .json { FileHandle.standardOutput.write(data) } else { Output.write(String(decoding: data, as: UTF8.self)) }
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            Diagnostics.error("\(out): cannot write the brief: \((error as NSError).localizedDescription)")
            throw ExitCode(1)
        }
        Diagnostics.note("wrote \(brief.articles.count) articles to \(out) (\(chosenFormat.rawValue))")
    }
}
