/// Words are hashed once, in the tokenizer, to a 64-bit id; every later lookup (gazetteers,
/// stop words, month names) keys on that id. Hashing a String again per lookup was the
/// parser's largest cost.
enum WordID {
    /// FNV-1a, 64-bit, over the UTF-8 bytes. Never 0 (0 marks an empty slot in `IDMap`).
    @inline(__always)
    static func of<C: Sequence>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h == 0 ? 1 : h
    }

    static func of(_ word: String) -> UInt64 { of(word.utf8) }
}

/// An open-addressing hash table keyed by `WordID`s (already well mixed, so no re-hashing).
/// An empty map allocates nothing: the parser keeps one per line of a page, and a page of a
/// million short lines must not hold a million tables.
struct IDMap<Value: Sendable>: Sendable {
    private var keys: [UInt64] = []
    private var values: [Value?] = []
    private var mask = 0
    private(set) var count = 0

    init(minimumCapacity: Int = 0) {
        guard minimumCapacity > 0 else { return }
        var size = 4
        while size < minimumCapacity * 2 { size <<= 1 }
        allocate(size)
    }

    private mutating func allocate(_ size: Int) {
        keys = [UInt64](repeating: 0, count: size)
        values = [Value?](repeating: nil, count: size)
        mask = size - 1
    }

    /// The slot of `key`, or of the empty slot where it would go (the table is not empty).
    @inline(__always)
    func slot(_ key: UInt64) -> Int {
        var i = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
        return i
    }

    @inline(__always)
    subscript(key: UInt64) -> Value? {
        get {
            guard !keys.isEmpty else { return nil }
            let i = slot(key); return keys[i] == key ? values[i] : nil
        }
        set {
            if (count + 1) * 2 > keys.count { grow() }
            let i = slot(key)
            if keys[i] != key { keys[i] = key; count += 1 }
            values[i] = newValue
        }
    }

    func contains(_ key: UInt64) -> Bool { !keys.isEmpty && keys[slot(key)] == key }

    /// Every key and value, in table order.
    func forEach(_ body: (UInt64, Value) -> Void) {
        for i in keys.indices where keys[i] != 0 { body(keys[i], values[i]!) }
    }

    private mutating func grow() {
        let old = (keys, values)
        allocate(max(4, old.0.count * 2))
        count = 0
        for (k, v) in zip(old.0, old.1) where k != 0 { self[k] = v }
    }
}

/// A set of word ids.
struct IDSet: Sendable {
    private var map = IDMap<Bool>()
    init<S: Sequence>(_ words: S) where S.Element == String { for w in words { map[WordID.of(w)] = true } }
    init() {}
    mutating func insert(_ id: UInt64) { map[id] = true }
    @inline(__always) func contains(_ id: UInt64) -> Bool { map.contains(id) }
}
