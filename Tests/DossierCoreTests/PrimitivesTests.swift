import Testing
@testable import DossierCore

/// Small building blocks, checked against known values (Swift Testing).
struct PrimitivesTests {
    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256Vectors() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
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
}
