import Foundation

/// An article's distinct indexed terms, each with its hits as `RankFunction` counts them
/// (title ×10, body ×1, tags ×0), and its length in tokens: what its hits on any word or
/// prefix are made of (`Shortlist`).
///
/// Tokens come from the index's own tokenizer (`PreparedText`), so a term here is the very
/// bytes FTS5 stores. A word query matches the term equal to its stem; a prefix query the
/// terms that start with it, each position once (one token per position).
struct TermCounts {
    /// Tokens in all columns (FTS5's document size).
    private(set) var length: Int32 = 0
    /// Weighted hits by term; a term seen only in the tags has 0.
    private(set) var terms: [[UInt8]: Int32] = [:]

    /// FTS5 stores at most this many bytes of a token.
    static let longestToken = 32_768

    /// The counts of an article's title, body and tags, tokenized as the index tokenizes
    /// them; nil if any could not be.
    init?(title: PreparedText, body: PreparedText, tags: PreparedText) {
        guard title.ready, body.ready, tags.ready else { return nil }
        for (text, weight) in [(title, Int32(10)), (body, 1), (tags, 0)] {
            text.forEachToken { t in
                terms[Array(t.prefix(Self.longestToken)), default: 0] += weight
            }
            length += Int32(clamping: text.tokenCount)
        }
    }

    /// Hits on the word whose indexed form is `term`; nil when the article lacks it.
    func hits(word term: [UInt8]) -> Int32? { terms[term] }

    /// Hits on the terms starting with `prefix`; nil when none does.
    func hits(prefix: [UInt8]) -> Int32? {
        var total: Int32 = 0, found = false
        for (t, h) in terms where t.starts(with: prefix) {
            total += h
            found = true
        }
        return found ? total : nil
    }
}
