/// A map from 64-bit hashes to small integers: open addressing, linear probing, no hashing of
/// its own (the keys are hashes already). Swift's `Dictionary` runs SipHash on every key,
/// which was a third of building shortlists.
struct HashSlots: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// 0 marks an empty slot, so the key 0 is stored as 1.
    @inline(__always) private static func stored(_ k: UInt64) -> UInt64 { k == 0 ? 1 : k }

    @inline(__always)
    subscript(_ key: UInt64) -> Int32? {
        let k = Self.stored(key)
        var i = Int(truncatingIfNeeded: k ^ (k >> 29)) & mask
        while true {
            let here = keys[i]
            if here == k { return values[i] }
            if here == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Sets `key` to `value`.
    mutating func set(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        let k = Self.stored(key)
        var i = Int(truncatingIfNeeded: k ^ (k >> 29)) & mask
        while keys[i] != 0 && keys[i] != k { i = (i + 1) & mask }
        if keys[i] == 0 { count += 1 }
        keys[i] = k
        values[i] = value
    }

    /// Empties the map, keeping its room.
    mutating func removeAll() {
        guard count > 0 else { return }
        for i in keys.indices { keys[i] = 0 }
        count = 0
    }

    private mutating func grow() {
        let old = (keys, values)
        let size = keys.count * 2
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: 0, count: size)
        mask = size - 1
        count = 0
        for (k, v) in zip(old.0, old.1) where k != 0 { set(k, v) }
    }
}
