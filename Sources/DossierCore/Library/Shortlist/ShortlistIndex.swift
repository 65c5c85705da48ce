import Foundation

/// The lists' keys and the words and prefixes (`ShortlistKeys`) an article is matched
/// against: a list of one word or prefix takes that one's hits, a grouped list its prefix's
/// and its completion's (`ShortlistKey.components`).
struct ShortlistIndex: Sendable {
    /// One per list, in the lists' order.
    let keys: [ShortlistKey]
    /// What articles are matched against.
    let components: ShortlistKeys
    /// Per list: its components' indices in `components` (the second -1 for one word or prefix).
    private let parts: [(Int32, Int32)]
    /// Per component: the lists using it, as (list, 0 for its first phrase or 1 for its second).
    private let users: [[(list: Int32, phrase: Int8)]]

    /// The keys whose components could all be matched (two with one hash leave one unmatched).
    init(_ candidates: [ShortlistKey]) {
        var unique: [ShortlistKey] = [], seen = Set<ShortlistKey>()
        for k in candidates { for c in k.components where seen.insert(c).inserted { unique.append(c) } }
        let components = ShortlistKeys(unique)
        var position: [ShortlistKey: Int32] = [:]
        for (i, c) in components.keys.enumerated() { position[c] = Int32(i) }
        var keys: [ShortlistKey] = [], parts: [(Int32, Int32)] = []
        var users = [[(list: Int32, phrase: Int8)]](repeating: [], count: components.keys.count)
        for k in candidates {
            let found = k.components.compactMap { position[$0] }
            guard found.count == k.components.count else { continue }
            let list = Int32(keys.count)
            keys.append(k)
            parts.append((found[0], found.count > 1 ? found[1] : -1))
            for (phrase, c) in found.enumerated() { users[Int(c)].append((list, Int8(phrase))) }
        }
        self.keys = keys; self.components = components; self.parts = parts; self.users = users
    }

    /// Scratch space for `forEachMember`, reused from article to article.
    struct Scratch {
        fileprivate var group: [Shortlist.Member] = []
        fileprivate var touched: [Int32] = []
    }

    /// Calls `body` with each list an article matches (its component `matches`, from
    /// `ShortlistKeys.matches`) and the article as that list's member.
    func forEachMember(rowid: Int64, length: Int32, matches: [ShortlistKeys.Match], scratch: inout Scratch,
                       _ body: (Int, Shortlist.Member) -> Void) {
        if scratch.group.count != keys.count { scratch.group = [Shortlist.Member](repeating: Shortlist.Member(rowid: -1, hits: 0, length: 0), count: keys.count) }
        scratch.touched.removeAll(keepingCapacity: true)
        for m in matches {
            for u in users[Int(m.key)] {
                let l = Int(u.list)
                if parts[l].1 < 0 { body(l, Shortlist.Member(rowid: rowid, hits: m.hits, length: length)); continue }
                if scratch.group[l].rowid != rowid {
                    scratch.group[l] = Shortlist.Member(rowid: rowid, hits: 0, length: length)
                    scratch.touched.append(u.list)
                }
                if u.phrase == 0 { scratch.group[l].hits += m.hits } else { scratch.group[l].hits2 += m.hits }
            }
        }
        for l in scratch.touched {
            body(Int(l), scratch.group[Int(l)])
            scratch.group[Int(l)].rowid = -1
        }
    }

    /// The same, from an article's counts.
    func forEachMember(rowid: Int64, counts: TermCounts, scratch: inout Scratch, _ body: (Int, Shortlist.Member) -> Void) {
        forEachMember(rowid: rowid, length: counts.length, matches: components.matches(counts), scratch: &scratch, body)
    }

    /// Empty lists, one per key.
    func emptyLists() -> [Shortlist] { keys.map { Shortlist(grouped: $0.completion != nil) } }
}
