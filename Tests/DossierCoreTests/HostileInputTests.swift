import DossierBench
import Foundation
import XCTest
@testable import DossierCore

final class HostileInputTests: XCTestCase {
    /// Every page that once crashed the parser (found by users or by the fuzzer, see
    /// docs/parsing.md) parses. A crash kills the test run, which fails it.
    func testPagesThatOnceCrashedTheParserParse() throws {
        let dir = Repo.fixture("crashers")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let page = try sharedParser.parse(fileAt: dir + "/" + name)
            for a in page.articles { XCTAssertFalse(a.title.isEmpty, name) }
        }
        // The first one: "Hong Kong" then "of" missing before a country at the end of a name.
        let first = try sharedParser.parse(fileAt: dir + "/authority_of_country_before_qualifier.txt").articles
        XCTAssertEqual(first.count, 1)
    }

    func testBinaryFileIsRefusedWithItsOffset() {
        XCTAssertThrowsError(try PageDecoder.decode(Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]))) { error in
            XCTAssertEqual(error as? PageDecoder.Failure, .binary(offset: 4))
            XCTAssertTrue("\(error)".contains("binary"))
        }
    }

    /// UTF-16 pages (with or without a byte-order mark, either order) are converted, not
    /// called binary.
    func testUTF16PagesAreConverted() throws {
        let text = "Hong Kong SFC licenses two platforms\nPolicy·March 3, 2025\nThe Securities and Futures Commission granted two licences on Friday, bringing the total to eleven platforms.\n"
        func units(_ little: Bool) -> [UInt8] { text.utf16.flatMap { little ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }
        for (bytes, order) in [([0xFF, 0xFE] + units(true), "little-endian"), ([0xFE, 0xFF] + units(false), "big-endian"),
                               (units(true), "little-endian"), (units(false), "big-endian")] as [([UInt8], String)] {
            let d = try PageDecoder.decode(Data(bytes))
            XCTAssertEqual(d.text, text, order)
            XCTAssertEqual(d.warnings, ["UTF-16 (\(order)): converted"])
        }
        XCTAssertThrowsError(try PageDecoder.decode(Data([0x89, 0x50, 0x00, 0x47, 0x0D, 0x0A]))) { e in
            XCTAssertEqual(e as? PageDecoder.Failure, .binary(offset: 2), "a PNG-like header is still binary")
        }
    }

    /// A zero-width joiner stays inside an emoji sequence and goes everywhere else.
    func testStrayZeroWidthJoinerIsRemoved() {
        XCTAssertEqual(TextSanitizer.cleanLine("Stablecoins\u{200D}"), "Stablecoins")
        XCTAssertEqual(TextSanitizer.cleanLine("a\u{200D}b \u{200D}c"), "ab c")
        XCTAssertEqual(TextSanitizer.cleanLine("team 👩\u{200D}💻 at work"), "team 👩\u{200D}💻 at work")
        XCTAssertEqual(TextSanitizer.cleanLine("flag 🏳\u{FE0F}\u{200D}🌈"), "flag 🏳\u{FE0F}\u{200D}🌈")
        XCTAssertEqual(TextSanitizer.cleanLine("👍\u{200D}"), "👍")
    }

    func testEmptyPageGivesNoArticlesAndAWarning() {
        let page = sharedParser.parse(text: "", path: "empty.txt")
        XCTAssertTrue(page.articles.isEmpty)
        XCTAssertEqual(page.warnings, ["empty page: no text found"])
        XCTAssertTrue(sharedParser.parse(text: "\n\n  \n", path: "blank.txt").articles.isEmpty)
    }

    func testInvalidUTF8IsRepairedAndReported() throws {
        var bytes = Array("Crypto exchange fined for unlicensed trading — regulator says ".utf8)
        bytes += [0xC3, 0x28, 0xFF]
        bytes += Array(" more text follows.".utf8)
        let decoded = try PageDecoder.decode(Data(bytes))
        XCTAssertTrue(decoded.text.contains("\u{FFFD}"))
        XCTAssertEqual(decoded.warnings.count, 1)
        XCTAssertTrue(decoded.warnings[0].contains("invalid UTF-8 at byte 64"), decoded.warnings[0])
    }

    func testLegacyEncodingIsReadAsWindows1252() throws {
        let decoded = try PageDecoder.decode(Data([0x43, 0x61, 0x66, 0xE9, 0x20, 0x93, 0x71, 0x94]))
        XCTAssertEqual(decoded.text, "Café “q”")
        XCTAssertTrue(decoded.warnings[0].contains("Windows-1252"))
    }

    func testTerminalEscapesAndBidiControlsAreStripped() {
        let hostile = "Safe\u{1B}[31m red\u{1B}[0m \u{1B}]0;pwned\u{07}title \u{1B}P1;2|xx\u{1B}\\done \u{202E}evil\u{202C} \u{9B}2Jz ok\u{0}\u{7}"
        let clean = TextSanitizer.cleanLine(hostile)
        XCTAssertEqual(clean, "Safe red title done evil z ok")
        XCTAssertFalse(clean.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    func testTextIsNFCNormalised() {
        XCTAssertEqual(TextSanitizer.cleanLine("Cafe\u{301} in Seoul"), "Café in Seoul")
        XCTAssertEqual(TextSanitizer.cleanLine("\u{1100}\u{1161}\u{11A8}"), "각")
        XCTAssertEqual(TextSanitizer.cleanLine("a\u{00A0}\u{00A0}b  c\t"), "a b c")
    }

    func testEscapeSequencesNeverReachArticleText() {
        let text = "Exchange \u{1B}[2J hacked for $10 million\nPolicy·May 1, 2025\nHackers \u{1B}]8;;http://x\u{7}stole\u{1B}]8;;\u{7} $10 million in crypto from the exchange, which said customer funds were safe and that it had reported the theft to police.\n"
        let a = parse(text: text)
        XCTAssertEqual(a.count, 1)
        for s in [a[0].title] + a[0].paragraphs {
            XCTAssertFalse(s.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, s)
        }
        XCTAssertEqual(a[0].title, "Exchange hacked for $10 million")
    }

    func testCJKAndEmojiTextParses() {
        let text = """
        香港證監會發牌予兩間虛擬資產交易平台
        政策·2025-03-01
        香港證券及期貨事務監察委員會今日宣佈，向兩間虛擬資產交易平台批出牌照，並表示會繼續加強投資者保障。🚀 The Securities and Futures Commission said Hong Kong now has eleven licensed crypto platforms.
        業界歡迎有關決定，認為有助香港發展成為數字資產中心。Industry groups welcomed the decision on licensing.
        """
        let a = parse(text: text)
        XCTAssertEqual(a.count, 1)
        XCTAssertEqual(a.first?.title, "香港證監會發牌予兩間虛擬資產交易平台")
        XCTAssertEqual(a.first?.published, "2025-03-01")
        XCTAssertEqual(a.first?.countries.first?.code, "HK")
    }

    /// One enormous line (a minified dump) must parse in bounded pieces, not hang.
    func testVeryLongSingleLineIsBrokenUpAndParsed() {
        let sentence = "The regulator said the exchange had met its licensing and anti-money laundering rules for crypto custody. "
        let line = String(repeating: sentence, count: 60_000) // ~6 MB, no newline
        let start = Date()
        let page = sharedParser.parse(text: line, path: "long.txt")
        XCTAssertFalse(page.articles.isEmpty)
        XCTAssertEqual(page.articles.reduce(0) { $0 + $1.paragraphs.joined().utf8.count } / 1_000_000, line.utf8.count / 1_000_000)
        XCTAssertLessThan(Date().timeIntervalSince(start), 60, "a 6 MB line must not take minutes")
    }

    /// Seeded garbage: the parser neither crashes nor gives malformed articles, and gives the
    /// same articles for the same text.
    func testGarbageDoesNotCrash() {
        var rng = SyntheticCorpus.SplitMix(seed: 2026)
        for _ in 0..<50 {
            let scalars = (0..<2000).map { _ in Character(Unicode.Scalar(0x20 + UInt32(rng.next(0x2FFF - 0x20))) ?? "x") }
            let text = String(scalars).replacingOccurrences(of: "a", with: "\n")
            let page = sharedParser.parse(text: text, path: "fuzz.txt")
            for a in page.articles {
                XCTAssertFalse(a.title.isEmpty, "an article has a title")
                XCTAssertTrue(a.id.count == 32 && a.id.allSatisfy(\.isHexDigit), a.id)
                XCTAssertFalse(a.title.unicodeScalars.contains { $0.value < 0x20 }, "no control characters in a title")
            }
            XCTAssertEqual(sharedParser.parse(text: text, path: "fuzz.txt").articles.map { $0.id }, page.articles.map { $0.id }, "deterministic")
        }
        for weird in ["·", "·\n·", "More to Read\nMore to Read", "Top\nLoading", "(", "Photo by", "©", "A\nPolicy·\nB", "Subscribe\nSubscribe",
                      "Foo (BAR)", "x.Y", "Hello\u{301}"] {
            _ = sharedParser.parse(text: weird, path: "weird.txt")
        }
    }
}
