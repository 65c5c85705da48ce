/// A piece of an article body, in reading order.
struct BodyBlock: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case paragraph, subheading }
    var kind: Kind
    var text: String
    var line: Int
}
