import DossierBench
import DossierCore
import XCTest

/// Parsing time grows linearly with the input, whatever its shape: 8 times the lines (or a
/// 16 times longer single line) costs about as much more. A quadratic step would make the
/// time per MB 8 (16) times worse; the bound allows 3× for a noisy machine. (The figures for 1k
/// to 1M lines and a 50 MB line come from `dossier bench parse --shapes`.)
final class LinearityTests: XCTestCase {
    let parser = ArticleParser()

    func perMB(_ text: String) -> Double {
        // Each measurement parses at least 100 KB, the median of three.
        ParseShapes.secondsPerMB(text, parser: parser, atLeast: 100_000, runs: 3).secondsPerMB
    }

    func testManyShortLinesParseInLinearTime() {
        _ = parser.parse(text: ParseShapes.shortLines(200), path: "warm.txt")
        for (kind, make) in [("short lines", { ParseShapes.shortLines($0) }), ("one-word lines", { ParseShapes.oneWordLines($0) })] {
            let small = perMB(make(1_000))
            let large = perMB(make(8_000))
            XCTAssertLessThan(large / small, 3, "\(kind), per MB: \(small) s with 1k lines, \(large) s with 8k lines")
        }
    }

    func testOneLongLineParsesInLinearTime() {
        _ = parser.parse(text: ParseShapes.singleLine(bytes: 10_000), path: "warm.txt")
        let small = perMB(ParseShapes.singleLine(bytes: 250_000))
        let large = perMB(ParseShapes.singleLine(bytes: 4_000_000))
        XCTAssertLessThan(large / small, 3, "per MB: \(small) s for 250 KB, \(large) s for 4 MB on one line")
    }
}
