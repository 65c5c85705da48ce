import Foundation
import Testing
@testable import DossierCore

/// Small building blocks, checked against known values (Swift Testing).
struct PrimitivesTests {
    @Test("Article ids: MurmurHash3 x64/128 matches the reference implementation")
    func stableHashVectors() {
        // Reference values from the `mmh3` Python package (hash_bytes, seed 0).
        #expect(StableHash.hex("") == "00000000000000000000000000000000")
        #expect(StableHash.hex("hello") == "029bbd41b3a7d8cb191dae486a901e5b")
        #expect(StableHash.hex("The quick brown fox jumps over the lazy dog") == "6c1b07bc7bbc4be347939ac4a93c437a")
        #expect(StableHash.hex("Hong Kong’s SFC") == "0522c0a1408767c544e673e12449d456")
        #expect(StableHash.hex("aaaaaaaa") == "393471f3da187a02f20feccf379e9bc7")
        #expect(StableHash.hex("aaaaaaaaa") == "647f687878e1baf79fd08a9f9f25ed3b")
        #expect(StableHash.hex(String(repeating: "a", count: 17)) == "98d6f2cec714726fbba5de4e53bcfda4")
        #expect(StableHash.hex(String(repeating: "x", count: 31)) == "74bac9cb1e5e7b88b39de6e8d5ac9918")
        #expect(StableHash.hex(String(repeating: "x", count: 32)) == "10c4ba0bb9c0ae58c63dfa0d9e80c0ad")
    }

    @Test("Tokenizer: possessives, initialisms, hyphens, acronyms, sentence starts")
    func tokenizer() {
        var toks: [Token] = []
        Tokenizer.tokens("Hong Kong’s SFC met U.S. officials. US-based firms’ stablecoins", paragraph: 0, into: &toks)
        #expect(toks.map(\.text) == ["Hong", "Kong", "SFC", "met", "US", "officials", "US", "based", "firms", "stablecoins"])
        #expect(toks[1].possessive && toks[8].possessive)
        #expect(toks[2].isAcronym && !toks[0].isAcronym)
        #expect(toks[6].startsSentence && !toks[5].startsSentence)
        #expect(toks[9].key == "stablecoin")
        #expect(toks[4].id == WordID.of("us"))
    }

    @Test("IDMap stores, overwrites and grows", arguments: [10, 1000])
    func idMap(count: Int) {
        var m = IDMap<Int>()
        for i in 0..<count { m[WordID.of("w\(i)")] = i }
        m[WordID.of("w3")] = -3
        #expect(m.count == count)
        #expect(m[WordID.of("w3")] == -3)
        #expect(m[WordID.of("w\(count - 1)")] == count - 1)
        #expect(m[WordID.of("absent")] == nil)
    }

    /// Deterministic pseudo-random text from a small alphabet that exercises the
    /// eight-bytes-at-a-time paths: spaces in runs, ASCII, curly quotes, CJK, controls.
    private static func randomText(seed: UInt64, length: Int) -> String {
        let pieces = ["a", "Bank", " ", "  ", "rules.", "the ", "x", "’", "中", "\t", "\r\n", "\n", "\u{7F}", "é", "12 ", " ", "e"]
        var state = seed, out = ""
        for _ in 0..<length {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            out += pieces[Int(state >> 33) % pieces.count]
        }
        return out
    }

    @Test("Word counts: the eight-byte path agrees with a plain count", arguments: 0..<40)
    func wordCounts(seed: Int) {
        let text = Self.randomText(seed: UInt64(seed), length: 5 + seed * 7).replacingOccurrences(of: "\n", with: " ")
        var n = 0, inWord = false, cjk = 0
        for b in text.utf8 {
            if b == 0x20 { inWord = false; continue }
            if b >= 0xE3 && b <= 0xE9 { cjk += 1 }
            if !inWord { inWord = true; n += 1 }
        }
        let expected = cjk >= 2 ? max(n, cjk / 2 + (n - 1)) : n
        #expect(PageLine.countWords(text) == expected)
    }

    @Test("Line splitting: the eight-byte path agrees with cleaning each line alone", arguments: 0..<40)
    func lineSplitting(seed: Int) {
        let text = Self.randomText(seed: UInt64(seed) &+ 99, length: 10 + seed * 11)
        var expected: [String] = []
        var current: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x0A || c == 0x0D {
                expected.append(TextSanitizer.cleanLine(String(decoding: current, as: UTF8.self)))
                current = []
                if c == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
            } else {
                current.append(c)
            }
            i += 1
        }
        if !current.isEmpty { expected.append(TextSanitizer.cleanLine(String(decoding: current, as: UTF8.self))) }
        #expect(ArticleParser.lines(of: text) == expected)
    }
}
