/// The object keys a decoder cares about, as UTF-8 bytes, so ``JSONScanner/readObject(at:keys:_:)`` can name each key
/// it meets without building a `String` for it (the stream decoders' hot path: an OpenAI chunk has a dozen keys).
///
/// ```swift
/// enum ChunkKey: String, CaseIterable { case id, model, choices }
/// static let chunkKeys = JSONKeyTable<ChunkKey>()
/// try scanner.readObject(keys: Self.chunkKeys) { scanner, key throws(JSONScanner.Failure) in
///     switch key {
///     case .choices?: ...
///     default: try scanner.skipValue()
///     }
/// }
/// ```
package struct JSONKeyTable<Key: RawRepresentable & CaseIterable & Sendable>: Sendable where Key.RawValue == String {
    /// Each key's bytes with the key (lengths are compared before bytes).
    private let entries: [(bytes: [UInt8], key: Key)]

    /// A table of every case of `Key`, matched by its raw value.
    package init() {
        self.entries = Key.allCases.map { (Array($0.rawValue.utf8), $0) }
    }

    /// The key whose UTF-8 is `bytes[range]`, or `nil`.
    @inline(__always)
    func match(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Key? {
        let count = range.count
        let start = range.lowerBound
        for entry in self.entries where entry.bytes.count == count {
            let equal = entry.bytes.withUnsafeBufferPointer { candidate in
                var offset = 0
                while offset < count && candidate[offset] == bytes[start + offset] { offset += 1 }
                return offset == count
            }
            if equal { return entry.key }
        }
        return nil
    }

    /// The key spelled `text` (a key that needed unescaping), or `nil`.
    func match(_ text: String) -> Key? {
        Key(rawValue: text)
    }
}
