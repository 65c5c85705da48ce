/// An article as the segmenter found it, before classification.
struct ArticleDraft: Sendable {
    var title: String?
    /// Line of the headline, or of the first paragraph when there is none.
    var startLine: Int
    var category: String?
    var date: DateStamp?
    var role: ArticleRole
    var blocks: [BodyBlock] = []
    /// Image captions: kept out of the text, but they tell what the story is about.
    var captions: [String] = []
    /// Stories of one roundup share an id, so their dates can be inferred together.
    var roundup: Int?

    var paragraphCount: Int { blocks.lazy.filter { $0.kind == .paragraph }.count }
}
