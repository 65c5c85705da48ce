import ArgumentParser
import DossierCore
import Foundation

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Split scraped pages into clean articles and print them.",
        discussion: """
            Reads each FILE, and every .txt/.text/.md file (or file without extension) under each DIR.
            Exit status: 0 when every input was read, 1 when some could not be (the rest is still
            printed), 2 on a usage error.
            """)

    @Flag(name: .long, help: "Print a JSON array of articles (see docs/article-json.md).")
    var json = false

    @Option(name: .long, help: "Skip pages larger than this many megabytes.")
    var maxPageMb = PageDecoder.defaultMaximumBytes / (1024 * 1024)

    @Argument(help: "Page files or folders of pages.")
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one FILE or DIR") }
        if maxPageMb < 1 { throw ValidationError("--max-page-mb must be at least 1") }
    }

    func run() throws {
        let inputs = InputFiles.expand(paths)
        var failed = !inputs.problems.isEmpty
        for p in inputs.problems { Diagnostics.error("\(p.path): \(p.reason)") }
        var parser = ArticleParser()
        parser.maximumPageBytes = maxPageMb * 1024 * 1024
        var pages: [ArticleParser.Page] = []
        for file in inputs.files {
            do {
                let page = try parser.parse(fileAt: file)
                for w in page.warnings { Diagnostics.warning("\(file): \(w)") }
                pages.append(page)
            } catch {
                Diagnostics.error("\(file): \(error); skipped")
                failed = true
            }
        }
        let articles = pages.flatMap(\.articles)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(articles)
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            var out = ""
            for page in pages {
                out += "\(page.path)  (\(page.articles.count) article\(page.articles.count == 1 ? "" : "s"))\n"
                for a in page.articles { out += "  " + ArticleListing.line(a) + "\n" }
            }
            Output.write(out)
        }
        if failed { throw ExitCode(1) }
    }
}

/// One line per article: date, countries, authorities, topics, headline.
enum ArticleListing {
    static func line(_ a: Article) -> String {
        let date = (a.published.map { String($0.prefix(10)) } ?? "----------") + (a.publishedInferred ? "~" : " ")
        let countries = a.countries.map(\.code).joined(separator: ",")
        let authorities = a.authorities.map { "\($0.acronym)@\($0.country)" }.joined(separator: ",")
        let topics = a.offTopic ? "(off-topic)" : a.topics.joined(separator: ",")
        let role = a.source.role == .main ? "" : (a.source.role == .related ? "[related] " : "[roundup] ")
        let title = (a.titleInferred ? "≈ " : "") + a.title
        return "\(date) \(pad(countries, 9)) \(pad(authorities, 22)) \(pad(topics, 28)) \(role)\(title)"
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
