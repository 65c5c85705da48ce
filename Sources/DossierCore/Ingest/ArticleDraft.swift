/// An article as the segmenter found it, before classification.
struct ArticleDraft: Sendable {
    var title: String?
    /// Line of the headline, or of the first paragraph when there is none.
    var startLine: Int
    var category: String?
    var date: DateStamp?
    var role: ArticleRole
    /// The body, in reading order. Appended through `add`, which keeps `paragraphCount`.
    private(set) var blocks: [BodyBlock] = []
    /// Paragraphs so far: kept as blocks are added (counting anew for every line of a long
    /// story made segmentation quadratic).
    private(set) var paragraphCount = 0
    /// Image captions: kept out of the text, but they tell what the story is about.
    var captions: [String] = []
    /// Found by its metadata (a date, an age, a byline beside the headline): a real article
    /// even when its teaser text is short.
    var anchored = false
    /// Stories of one roundup share an id, so their dates can be inferred together.
    var roundup: Int?

    init(title: String?, startLine: Int, role: ArticleRole) {
        self.title = title; self.startLine = startLine; self.role = role
    }

    mutating func add(_ block: BodyBlock) {
        blocks.append(block)
        if block.kind == .paragraph { paragraphCount += 1 }
    }

    mutating func add(contentsOf more: [BodyBlock]) { for b in more { add(b) } }

    /// Metadata found on the page: the first date stated wins, the first category too.
    mutating func note(_ kind: PageLine.Kind) {
        switch kind {
        case .sectionHeader(let category, let date):
            if self.category == nil { self.category = category }
            if self.date == nil { self.date = date }
        case .dateLine(let date?), .byline(let date?):
            if self.date == nil { self.date = date }
            // The same day again with its time ("2025年3月4日" then "10:15"): keep the time.
            else if let d = self.date, d.hour == nil, date.hour != nil, (d.year, d.month, d.day) == (date.year, date.month, date.day) {
                self.date = date
            }
        default: break
        }
    }
}
