import Foundation

/// A word or prefix with a shortlist: a word by its indexed form (its stem), a prefix as
/// FTS5 matches it (the typed letters, folded, against the start of indexed terms). A prefix
/// with a `completion` is a grouped list's (`Shortlist.grouped`): the prefix typed past its
/// word's stem, and that stem, which FTS5 is asked for beside it (`regula*` → "regul").
struct ShortlistKey: Hashable, Sendable {
    var prefix: Bool
    var bytes: [UInt8]
    /// The stem a prefix was completed with (its second phrase), for a grouped list.
    var completion: [UInt8]?

    /// As saved: `w:`, `p:` or `g:` and the bytes (a group's: the prefix, a space, the stem;
    /// indexed terms hold no spaces).
    var name: String {
        if let completion { return "g:" + String(decoding: bytes, as: UTF8.self) + " " + String(decoding: completion, as: UTF8.self) }
        return (prefix ? "p:" : "w:") + String(decoding: bytes, as: UTF8.self)
    }

    init(prefix: Bool, bytes: [UInt8], completion: [UInt8]? = nil) {
        self.prefix = prefix || completion != nil; self.bytes = bytes; self.completion = completion
    }

    init?(name: String) {
        let utf8 = Array(name.utf8)
        guard utf8.count > 2, utf8[1] == UInt8(ascii: ":") else { return nil }
        switch utf8[0] {
        case UInt8(ascii: "w"), UInt8(ascii: "p"): self.init(prefix: utf8[0] == UInt8(ascii: "p"), bytes: Array(utf8[2...]))
        case UInt8(ascii: "g"):
            let rest = utf8[2...]
            guard let space = rest.firstIndex(of: UInt8(ascii: " ")), space > rest.startIndex, space + 1 < rest.endIndex else { return nil }
            self.init(prefix: true, bytes: Array(rest[..<space]), completion: Array(rest[(space + 1)...]))
        default: return nil
        }
    }

    /// The key a query of the single word or prefix `word` searches by, if it is one token
    /// for the index (a hyphenated word is a phrase of two, and has none). A prefix completed
    /// with one word (`completions`, as `WordList.prefixTerms` gives them) has a grouped key;
    /// with more, none.
    init?(query word: String, prefix: Bool, completions: [String] = []) {
        let tokens = PreparedText.queryTokens(word, prefix: prefix)
        guard tokens.count == 1, let only = tokens.first, !only.isEmpty, only.count <= ShortlistKeys.longestPrefix || !prefix,
              completions.count <= 1 else { return nil }
        var completion: [UInt8]?
        if let c = completions.first {
            let stems = PreparedText.queryTokens(c, prefix: false)
            guard prefix, stems.count == 1, let stem = stems.first, !stem.isEmpty, !stem.contains(UInt8(ascii: " ")) else { return nil }
            completion = stem
        }
        self.init(prefix: prefix, bytes: only, completion: completion)
    }

    /// The keys of `components` this key's hits are made of: itself, or a group's prefix and stem.
    var components: [ShortlistKey] {
        guard let completion else { return [self] }
        return [ShortlistKey(prefix: true, bytes: bytes), ShortlistKey(prefix: false, bytes: completion)]
    }
}

/// A set of keys, and each article's hits on them (`TermCounts` → (key, hits)).
///
/// An article's distinct terms are looked up by their FNV hash, built a byte at a time, so
/// each of a term's prefixes costs one probe and no allocation. Two keys with one hash would
/// make one of them unreachable, so the second is left out (it has no list).
struct ShortlistKeys: Sendable {
    /// Prefixes longer than this are not chosen (a prefix query that long is rare, and matches few).
    static let longestPrefix = 24

    let keys: [ShortlistKey]
    /// Every key's bytes, one after another (key `i` at `starts[i]..<starts[i + 1]`): compared
    /// in place, where reading `keys[i].bytes` retained and released an array per probe.
    private let flat: [UInt8]
    private let starts: [Int]
    private var words = HashSlots()
    /// Every prefix key by its hash, and every shorter start of one as -1: a term's later
    /// bytes need no probe once its start is in neither (most terms leave after a byte or two).
    private var prefixes = HashSlots()

    init(_ candidates: [ShortlistKey]) {
        var kept: [ShortlistKey] = []
        for k in candidates {
            let h = FNV.hash(k.bytes)
            if k.prefix {
                guard (prefixes[h] ?? -1) < 0 else { continue }
                prefixes.set(h, Int32(kept.count))
                var start = FNV.seed
                for b in k.bytes.dropLast() {
                    start = FNV.step(start, b)
                    if prefixes[start] == nil { prefixes.set(start, -1) }
                }
            } else {
                guard words[h] == nil else { continue }
                words.set(h, Int32(kept.count))
            }
            kept.append(k)
        }
        keys = kept
        flat = kept.flatMap(\.bytes)
        var at = 0
        starts = [0] + kept.map { at += $0.bytes.count; return at }
    }

    /// Whether `term` starts with key `k`'s bytes (the check after a hash is found, against
    /// a collision), as `forEachMatch` makes it.
    func key(_ k: Int, isPrefixOf term: [UInt8]) -> Bool {
        flat.withUnsafeBufferPointer { flat in
            term.withUnsafeBufferPointer { t in t.count > 0 && key(k, length: keys[k].bytes.count, isPrefixOf: t, flat: flat) }
        }
    }

    /// Whether `term` starts with key `k`'s bytes, which are `n` long (both contiguous).
    @inline(__always)
    private func key(_ k: Int, length n: Int, isPrefixOf term: UnsafeBufferPointer<UInt8>, flat: UnsafeBufferPointer<UInt8>) -> Bool {
        starts[k + 1] - starts[k] == n && n <= term.count && memcmp(flat.baseAddress! + starts[k], term.baseAddress!, n) == 0
    }

    /// Scratch space for `forEachMatch`, reused from article to article.
    struct Scratch {
        fileprivate var hits: [Int32] = []
        fileprivate var touched: [Int32] = []
    }

    /// A key an article matches, and its hits on it.
    struct Match: Sendable { var key: Int32; var hits: Int32 }

    /// The keys `counts` matches, with the hits on each (scratch of its own: for workers).
    func matches(_ counts: TermCounts) -> [Match] {
        var scratch = Scratch(), out: [Match] = []
        forEachMatch(counts, scratch: &scratch) { k, hits in out.append(Match(key: Int32(k), hits: hits)) }
        return out
    }

    /// Calls `body` with each key `counts` matches and the article's hits on it.
    func forEachMatch(_ counts: TermCounts, scratch: inout Scratch, _ body: (Int, Int32) -> Void) {
        if scratch.hits.count != keys.count { scratch.hits = [Int32](repeating: -1, count: keys.count) }
        scratch.touched.removeAll(keepingCapacity: true)
        flat.withUnsafeBufferPointer { flat in
            counts.forEachTerm { slice, hits in
                slice.withUnsafeBufferPointer { term in
                    var h = FNV.seed, n = 0, probing = true
                    for b in term {
                        h = FNV.step(h, b)
                        n += 1
                        guard probing else { continue }
                        guard n <= Self.longestPrefix, let k = prefixes[h] else { probing = false; continue }
                        if k >= 0, key(Int(k), length: n, isPrefixOf: term, flat: flat) {
                            if scratch.hits[Int(k)] < 0 { scratch.hits[Int(k)] = 0; scratch.touched.append(k) }
                            scratch.hits[Int(k)] += hits
                        }
                    }
                    if let k = words[h], key(Int(k), length: term.count, isPrefixOf: term, flat: flat) {
                        if scratch.hits[Int(k)] < 0 { scratch.hits[Int(k)] = 0; scratch.touched.append(k) }
                        scratch.hits[Int(k)] += hits
                    }
                }
            }
        }
        for k in scratch.touched {
            body(Int(k), scratch.hits[Int(k)])
            scratch.hits[Int(k)] = -1
        }
    }
}

/// Counts, over a sample of articles, how many contain each word and each prefix, to choose
/// the keys found in a large share of them. Counted by hash: two words or prefixes with one
/// hash would be counted together, which could only add a list, never a wrong answer.
///
/// Each distinct term of each article notes its word and up to `longestPrefix` prefixes, one
/// probe each: flat arrays, with each one's bytes in one buffer, since nested arrays checked
/// their uniqueness on every note (the counter was 5% of a rebuild's samples, `perf`).
struct ShortlistKeyCounter {
    private(set) var articles = 0
    private var words = Tally(), prefixes = Tally()

    /// Per word or prefix: how many articles have it, and the last article that was counted.
    private struct Tally {
        var slots = HashSlots(capacity: 1 << 16)
        var counts: [Int32] = []
        var last: [Int32] = []
        /// Each one's bytes, one after another (`starts`, as in `ShortlistKeys`).
        var bytes: [UInt8] = []
        var starts: [Int32] = [0]

        @inline(__always)
        mutating func note(_ h: UInt64, _ term: UnsafeBufferPointer<UInt8>, length n: Int, article: Int32) {
            if let found = slots[h] {
                let i = Int(found)
                if last[i] != article { last[i] = article; counts[i] += 1 }
                return
            }
            slots.set(h, Int32(counts.count))
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: term[..<n]))
            starts.append(Int32(bytes.count))
            counts.append(1)
            last.append(article)
        }

        func chosen(least: Int, prefix: Bool) -> [ShortlistKey] {
            counts.indices.filter { Int(counts[$0]) >= least }.map {
                ShortlistKey(prefix: prefix, bytes: Array(bytes[Int(starts[$0])..<Int(starts[$0 + 1])]))
            }
        }
    }

    mutating func count(_ c: TermCounts) {
        articles += 1
        let article = Int32(truncatingIfNeeded: articles)
        c.forEachTerm { slice, _ in
            slice.withUnsafeBufferPointer { term in
                var h = FNV.seed, n = 0
                for b in term {
                    h = FNV.step(h, b)
                    n += 1
                    if n <= ShortlistKeys.longestPrefix { prefixes.note(h, term, length: n, article: article) }
                }
                words.note(h, term, length: n, article: article)
            }
        }
    }

    /// The words and prefixes in at least `share` of the articles counted, in a stable order.
    func keys(share: Double) -> [ShortlistKey] {
        let least = max(1, Int((share * Double(articles)).rounded(.up)))
        return (words.chosen(least: least, prefix: false) + prefixes.chosen(least: least, prefix: true)).sorted { $0.name < $1.name }
    }
}
