/// A WordPiece vocabulary: token text (UTF-8 bytes) to id, in one byte buffer and an open-addressing hash table.
///
/// Built from a `vocab.txt` in well under a millisecond (a `[String: Int32]` of the same 30,522 tokens took ~4 ms
/// to build: a `String` and a SipHash per line), and looked up by bytes, so WordPiece candidates need no `String`.
package struct Vocabulary: Sendable {
    /// Every token's bytes, back to back.
    private let bytes: [UInt8]
    /// Where each id's bytes start in ``bytes``; `starts[id + 1]` is where they end.
    private let starts: [Int32]
    /// Slots of ids + 1 (0 = empty), `slots.count` a power of two at least twice the token count.
    private let slots: [Int32]

    /// The number of ids (lines).
    package var count: Int { self.starts.count - 1 }

    /// Reads a `vocab.txt` (one token per line, `\n` or `\r\n`; the line number is the id). A token that appears
    /// twice keeps its first id.
    package init(lines text: UnsafeBufferPointer<UInt8>) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var starts: [Int32] = [0]
        var start = 0
        while start < text.count {
            var end = start
            while end < text.count && text[end] != 0x0A { end += 1 }
            var last = end
            if last > start && text[last - 1] == 0x0D { last -= 1 }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<last]))
            starts.append(Int32(bytes.count))
            start = end + 1
        }
        let tokens = starts.count - 1
        var capacity = 16
        while capacity < 2 * tokens { capacity *= 2 }
        var slots = [Int32](repeating: 0, count: capacity)
        bytes.withUnsafeBufferPointer { storage in
            for id in 0..<tokens {
                let token = UnsafeBufferPointer(rebasing: storage[Int(starts[id])..<Int(starts[id + 1])])
                var slot = Self.hash(token) & (capacity - 1)
                while true {
                    let occupant = Int(slots[slot])
                    if occupant == 0 {
                        slots[slot] = Int32(id + 1)
                        break
                    }
                    let other = storage[Int(starts[occupant - 1])..<Int(starts[occupant])]
                    if other.elementsEqual(token) { break }  // a duplicate keeps its first id
                    slot = (slot + 1) & (capacity - 1)
                }
            }
        }
        self.bytes = bytes
        self.starts = starts
        self.slots = slots
    }

    /// The id of the token with these UTF-8 bytes, if any.
    package func id(_ token: UnsafeBufferPointer<UInt8>) -> Int32? {
        let mask = self.slots.count - 1
        var slot = Self.hash(token) & mask
        return self.bytes.withUnsafeBufferPointer { storage in
            while true {
                let occupant = Int(self.slots[slot])
                if occupant == 0 { return nil }
                let start = Int(self.starts[occupant - 1]), end = Int(self.starts[occupant])
                if end - start == token.count,
                    UnsafeBufferPointer(rebasing: storage[start..<end]).elementsEqual(token)
                {
                    return Int32(occupant - 1)
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The id of `token`, if it is in the vocabulary.
    package subscript(token: String) -> Int32? {
        var token = token
        return token.withUTF8 { self.id($0) }
    }

    /// FNV-1a over the bytes, folded to a non-negative `Int`.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return Int(truncatingIfNeeded: value ^ (value >> 29)) & Int.max
    }
}
