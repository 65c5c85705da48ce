/// FNV-1a, 64 bits: cheap, and computed a byte at a time, so that every prefix of a term
/// has its hash on the way (`ShortlistKeys`). Also the word list's hash of words seen (`WordList`).
enum FNV {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always) static func step(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    static func hash<S: Sequence<UInt8>>(_ bytes: S) -> UInt64 { bytes.reduce(seed, step) }
}
