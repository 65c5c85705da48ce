import Foundation

/// The articles that can be among the best `guarantee` for one word or prefix, and how many
/// articles match it: what lets a search for a word found in most articles score a few
/// thousand of them instead of every match.
///
/// With one word or prefix, an article's score is BM25's weight of its hits `f` (the title's
/// ×10) against its length, which rises with `f` and falls with the length, whatever the
/// library's average length. So when an article `beats` another on both counts it ranks
/// before it, in any library, and an article that `guarantee` others beat cannot be among the
/// best `guarantee`. Only the rest are kept, as members; the best `n ≤ guarantee` members,
/// scored as `RankFunction` scores them, are the best `n` of all the matches, in the same order.
///
/// The invariant: every matching article that is not a member is beaten by at least
/// `guarantee` members.
/// - A new article is kept unless `depth` members beat it (`depth ≥ guarantee`).
/// - A removed member may have been one of those that beat another article, so `guarantee`
///   falls by one (a removed non-member changes nothing).
/// - A member that `depth` members beat is dropped (`prune`): the first `depth` of them in
///   `order` are each beaten by fewer than `depth`, so they stay, and they beat whatever it beat.
///
/// A *grouped* list is for a prefix typed past its word's stem (`regula*`, which FTS5 is asked
/// as `regula* OR regulate`: two phrases, the second the stem "regul"). Its score sums each
/// phrase's part, weighted by the phrase's idf, which differs from library to library; it
/// still rises with each phrase's hits and falls with the length, so an article with as many
/// hits on both and no more tokens scores at least as well (`GroupDominance`). That is
/// "beats" for such a list, without the strictness: the list's answer is taken only when no
/// article left out could tie the last one given (see `best`).
struct Shortlist: Equatable, Sendable {
    /// One matching article: its rowid, its hits `f` (title ×10, body ×1, tags ×0) and its
    /// length in tokens (all columns), as `RankFunction` reads them.
    struct Member: Equatable, Sendable {
        var rowid: Int64
        var hits: Int32
        var length: Int32
        /// A grouped list's hits on its second phrase (the completion); 0 otherwise.
        var hits2: Int32 = 0
    }

    /// How many members a new shortlist can answer for: more than a reader's first load (60).
    static let depth = 100

    /// The members, in no order.
    private(set) var members: [Member]
    /// Articles matching the word or prefix, members or not.
    private(set) var matches: Int
    /// How many of the best this list can give exactly.
    private(set) var guarantee: Int
    /// Whether members have two phrases' hits (`hits`, `hits2`): a prefix and its completion.
    let grouped: Bool
    /// A grouped list's articles with hits on each phrase, from which each phrase's idf is
    /// taken as `RankFunction` takes it (its `xQueryPhrase` count).
    private(set) var phraseMatches: (first: Int, second: Int) = (0, 0)
    /// A grouped list's rejection bounds (`GroupDominance.Grid`).
    private var grid = GroupDominance.Grid()

    /// `reject[f]`: the `depth`-th smallest length among members with `f` or more hits (or
    /// `Int32.max`); a new article longer than that is beaten by `depth` members. It may lag
    /// behind additions (then it rejects less: members are only ever more than needed).
    private var reject: [Int32] = []
    /// Members added since `reject` was computed.
    private var addedSinceSweep = 0

    /// An empty list: no article matches yet.
    init(grouped: Bool = false) { members = []; matches = 0; guarantee = Self.depth; self.grouped = grouped }

    /// A list as saved. Lists are swept before they are saved; a grouped one only needs its
    /// bounds again (its sweep compares members pairwise: 100 ms for the 7,000 members of a
    /// list at 1M, which a search reading the list would pay).
    init(members: [Member], matches: Int, guarantee: Int, grouped: Bool = false, phraseMatches: (Int, Int) = (0, 0)) {
        self.members = members; self.matches = matches; self.guarantee = guarantee
        self.grouped = grouped; self.phraseMatches = phraseMatches
        if grouped { grid = GroupDominance.Grid(members, depth: Self.depth) } else { sweep() }
    }

    static func == (a: Shortlist, b: Shortlist) -> Bool {
        a.matches == b.matches && a.guarantee == b.guarantee && a.grouped == b.grouped && a.phraseMatches == b.phraseMatches
            && a.members.sorted(by: Self.order) == b.members.sorted(by: Self.order)
    }

    /// For a list of one word or prefix (a grouped list's is `GroupDominance.beats`):
    /// whether `a` ranks before `b` in every library: as many hits or more, as short or
    /// shorter, and better on one of them or, counts equal, the higher rowid (ties go to it,
    /// as in `TopK`). An article without hits (a match in the tags alone) scores 0 whatever its
    /// length: any article with hits beats it, and among those without, the higher rowid.
    /// Hits of 2^16 or more and lengths of 2^23 or more are never beaten: below those bounds
    /// a step of one changes the score by far more than its rounding.
    @inline(__always)
    static func beats(_ a: Member, _ b: Member) -> Bool {
        if b.hits == 0 { return a.hits > 0 || a.rowid > b.rowid }
        guard b.hits < 1 << 16, b.length < 1 << 23 else { return false }
        return a.hits >= b.hits && a.length <= b.length && (a.hits > b.hits || a.length < b.length || a.rowid > b.rowid)
    }

    /// An order in which every member comes after all that beat it: most hits (both
    /// phrases' for a grouped list), then shortest (length aside for those without hits),
    /// then highest rowid.
    static func order(_ a: Member, _ b: Member) -> Bool {
        let x = Int64(a.hits) + Int64(a.hits2), y = Int64(b.hits) + Int64(b.hits2)
        if x != y { return x > y }
        if x != 0, a.length != b.length { return a.length < b.length }
        return a.rowid > b.rowid
    }

    // MARK: Changes

    /// A newly matching article (a new one, or one whose text was replaced).
    mutating func add(_ m: Member) {
        matches += 1
        if grouped {
            phraseMatches.first += m.hits > 0 ? 1 : 0
            phraseMatches.second += m.hits2 > 0 ? 1 : 0
            if grid.rejects(m, members: members.count) { return }
            members.append(m)
            addedSinceSweep += 1
            if addedSinceSweep > max(64, members.count / 4) { sweep() }
            return
        }
        if m.hits < 1 << 16, m.length < 1 << 23, Int(m.hits) < reject.count, m.length > reject[Int(m.hits)] { return }
        members.append(m)
        addedSinceSweep += 1
        // Sweeping costs a sort of the members: often enough that rejection stays sharp,
        // seldom enough that it is a small share of the additions.
        if addedSinceSweep > max(64, members.count / 4) { sweep() }
    }

    /// An article that matched is gone (deleted, or its text replaced); `m` its counts as
    /// they were (a grouped list needs them for its phrases' counts).
    mutating func remove(_ m: Member) {
        if grouped {
            phraseMatches.first = max(0, phraseMatches.first - (m.hits > 0 ? 1 : 0))
            phraseMatches.second = max(0, phraseMatches.second - (m.hits2 > 0 ? 1 : 0))
        }
        remove(rowid: m.rowid)
    }

    /// An article that matched is gone (a list of one word or prefix needs only its rowid).
    mutating func remove(rowid: Int64) {
        matches = max(0, matches - 1)
        if let i = members.firstIndex(where: { $0.rowid == rowid }) {
            members.swapAt(i, members.count - 1)
            members.removeLast()
            guarantee = max(0, guarantee - 1)
        }
    }

    /// Drops the members `depth` others beat and computes `reject` again.
    mutating func sweep() {
        if grouped {
            members = GroupDominance.kept(members, depth: Self.depth)
            grid = GroupDominance.Grid(members, depth: Self.depth)
            addedSinceSweep = 0
            return
        }
        members.sort(by: Self.order)
        // `shorter` holds the lengths of the members kept so far (all with as many hits or
        // more), sorted; a member's beaters are the earlier ones with a length not above its
        // own (the strictness is settled by `order`: an earlier equal pair has the higher
        // rowid). Those without hits come last, and every earlier member beats them.
        var kept: [Member] = []
        kept.reserveCapacity(members.count)
        var shorter: [Int32] = []
        shorter.reserveCapacity(members.count)
        let maxHits = Int(min(members.first?.hits ?? 0, 1 << 16))
        var cut = [Int32](repeating: .max, count: maxHits + 1)
        var i = 0
        while i < members.count {
            let f = members[i].hits
            if f == 0 {
                for m in members[i...] where kept.count < Self.depth { kept.append(m) }
                break
            }
            var j = i
            while j < members.count, members[j].hits == f {
                let m = members[j]
                let beaten = m.hits < 1 << 16 && m.length < 1 << 23 ? Self.countNotAbove(m.length, in: shorter) : 0
                if beaten < Self.depth {
                    kept.append(m)
                    shorter.insert(m.length, at: Self.countNotAbove(m.length, in: shorter))
                }
                j += 1
            }
            // Every member with `f` hits or more is in `shorter` now.
            if Int(f) <= maxHits, shorter.count >= Self.depth { cut[Int(f)] = shorter[Self.depth - 1] }
            i = j
        }
        // Hit counts between those present take the bound of the next present above them
        // (none for 0, set above: length does not matter there).
        var below = Int32.max
        for f in stride(from: maxHits, through: 1, by: -1) {
            if cut[f] == .max { cut[f] = below } else { below = cut[f] }
        }
        // A new article without hits is beaten by every member with hits.
        cut[0] = kept.count(where: { $0.hits > 0 }) >= Self.depth ? -1 : .max
        members = kept
        reject = cut
        addedSinceSweep = 0
    }

    /// How many of `sorted` are `≤ x`.
    private static func countNotAbove(_ x: Int32, in sorted: [Int32]) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    // MARK: Answers

    /// The best `count` after the best `offset`, by `score` (lower is better, as from
    /// `RankFunction`; ties to the higher rowid, as `TopK`), or nil when this list cannot
    /// answer that deep.
    func best(_ count: Int, from offset: Int = 0, score: (Member) -> Double) -> [(score: Double, rowid: Int64)]? {
        guard offset + count <= guarantee else { return nil }
        var top = TopK(offset + count)
        let scores = members.map(score)
        for (m, s) in zip(members, scores) { top.offer(score: s, rowid: m.rowid) }
        let sorted = top.sorted()
        // A grouped list's left-out article scores no better than each of the `guarantee`
        // members that beat it, and may tie them. If fewer than `guarantee` members score as
        // well as the last one given, none of them can tie it: the answer is exact.
        if grouped, sorted.count == offset + count, let last = sorted.last?.0,
           scores.count(where: { $0 <= last }) >= guarantee { return nil }
        return sorted.dropFirst(offset).map { (score: $0.0, rowid: $0.1) }
    }

    // MARK: Saved form

    /// The list as bytes: matches, guarantee and member count (a grouped list: then each
    /// phrase's matches), then each member's rowid (as the difference from the previous one,
    /// in `order` of rowid), hits and length (a grouped list: then its second hits), all as
    /// varints.
    func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8 + members.count * 7)
        Varint.put(UInt64(matches), into: &out)
        Varint.put(UInt64(guarantee), into: &out)
        Varint.put(UInt64(members.count), into: &out)
        if grouped {
            Varint.put(UInt64(phraseMatches.first), into: &out)
            Varint.put(UInt64(phraseMatches.second), into: &out)
        }
        var previous: Int64 = 0
        for m in members.sorted(by: { $0.rowid < $1.rowid }) {
            Varint.put(UInt64(bitPattern: m.rowid &- previous), into: &out)
            Varint.put(UInt64(UInt32(bitPattern: m.hits)), into: &out)
            Varint.put(UInt64(UInt32(bitPattern: m.length)), into: &out)
            if grouped { Varint.put(UInt64(UInt32(bitPattern: m.hits2)), into: &out) }
            previous = m.rowid
        }
        return out
    }

    /// A list from `encoded()` bytes, or nil when they do not read back whole.
    init?(encoded bytes: UnsafeRawBufferPointer, grouped: Bool = false) {
        var at = 0
        guard let matches = Varint.get(bytes, &at), let guarantee = Varint.get(bytes, &at), let count = Varint.get(bytes, &at),
              matches <= UInt64(Int.max), guarantee <= UInt64(Self.depth), count <= UInt64(bytes.count) else { return nil }
        var phrases = (0, 0)
        if grouped {
            guard let first = Varint.get(bytes, &at), let second = Varint.get(bytes, &at), first <= matches, second <= matches else { return nil }
            phrases = (Int(first), Int(second))
        }
        var members: [Member] = []
        members.reserveCapacity(Int(count))
        var rowid: Int64 = 0
        for _ in 0..<count {
            guard let delta = Varint.get(bytes, &at), let hits = Varint.get(bytes, &at), let length = Varint.get(bytes, &at),
                  hits <= UInt64(UInt32.max), length <= UInt64(UInt32.max) else { return nil }
            var hits2: UInt64 = 0
            if grouped {
                guard let h = Varint.get(bytes, &at), h <= UInt64(UInt32.max) else { return nil }
                hits2 = h
            }
            rowid = rowid &+ Int64(bitPattern: delta)
            members.append(Member(rowid: rowid, hits: Int32(bitPattern: UInt32(hits)), length: Int32(bitPattern: UInt32(length)),
                                  hits2: Int32(bitPattern: UInt32(hits2))))
        }
        guard at == bytes.count else { return nil }
        self.init(members: members, matches: Int(matches), guarantee: Int(guarantee), grouped: grouped, phraseMatches: phrases)
    }
}
