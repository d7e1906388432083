import SLAModel
import SLAStore
import SLAEvaluate
import SLALedger
/// A hash table keyed by byte strings, looked up straight from a read buffer: the usage import's hot loop
/// matches assets, teams and users a million times without making a `String` for each.
struct ByteTable {
    private var arena: [UInt8] = []
    private var offsets: [Int] = []
    private var lengths: [Int] = []
    private var values: [Int32] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { values.count }

    /// The bytes of entry `i` as a string.
    func key(_ i: Int) -> String { String(decoding: arena[offsets[i]..<offsets[i] + lengths[i]], as: UTF8.self) }
    func value(_ i: Int) -> Int32 { values[i] }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The entry index of `bytes`, or nil.
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Self.hash(bytes) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { return nil }
            let e = Int(entry)
            if lengths[e] == bytes.count && arena.withUnsafeBufferPointer({ a in
                bytes.count == 0 || memcmpEqual(a.baseAddress! + offsets[e], bytes.baseAddress!, bytes.count)
            }) { return e }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `bytes` with `value` (the caller checked it is absent); returns the new entry's index.
    @discardableResult
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, value: Int32) -> Int {
        if (values.count + 1) * 2 > slots.count { grow() }
        let e = values.count
        offsets.append(arena.count)
        lengths.append(bytes.count)
        arena.append(contentsOf: bytes)
        values.append(value)
        place(e, hash: Self.hash(bytes))
        return e
    }

    mutating func insert(_ text: String, value: Int32) {
        var text = text
        text.withUTF8 { bytes in if find(bytes) == nil { insert(bytes, value: value) } }
    }

    private mutating func place(_ e: Int, hash: Int) {
        var slot = hash & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(e)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for e in 0..<values.count {
            let h = arena.withUnsafeBufferPointer { a in Self.hash(UnsafeBufferPointer(rebasing: a[offsets[e]..<offsets[e] + lengths[e]])) }
            place(e, hash: h)
        }
    }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    for i in 0..<n where a[i] != b[i] { return false }
    return true
}
