import Foundation

/// What both benchmark corpora share: pages written into sub-folders of 1,000
/// (`0000/page0000000.txt`, …), and the site layout's pieces.
struct PageWriter {
    let folder: String
    private(set) var pages = 0
    private(set) var bytes = 0

    init(folder: String) { self.folder = folder }

    /// Writes the next page, creating its sub-folder when it starts one.
    mutating func write(_ page: String) throws {
        let sub = (folder as NSString).appendingPathComponent(String(format: "%04d", pages / 1000))
        if pages % 1000 == 0 { try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true) }
        let path = (sub as NSString).appendingPathComponent(String(format: "page%07d.txt", pages))
        try Data(page.utf8).write(to: URL(fileURLWithPath: path))
        pages += 1
        bytes += page.utf8.count
    }

    /// A site page's head: the "Top" link, the headline, then "Category·date".
    static func articleHead(title: String, category: String, dateLine: String) -> String {
        "Top\n\(title)\n\(category)·\(dateLine)\n"
    }

    /// The "More to Read" box of three teasers (category, date, headline, headline glued to lede).
    static func moreToRead(_ teasers: [(title: String, category: String, date: String, lede: String)]) -> String {
        var box = "More to Read\nView All\n"
        for t in teasers { box += "\(t.category)·\n\(t.date)\n\(t.title)\n\(t.title)\(t.lede)\nnews\n" }
        return box + "Loading\n"
    }
}
