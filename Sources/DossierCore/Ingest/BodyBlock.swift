/// A piece of an article body, in reading order.
struct BodyBlock: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case paragraph, subheading }
    var kind: Kind
    var text: String
    var line: Int
    /// The text's tokens when a segmenter already made them (paragraph index 0), so the
    /// classifier does not tokenise the same words again.
    var tokens: [Token]? = nil

    static func == (a: BodyBlock, b: BodyBlock) -> Bool { a.kind == b.kind && a.text == b.text && a.line == b.line }
}
