import Foundation
import GRDB

/// Facet counts over the matches of each shortlist key, kept with the lists: what lets
/// `facets guidance` answer without walking 600,000 postings and the per-article facet
/// values (a new process at 1M articles read 16 MB of snapshot and stepped FTS5 once per
/// match for it; docs/performance.md).
///
/// The counts follow the lists' `matches` exactly: each article a list's `add` counts adds its
/// values, each `remove` takes them off, so a key's counts are always those of the articles
/// matching it. They are saved in the transaction that saves the lists, labelled with the
/// generation saved then; any later write bumps the generation, and readers then count over
/// the matches as before (`Library.storedFacets`).
///
/// Values are *slots*: the five columns' names (`FacetCache` order) laid end to end. The
/// names are saved once (`shortlist_facet_names`), each key's counts apart (`shortlist_facets`).
struct KeyFacets {
    /// Per column (countries, authorities, topics, categories, months), its value names.
    private(set) var names: [[String]]
    /// The first slot of each column, and the slot count.
    private let offsets: [Int]
    let width: Int
    /// How many lists.
    let lists: Int
    /// `counts[list * width + slot]`.
    private var counts: [Int32]
    /// Per list, how many articles are counted (its `matches`).
    private var totals: [Int]

    /// Zero counts for `lists` lists over these names.
    init(lists: Int, names: [[String]]) {
        precondition(names.count == 5, "five facet columns")
        self.names = names
        var offsets: [Int] = [], w = 0
        for n in names { offsets.append(w); w += n.count }
        self.offsets = offsets
        width = w
        self.lists = lists
        counts = [Int32](repeating: 0, count: lists * w)
        totals = [Int](repeating: 0, count: lists)
    }

    /// The names of `cache`, with `extra` names appended to each column where the cache has
    /// none of that name (values that older counts or articles may still hold).
    static func names(of cache: FacetCache, adding extra: [[String]] = []) -> [[String]] {
        var out = FacetCache.columnsInOrder(cache).map(\.names)
        for (c, more) in extra.enumerated() where c < out.count {
            var known = Set(out[c])
            for n in more where known.insert(n).inserted { out[c].append(n) }
        }
        return out
    }

    /// Per column of `cache`, the slot of each of its value ids here (by name: the first slot
    /// of that name; -1 when absent).
    func slotMap(for cache: FacetCache) -> [[Int32]] {
        slotMap(forNames: FacetCache.columnsInOrder(cache).map(\.names))
    }

    /// The same for columns of `names`.
    func slotMap(forNames other: [[String]]) -> [[Int32]] {
        (0..<5).map { c in
            // The same names in the same order map one to one (duplicates stay apart).
            if other[c] == names[c] { return (0..<other[c].count).map { Int32(offsets[c] + $0) } }
            var first: [String: Int32] = [:]
            for (i, n) in names[c].enumerated() where first[n] == nil { first[n] = Int32(offsets[c] + i) }
            return other[c].map { first[$0] ?? -1 }
        }
    }

    /// The slots of the article at `position` of `columns` (a cache's, `columnsInOrder`),
    /// through `map` (`slotMap`), into `out` (emptied first).
    static func slots(of position: Int, in columns: [FacetCache.Column], map: [[Int32]], into out: inout [Int32]) {
        out.removeAll(keepingCapacity: true)
        for (c, column) in columns.enumerated() {
            for k in Int(column.starts[position])..<Int(column.starts[position + 1]) {
                let s = map[c][Int(column.values[k])]
                if s >= 0 { out.append(s) }
            }
        }
    }

    /// Counts one more (or, `removing`, one fewer) article with `slots` in list `list`.
    @inline(__always)
    mutating func count(_ list: Int, slots: [Int32], removing: Bool = false) {
        if removing {
            totals[list] = max(0, totals[list] - 1)
            for s in slots { counts[list * width + Int(s)] = max(0, counts[list * width + Int(s)] - 1) }
        } else {
            totals[list] += 1
            for s in slots { counts[list * width + Int(s)] += 1 }
        }
    }

    /// Counts up to 64 articles at once: `batch.masks[list]` has bit `i` set for each article
    /// `i` of the batch that list gained, whose slots are `batch.slots(i)`; the masks are
    /// cleared. (Counted as each list gained an article, the hundreds of lists an article
    /// joins each missed the cache once per slot: a rebuild at 100k took 1–2 s longer. Here
    /// each list's row is visited once per batch.)
    mutating func count(_ batch: inout Batch) {
        let width = width
        batch.slots.withUnsafeBufferPointer { slots in
            batch.starts.withUnsafeBufferPointer { starts in
                counts.withUnsafeMutableBufferPointer { counts in
                    for l in 0..<lists where batch.masks[l] != 0 {
                        var m = batch.masks[l]
                        batch.masks[l] = 0
                        totals[l] += m.nonzeroBitCount
                        let row = counts.baseAddress! + l * width
                        while m != 0 {
                            let i = m.trailingZeroBitCount
                            m &= m - 1
                            for k in starts[i]..<starts[i + 1] { row[Int(slots[k])] &+= 1 }
                        }
                    }
                }
            }
        }
        batch.slots.removeAll(keepingCapacity: true)
        batch.starts.removeSubrange(1...)
    }

    /// Up to 64 articles waiting to be counted (`count(_:)`).
    struct Batch: ~Copyable {
        /// Per list, the batch's articles it gained (bit `i`: the `i`th).
        let masks: UnsafeMutableBufferPointer<UInt64>
        fileprivate var slots: [Int32] = []
        fileprivate var starts: [Int] = [0]

        init(lists: Int) {
            masks = .allocate(capacity: lists)
            masks.initialize(repeating: 0)
        }

        deinit { masks.deallocate() }

        /// Starts the next article, with its slots; returns its bit in the masks.
        mutating func next(slots s: [Int32]) -> UInt64 {
            slots += s
            starts.append(slots.count)
            return 1 << UInt64(starts.count - 2)
        }

        /// True when 64 articles wait.
        var isFull: Bool { starts.count > 64 }
    }

    // MARK: Saved form

    /// List `list`'s counts: its total, then each counted slot as the gap from the slot after
    /// the one before, and its count (varints).
    func encoded(_ list: Int) -> [UInt8] {
        var out: [UInt8] = []
        Varint.put(UInt64(totals[list]), into: &out)
        var next = 0
        for s in 0..<width where counts[list * width + s] > 0 {
            Varint.put(UInt64(s - next), into: &out)
            Varint.put(UInt64(counts[list * width + s]), into: &out)
            next = s + 1
        }
        return out
    }

    /// Sets list `list`'s counts to what `encoded` wrote under other names, whose slots map
    /// here through `flat` (`slotMap(forNames:)`, columns end to end); false when the bytes
    /// do not add up.
    mutating func load(_ list: Int, encoded bytes: UnsafeRawBufferPointer, flat: [Int32]) -> Bool {
        var at = 0, next = 0
        guard let total = Varint.get(bytes, &at), total <= UInt64(Int32.max) else { return false }
        totals[list] = Int(total)
        while at < bytes.count {
            guard let gap = Varint.get(bytes, &at), let n = Varint.get(bytes, &at), n <= UInt64(Int32.max),
                  gap < UInt64(flat.count), next + Int(gap) < flat.count else { return false }
            let s = flat[next + Int(gap)]
            next += Int(gap) + 1
            if s >= 0 { counts[list * width + Int(s)] += Int32(n) }
        }
        return true
    }

    /// The names the saved counts are under, and the generation they were saved for; nil when
    /// none are saved or they do not read back.
    static func savedNames(_ db: Database) throws -> (generation: String, names: [[String]])? {
        try SnapshotBlob.load("shortlist_facet_names", db: db) { r, generation in decodeNames(&r).map { (generation, $0) } }
    }

    /// The names as saved: per column its count, then the names joined by NUL.
    static func encodeNames(_ names: [[String]], into w: inout SnapshotWriter) throws {
        for column in names {
            try w.put(Int32(column.count))
            try w.put(column.joined(separator: "\u{0}"))
        }
    }

    static func decodeNames(_ r: inout SnapshotReader) -> [[String]]? {
        var out: [[String]] = []
        for _ in 0..<5 {
            guard let n = r.scalar(Int32.self), n >= 0, let joined = r.string() else { return nil }
            let names = n == 0 ? [] : joined.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            guard names.count == Int(n) else { return nil }
            out.append(names)
        }
        return r.atEnd ? out : nil
    }

    /// One key's saved counts as name and count per column, or nil when they do not read back.
    static func decode(_ bytes: UnsafeRawBufferPointer, names: [[String]]) -> (total: Int, columns: [[(name: String, count: Int)]])? {
        var facets = KeyFacets(lists: 1, names: names)
        guard facets.load(0, encoded: bytes, flat: facets.slotMap(forNames: names).flatMap { $0 }) else { return nil }
        let columns = (0..<5).map { c in
            names[c].indices.compactMap { i -> (name: String, count: Int)? in
                let n = facets.counts[facets.offsets[c] + i]
                return n > 0 ? (names[c][i], Int(n)) : nil
            }
        }
        return (facets.totals[0], columns)
    }
}

extension FacetCache {
    /// The five columns in the order facet counts list them.
    static func columnsInOrder(_ c: FacetCache) -> [Column] { [c.countries, c.authorities, c.topics, c.categories, c.months] }
}

extension Library {
    /// `facets` of a query of one word or prefix from its list's saved counts, when they are
    /// the library's now (saved by the last write: same generation); nil otherwise, and the
    /// counts are taken over the matches.
    func storedFacets(_ c: CompiledQuery, db: Database) throws -> FacetCounts? {
        guard let single = c.single, let key = ShortlistKey(query: single.word, prefix: single.prefix, completions: single.completions),
              try db.tableExists("shortlist_facet_names") else { return nil }
        let generation = try Self.generation(db)
        let names: [[String]]
        if let cached = keyFacetNamesBox.value, cached.generation == generation {
            names = cached.names
        } else {
            guard let saved = try KeyFacets.savedNames(db), saved.generation == generation else { return nil }
            names = saved.names
            keyFacetNamesBox.value = (generation, names)
        }
        guard let data = try Data.fetchOne(db.cachedStatement(sql: "SELECT data FROM shortlist_facets WHERE key = ?"), arguments: [key.name]),
              let counts = data.withUnsafeBytes({ KeyFacets.decode($0, names: names) }) else { return nil }
        return Self.facetCounts(total: counts.total, counts.columns)
    }
}
