/// MurmurHash3 x64/128 (Austin Appleby, public domain): article ids that are the same for
/// the same text on every run and machine. Not a cryptographic hash — ids only need to be
/// stable and well spread — and far cheaper than SHA-256 on the parser's path.
enum StableHash {
    /// The 16-byte digest as 32 hex digits, bytes in the order of the reference
    /// implementation's output (h1 then h2, each little-endian).
    static func hex(_ text: String) -> String {
        var text = text
        let (h1, h2) = text.withUTF8 { murmur3x64_128($0, seed: 0) }
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 32)
        for (half, h) in [h1, h2].enumerated() {
            for i in 0..<8 {
                let byte = UInt8(truncatingIfNeeded: h >> (UInt64(i) * 8))
                out[half * 16 + i * 2] = digits[Int(byte >> 4)]
                out[half * 16 + i * 2 + 1] = digits[Int(byte & 0xF)]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func murmur3x64_128(_ data: UnsafeBufferPointer<UInt8>, seed: UInt64) -> (UInt64, UInt64) {
        let c1: UInt64 = 0x87c3_7b91_1142_53d5, c2: UInt64 = 0x4cf5_ad43_2745_937f
        var h1 = seed, h2 = seed
        let n = data.count
        @inline(__always) func load(_ at: Int, _ count: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in 0..<count { v |= UInt64(data[at + i]) << (UInt64(i) * 8) }
            return v
        }
        var at = 0
        while at + 16 <= n {
            var k1 = load(at, 8), k2 = load(at + 8, 8)
            k1 = (k1 &* c1).rotl(31) &* c2; h1 ^= k1
            h1 = h1.rotl(27) &+ h2; h1 = h1 &* 5 &+ 0x52dc_e729
            k2 = (k2 &* c2).rotl(33) &* c1; h2 ^= k2
            h2 = h2.rotl(31) &+ h1; h2 = h2 &* 5 &+ 0x3849_5ab5
            at += 16
        }
        let tail = n - at
        if tail > 8 { h2 ^= (load(at + 8, tail - 8) &* c2).rotl(33) &* c1 }
        if tail > 0 { h1 ^= (load(at, min(tail, 8)) &* c1).rotl(31) &* c2 }
        h1 ^= UInt64(n); h2 ^= UInt64(n)
        h1 = h1 &+ h2; h2 = h2 &+ h1
        h1 = fmix(h1); h2 = fmix(h2)
        h1 = h1 &+ h2; h2 = h2 &+ h1
        return (h1, h2)
    }

    @inline(__always) private static func fmix(_ k: UInt64) -> UInt64 {
        var k = k
        k ^= k >> 33; k = k &* 0xff51_afd7_ed55_8ccd
        k ^= k >> 33; k = k &* 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }
}

private extension UInt64 {
    @inline(__always) func rotl(_ r: UInt64) -> UInt64 { (self << r) | (self >> (64 - r)) }
}
