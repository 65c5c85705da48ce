import DossierBench
import Foundation
import GRDB
import Testing
@testable import DossierCore

/// The saved caches' compact format (`SnapshotWriter.putNarrow`, `putAscending`): what is
/// written reads back equal at every width, and what does not add up reads back as nil.
@Suite struct SnapshotFormatTests {
    /// Writes with `write` into a one-row table and reads back with `read`.
    func roundTrip<T>(_ write: (inout SnapshotWriter) throws -> Void, _ read: (inout SnapshotReader) -> T?) throws -> T? {
        let db = try DatabaseQueue()
        return try db.write { db in
            try db.execute(sql: "CREATE TABLE snap(id INTEGER PRIMARY KEY, generation TEXT, data BLOB)")
            try SnapshotBlob.save("snap", generation: "g", db: db, write)
            return try SnapshotBlob.load("snap", db: db) { r, _ in
                guard let value = read(&r), r.atEnd else { return nil }
                return value
            }
        }
    }

    /// Seeded arrays whose largest value needs 1, 2 and 4 bytes, longer than one chunk of
    /// the reader's buffer, read back equal; the width is the narrowest that holds them.
    @Test(arguments: [(Int32(200), 1), (Int32(60_000), 2), (Int32(2_000_000_000), 4)])
    func narrowArraysReadBackEqual(top: Int32, width: Int) throws {
        var rng = SyntheticCorpus.SplitMix(seed: UInt64(top))
        var values = (0..<150_000).map { _ in Int32(rng.nextUInt64() % UInt64(top)) }
        values[77_777] = top
        let back = try roundTrip({ try $0.putNarrow(values) }, { $0.narrowArray(below: Int64(top) + 1) })
        #expect(back == values)
        let size = try roundTrip({ try $0.putNarrow(values) }, { r in r.narrowArray(below: Int64.max).map { _ in r.count } })
        #expect(size == 1 + 8 + values.count * width)
        // A value at the limit is refused: an id past the names, a position past the rowids.
        #expect(try roundTrip({ try $0.putNarrow(values) }, { $0.narrowArray(below: Int64(top)) }) == nil)
        #expect(try roundTrip({ try $0.putNarrow([]) }, { $0.narrowArray(below: 1) }) == [])
    }

    /// Counts read as CSR starts: a leading 0 and the running sums.
    @Test func countsReadBackAsStarts() throws {
        var rng = SyntheticCorpus.SplitMix(seed: 5)
        let counts = (0..<100_000).map { _ in Int32(rng.nextUInt64() % 4) }
        var starts: [Int32] = [0]
        for c in counts { starts.append(starts.last! + c) }
        #expect(try roundTrip({ try $0.putNarrow(counts) }, { $0.narrowArray(below: 4, asStarts: true) }) == starts)
        // Sums past Int32.max do not add up.
        #expect(try roundTrip({ try $0.putNarrow([Int32.max, 1]) }, { $0.narrowArray(below: Int64(Int32.max) + 1, asStarts: true) }) == nil)
    }

    /// Ascending rowids with gaps of every size read back equal; gaps that do not make
    /// exactly that many strictly ascending values read back as nil.
    @Test func ascendingArraysReadBackEqual() throws {
        var rng = SyntheticCorpus.SplitMix(seed: 9)
        var rowids: [Int64] = [3]
        for _ in 0..<50_000 { rowids.append(rowids.last! + Int64(rng.nextUInt64() % 3 == 0 ? rng.nextUInt64() % 100_000 + 1 : 1)) }
        rowids.append(Int64.max)
        #expect(try roundTrip({ try $0.putAscending(rowids) }, { $0.ascendingArray() }) == rowids)
        #expect(try roundTrip({ try $0.putAscending([]) }, { $0.ascendingArray() }) == [])
        #expect(try roundTrip({ try $0.putAscending([-5]) }, { $0.ascendingArray() }) == [-5])
        // A count that the gaps do not make, and a zero gap (equal rowids).
        #expect(try roundTrip({ w in try w.put(Int64(3)); try w.put(Int64(1)); try w.put([UInt8(1)]) }, { $0.ascendingArray() }) == nil)
        #expect(try roundTrip({ w in try w.put(Int64(2)); try w.put(Int64(1)); try w.put([UInt8(0)]) }, { $0.ascendingArray() }) == nil)
    }

    /// A scratch folder with the first `seeds` seeds as pages, indexed into its library.
    func indexedSeeds(_ name: String, seeds: Int) throws -> ScratchFolder {
        let scratch = try ScratchFolder(name)
        for n in 0..<seeds {
            let text = try String(contentsOfFile: Repo.seed(String(format: "%03d", n)), encoding: .utf8)
            try text.write(toFile: scratch.pages + "/p\(n).txt", atomically: true, encoding: .utf8)
        }
        _ = try Library.open(at: scratch.library).index([scratch.pages])
        return scratch
    }

    /// Puts the older formats' magic numbers ("DFC4", "DLN1") in place of today's.
    func markOlderFormat(_ db: Database) throws {
        try db.execute(sql: "UPDATE facet_snapshot SET data = x'34434644' || substr(data, 5)")
        try db.execute(sql: "UPDATE length_snapshot SET data = x'314E4C44' || substr(data, 5)")
    }

    /// Whether both caches are saved in today's formats for the library as it is.
    func cachesAreCurrent(_ library: Library) throws -> Bool {
        try library.read { db in
            let generation = try Library.generation(db)
            return try FacetSnapshot.current(db, generation: generation) != nil && LengthSnapshot.current(db, generation: generation) != nil
        }
    }

    /// A library whose caches were saved in an older format gets them saved again by the
    /// next index run, though nothing changed (else every process rebuilt them from the
    /// tables, for good).
    @Test func anOlderFormatIsSavedAgainByTheNextRun() throws {
        let scratch = try indexedSeeds("format", seeds: 3)
        defer { scratch.remove() }
        let library = try Library.open(at: scratch.library)
        try library.write { db in
            try markOlderFormat(db)
            #expect(try FacetSnapshot.load(db) == nil)
            #expect(try LengthSnapshot.load(db) == nil)
        }
        #expect(try !cachesAreCurrent(library))
        let summary = try library.index([scratch.pages])
        #expect(summary.filesIndexed == 0, "nothing changed in the folder")
        #expect(try cachesAreCurrent(library))
    }

    /// Opening a library whose caches were saved in an older format saves them again, once
    /// (migration v16), so that no reader builds them from the tables before the next run.
    @Test func openingALibrarySavesOlderCachesAgain() throws {
        let scratch = try indexedSeeds("format-open", seeds: 3)
        defer { scratch.remove() }
        let queue = try DatabaseQueue(path: scratch.library)
        try queue.write { db in
            try markOlderFormat(db)
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [Schema.compactCaches])
        }
        try queue.close()
        #expect(try cachesAreCurrent(Library.open(at: scratch.library)))
    }

    /// Each command reads the saved cache only as deep as it needs (`FacetCache.Depth`):
    /// counts over every article its totals, a filter-only list its date order, counts over
    /// a set all of it. Whatever was read before, each answer is a whole read's.
    @Test func eachCommandReadsTheCacheAsDeepAsItNeeds() throws {
        let scratch = try indexedSeeds("depth", seeds: 5)
        defer { scratch.remove() }
        let queries = try ["country:hk", "-country:hk", "topic:stablecoins", "date:2024"].map { try SearchQuery.parse($0) }
        // The answers with the whole cache loaded first.
        let whole = try Library.open(at: scratch.library)
        let hk = try whole.facets(queries[0])
        #expect(whole.facetCacheBox.value?.depth == .all)
        let all = try whole.facets(SearchQuery())
        let lists = try queries.map { try whole.search($0, limit: 500).hits.map(\.article.id) }
        let count = try whole.articleCount()
        #expect(lists.contains { !$0.isEmpty } && !all.countries.isEmpty && !all.topics.isEmpty && !hk.countries.isEmpty)

        let a = try Library.open(at: scratch.library)
        #expect(try a.facets(SearchQuery()) == all)
        #expect(a.facetCacheBox.value?.depth == .totals)
        #expect(try a.articleCount() == count)
        #expect(try queries.map { try a.search($0, limit: 500).hits.map(\.article.id) } == lists)
        #expect(a.facetCacheBox.value?.depth == .order)
        #expect(try a.facets(SearchQuery()) == all)
        #expect(a.facetCacheBox.value?.depth == .order, "a deeper read answers a shallower question")
        #expect(try a.facets(queries[0]) == hk)
        #expect(a.facetCacheBox.value?.depth == .all)
        #expect(try queries.map { try a.search($0, limit: 500).hits.map(\.article.id) } == lists)
        #expect(a.facetCacheBox.value?.depth == .all)
    }
}
