import DossierBench
import Foundation
import XCTest
@testable import DossierCore

/// The sidebar's counts predict what selecting gives: checked against the real queries.
final class SidebarFacetTests: XCTestCase {
    func check(_ lib: Library, _ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let query = try SearchQuery.parse(text)
        let counts = try lib.sidebarFacets(query)
        let now = try lib.search(query, limit: 100_000, sort: .date).hits
        var checked = 0
        for (field, list) in [(SearchQuery.Field.country, counts.countries), (.authority, counts.authorities),
                              (.topic, counts.topics), (.date, counts.years)] {
            for entry in list.prefix(12) {
                let value = field == .authority ? entry.label : entry.key
                if query.hasFilter(field, SearchQuery.canonical(field, value)) {
                    // Chosen: how many current results carry it.
                    let carrying = now.filter { hit in
                        switch field {
                        case .country: return hit.article.countries.contains { $0.code == entry.key }
                        case .authority: return hit.article.authorities.contains { $0.id == entry.key }
                        case .topic: return hit.article.topics.contains(entry.key)
                        default: return hit.article.published?.hasPrefix(entry.key) == true
                        }
                    }.count
                    XCTAssertEqual(entry.count, carrying, "\(text): chosen \(field.rawValue):\(value)", file: file, line: line)
                } else {
                    // Not chosen: exactly the results of the query with it added.
                    let added = try lib.search(query.toggling(field, value), limit: 1).total
                    XCTAssertEqual(entry.count, added, "\(text): + \(field.rawValue):\(value)", file: file, line: line)
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 5, text, file: file, line: line)
    }

    func testCountsOnTheSeeds() throws {
        let dir = NSTemporaryDirectory() + "dossier-sidebar-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lib = try Library.open(at: dir + "/library.sqlite")
        _ = try lib.index([Repo.root.path + "/seeds"])
        for q in ["", "country:hk", "country:hk country:sg", "stablecoin country:sg", "topic:stablecoins authority:mas", "date:2023",
                  "country:kr -topic:policy"] {
            try check(lib, q)
        }
        // A value that never occurs with the chosen one is still listed, with its own count.
        let hk = try lib.sidebarFacets(SearchQuery.parse("country:hk"))
        let alone = try lib.facets(SearchQuery.parse("country:hk"))
        XCTAssertGreaterThan(hk.countries.count, alone.countries.count)
    }

    func testCountsOnAGeneratedLibrary() throws {
        let dir = NSTemporaryDirectory() + "dossier-sidebar-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try RealisticCorpus(seed: 5).write(articles: 800, to: dir + "/pages")
        let lib = try Library.open(at: dir + "/library.sqlite")
        _ = try lib.index([dir + "/pages"])
        for q in ["country:hk", "guidance country:sg country:jp", "topic:cbdc date:2024", "date:2024 date:2025 country:kr"] {
            try check(lib, q)
        }
    }

    func testLabels() throws {
        let dir = NSTemporaryDirectory() + "dossier-sidebar-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lib = try Library.open(at: dir + "/library.sqlite")
        _ = try lib.index([Repo.root.path + "/seeds"])
        let f = try lib.facets(SearchQuery())
        XCTAssertEqual(f.topics.first { $0.key == "aml-kyc" }?.label, "AML / KYC")
        XCTAssertEqual(f.authorities.first { $0.key == "sg-mas" }?.name, "Monetary Authority of Singapore")
        XCTAssertEqual(f.years.map(\.count).reduce(0, +), f.months.map(\.count).reduce(0, +))
    }
}
