import Foundation

/// An article's distinct terms in its title and body, each with its hits as `RankFunction`
/// counts them (title ×10, body ×1), and its length in tokens: what its hits on any word or
/// prefix are made of (`Shortlist`).
///
/// Tokens come from the index's own tokenizer in document mode, so a term here is the very
/// bytes FTS5 stores. A query's words are searched in the title and body (`{title body} :`),
/// never in the tags, which count only towards the length. A word matches the term equal to
/// its stem; a prefix the terms that start with it, each position once (one token per position).
struct TermCounts: Sendable {
    /// Tokens in all columns, tags included (FTS5's document size).
    private(set) var length: Int32 = 0
    /// The distinct terms' bytes, one after another; term `i` starts at `starts[i]`.
    private var bytes: [UInt8] = []
    private var starts: [Int32] = []
    private var hashes: [UInt64] = []
    /// Weighted hits of term `i`.
    private var hits: [Int32] = []
    private var slots = HashSlots(capacity: 512)

    /// FTS5 stores at most this many bytes of a token.
    static let longestToken = 32_768

    /// The counts of an article's title, body and tags; nil if they could not be tokenized.
    init?(title: String, body: String, tags: String) {
        var tokens = 0
        for (text, weight) in [(title, Int32(10)), (body, 1)] {
            let ok = PreparedText.forEachToken(of: text) { t in
                tokens += 1
                add(UnsafeBufferPointer(rebasing: t.prefix(Self.longestToken)), weight)
            }
            guard ok else { return nil }
        }
        guard PreparedText.forEachToken(of: tags, { _ in tokens += 1 }) else { return nil }
        length = Int32(clamping: tokens)
    }

    private mutating func add(_ t: UnsafeBufferPointer<UInt8>, _ weight: Int32) {
        let h = FNV.hash(t)
        if let i = slots[h] {
            if term(Int(i)).elementsEqual(t) { hits[Int(i)] += weight; return }
            // Another term with the same hash (a 64-bit collision): found by its bytes.
            if let j = hashes.indices.first(where: { hashes[$0] == h && term($0).elementsEqual(t) }) { hits[j] += weight; return }
        } else {
            slots.set(h, Int32(hits.count))
        }
        starts.append(Int32(bytes.count))
        bytes.append(contentsOf: t)
        hashes.append(h)
        hits.append(weight)
    }

    private func term(_ i: Int) -> ArraySlice<UInt8> {
        bytes[Int(starts[i])..<(i + 1 < starts.count ? Int(starts[i + 1]) : bytes.count)]
    }

    /// Calls `body` with each distinct term and its hits.
    func forEachTerm(_ body: (ArraySlice<UInt8>, Int32) -> Void) {
        for i in hits.indices { body(term(i), hits[i]) }
    }

    /// Hits on the word whose indexed form is `word`; nil when the article lacks it.
    func hits(word: [UInt8]) -> Int32? {
        hits.indices.first { term($0).elementsEqual(word) }.map { hits[$0] }
    }

    /// Hits on the terms starting with `prefix`; nil when none does.
    func hits(prefix: [UInt8]) -> Int32? {
        var total: Int32 = 0, found = false
        for i in hits.indices where term(i).starts(with: prefix) {
            total += hits[i]
            found = true
        }
        return found ? total : nil
    }
}
