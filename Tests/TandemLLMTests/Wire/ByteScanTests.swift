import Testing

@testable import TandemLLM

/// The word-at-a-time searches against a byte-by-byte reference, on random data rich in the bytes they look for.
@Suite("ByteScan (SWAR searches) and byte-compared JSON keys")
struct ByteScanTests {
    static func reference(_ bytes: [UInt8], from start: Int, _ isMatch: (UInt8) -> Bool) -> Int {
        bytes[start...].firstIndex(where: isMatch) ?? bytes.count
    }

    @Test("firstLineEnd and firstStringSpecial agree with a plain loop at every start offset")
    func agreesWithReference() {
        var random = SplitMix64(seed: 42)
        // Bytes near the searched ones (0x0A, 0x0D, 0x22, 0x5C, 0x1F, 0x20) and high ones that confuse borrows.
        let alphabet: [UInt8] = [0x00, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C,
            0x5D, 0x61, 0x7F, 0x80, 0x8A, 0x8D, 0xA2, 0xDC, 0xFF]
        for round in 0..<400 {
            let count = Int.random(in: 0..<64, using: &random)
            // Mostly plain letters so matches are sparse, with a few from the alphabet.
            let bytes: [UInt8] = (0..<count).map { _ in
                Int.random(in: 0..<8, using: &random) == 0
                    ? alphabet.randomElement(using: &random)! : UInt8.random(in: 0x61...0x7A, using: &random)
            }
            bytes.withUnsafeBytes { raw in
                for start in 0...count {
                    #expect(
                        ByteScan.firstLineEnd(raw, from: start)
                            == Self.reference(bytes, from: start) { $0 == 0x0A || $0 == 0x0D },
                        "round \(round) start \(start)"
                    )
                    #expect(
                        ByteScan.firstStringSpecial(raw, from: start)
                            == Self.reference(bytes, from: start) { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 },
                        "round \(round) start \(start)"
                    )
                }
            }
        }
    }

    enum Key: String, CaseIterable, Sendable {
        case id, model
        case finishReason = "finish_reason"
        case accented = "café"
    }

    @Test("readObject(keys:) names keys by their bytes, escaped keys included, and nil for others")
    func keyTable() throws {
        let text = #"{"id":1,"model":2,"finish_reason":3,"caf\u00e9":4,"\u0069d":5,"idx":6,"":7,"café":8,"finish_reasonX":9}"#
        var scanner = JSONScanner(text)
        var seen: [(Key?, Int)] = []
        try scanner.readObject(keys: JSONKeyTable<Key>()) { scanner, key throws(JSONScanner.Failure) in
            seen.append((key, try scanner.readInt()))
        }
        try scanner.expectEnd()
        let expected: [(Key?, Int)] = [
            (.id, 1), (.model, 2), (.finishReason, 3), (.accented, 4), (.id, 5), (nil, 6), (nil, 7), (.accented, 8),
            (nil, 9),
        ]
        #expect(seen.map(\.0) == expected.map(\.0))
        #expect(seen.map(\.1) == expected.map(\.1))
    }

    @Test("readString(matching:) names known values, nil for others, and still rejects a broken string")
    func valueTable() throws {
        var scanner = JSONScanner(#"["model","mod\u0065l","other"]"#)
        var values: [Key?] = []
        try scanner.readArray { scanner, _ throws(JSONScanner.Failure) in
            values.append(try scanner.readString(matching: JSONKeyTable<Key>()))
        }
        #expect(values == [.model, .model, nil])
        var broken = JSONScanner(#""mod\qel""#)
        #expect(throws: JSONScanner.Failure.self) { try broken.readString(matching: JSONKeyTable<Key>()) }
        var number = JSONScanner("12")
        #expect(throws: JSONScanner.Failure.self) { try number.readString(matching: JSONKeyTable<Key>()) }
    }
}
