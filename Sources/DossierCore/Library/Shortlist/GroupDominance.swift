import Foundation

/// "Beats" for a grouped list (`Shortlist.grouped`): two phrases, each weighted by its own
/// idf. `RankFunction` sums, over the phrases with hits, idf × (hits × (k1 + 1)) / (hits +
/// norm), with the norm rising with the length. Each part rises with its hits and falls with
/// the length, and each floating-point step is monotonic (for hits below 2^16: beyond that one
/// more hit moves the part by less than its rounding), so an article with as many hits on
/// each phrase or more and as few tokens or fewer scores at least as well, whatever the idfs
/// and the average length. Not strictly better: two articles may tie whatever their counts,
/// which `Shortlist.best` checks for when it answers.
enum GroupDominance {
    typealias Member = Shortlist.Member

    /// Whether `a` scores at least as well as `b` in every library (with the same counts, the
    /// same score: whichever rowid; `Shortlist.best` settles ties). An article without hits
    /// scores 0, which any scores at least.
    @inline(__always)
    static func beats(_ a: Member, _ b: Member) -> Bool {
        if b.hits == 0, b.hits2 == 0 { return true }
        guard b.hits < 1 << 16, b.hits2 < 1 << 16 else { return false }
        return a.hits >= b.hits && a.hits2 >= b.hits2 && a.length <= b.length
    }

    /// `members` less those that `depth` others beat. In `Shortlist.order` every member comes
    /// after all that beat it but equals of a lower rowid, so counting the earlier members kept
    /// is enough: a dropped member's beaters beat what it beats.
    static func kept(_ members: [Member], depth: Int) -> [Member] {
        let sorted = members.sorted(by: Shortlist.order)
        var kept: [Member] = []
        kept.reserveCapacity(sorted.count)
        for m in sorted {
            var beaten = 0
            for k in kept where beats(k, m) {
                beaten += 1
                if beaten == depth { break }
            }
            if beaten < depth { kept.append(m) }
        }
        return kept
    }

    /// For a new article with few hits on each phrase, whether `depth` members beat it: the
    /// `depth`-th shortest length among the members with at least its hits on both phrases.
    struct Grid: Sendable {
        /// Hits counted exactly below `side - 1`; the last row and column hold `side - 1` or more.
        static let side = 32
        /// `cut[h1 * side + h2]`: that length, or `Int32.max` when fewer members have the hits.
        private var cut: [Int32] = []
        private var depth = Shortlist.depth

        init() {}

        init(_ members: [Member], depth: Int) {
            let side = Self.side
            self.depth = depth
            var cells = [[Int32]](repeating: [], count: side * side)
            for m in members where m.hits >= 0 && m.hits2 >= 0 {
                cells[Int(min(m.hits, Int32(side - 1))) * side + Int(min(m.hits2, Int32(side - 1)))].append(m.length)
            }
            for i in cells.indices where !cells[i].isEmpty { cells[i].sort(); if cells[i].count > depth { cells[i].removeLast(cells[i].count - depth) } }
            // Members with at least (h1, h2): those with exactly h1 and at least h2 (one row,
            // summed from the right), and those with more than h1 (the row above).
            cut = [Int32](repeating: .max, count: side * side)
            var above = [[Int32]](repeating: [], count: side)
            for h1 in stride(from: side - 1, through: 0, by: -1) {
                var row: [Int32] = []
                for h2 in stride(from: side - 1, through: 0, by: -1) {
                    row = Self.merged(cells[h1 * side + h2], row, limit: depth)
                    let all = Self.merged(row, above[h2], limit: depth)
                    if all.count == depth { cut[h1 * side + h2] = all[depth - 1] }
                    above[h2] = all
                }
            }
        }

        /// Whether members (`count` of them now) beat `m` `depth` times: always, for an article
        /// without hits; by the bounds, for one with fewer than `side` hits on each phrase.
        func rejects(_ m: Member, members count: Int) -> Bool {
            if m.hits == 0, m.hits2 == 0 { return count >= depth }
            guard !cut.isEmpty, m.hits >= 0, m.hits2 >= 0, m.hits < Self.side, m.hits2 < Self.side else { return false }
            return m.length >= cut[Int(m.hits) * Self.side + Int(m.hits2)]
        }

        /// The `limit` smallest of two sorted arrays, sorted.
        private static func merged(_ a: [Int32], _ b: [Int32], limit: Int) -> [Int32] {
            if b.isEmpty { return a }
            if a.isEmpty { return b }
            var out: [Int32] = []
            out.reserveCapacity(min(limit, a.count + b.count))
            var i = 0, j = 0
            while out.count < limit, i < a.count || j < b.count {
                if j == b.count || (i < a.count && a[i] <= b[j]) { out.append(a[i]); i += 1 } else { out.append(b[j]); j += 1 }
            }
            return out
        }
    }
}
