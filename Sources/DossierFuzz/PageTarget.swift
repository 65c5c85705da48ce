import DossierCore
import Foundation

/// Any bytes, decoded as a page file is, then parsed: every article returned must be well formed.
enum PageTarget {
    private static let parser = ArticleParser()

    static func run(_ bytes: Data) {
        guard let decoded = try? PageDecoder.decode(bytes) else { return }   // binary: refused, as intended
        let page = parser.parse(text: decoded.text, path: "fuzz.txt")
        for article in page.articles {
            precondition(!article.title.isEmpty, "article without a title")
            precondition(!article.paragraphs.isEmpty, "article without text")
            if let p = article.published { precondition(p.count == 10 || p.count == 16, "bad date \(p)") }
            precondition(TerminalText.visible(article.title) == article.title, "a control character in a title")
        }
    }
}
