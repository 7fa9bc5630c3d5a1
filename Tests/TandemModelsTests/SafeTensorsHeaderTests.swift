#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemCore
import Testing
@testable import TandemModels

/// The safetensors header parser on hand-built files: every offset and size is checked, nothing assumed.
@Suite("safetensors header")
struct SafeTensorsHeaderTests {
    /// A file: 8-byte little-endian length, the JSON header, then `data`.
    static func file(_ header: String, data: [UInt8]) -> [UInt8] {
        let json = Array(header.utf8)
        var bytes: [UInt8] = []
        for index in 0..<8 { bytes.append(UInt8((UInt64(json.count) >> (8 * UInt64(index))) & 0xff)) }
        return bytes + json + data
    }

    static func parse(_ bytes: [UInt8]) throws -> SafeTensorsHeader {
        try bytes.withUnsafeBytes { try SafeTensorsHeader(bytes: $0, path: "test.safetensors") }
    }

    @Test("reads dtype, shape and absolute byte ranges, skipping __metadata__")
    func valid() throws {
        let header = #"{"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},"#
            + #""a":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]}}"#
        let bytes = Self.file(header, data: Array(repeating: 0, count: 16))
        let parsed = try Self.parse(bytes)
        let start = 8 + header.utf8.count
        #expect(parsed.metadata == ["format": "pt"])
        #expect(parsed.entries["a"] == .init(dtype: .f16, shape: [2, 2], byteRange: start..<(start + 8)))
        #expect(parsed.entries["b"] == .init(dtype: .f32, shape: [2], byteRange: (start + 8)..<(start + 16)))
    }

    static let corrupt: [(String, [UInt8])] = [
        ("too short", [1, 2, 3]),
        ("length past the end", [0xff, 0xff, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d]),
        ("not JSON", file("{nope", data: [])),
        ("not an object", file("[1,2]", data: [])),
        ("unknown dtype", file(#"{"a":{"dtype":"Q4","shape":[1],"data_offsets":[0,1]}}"#, data: [0])),
        ("offsets past the data", file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0])),
        ("size does not match the shape", file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#,
                                               data: [0, 0, 0, 0])),
        ("reversed offsets", file(#"{"a":{"dtype":"U8","shape":[0],"data_offsets":[1,0]}}"#, data: [0])),
        ("negative dimension", file(#"{"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,0]}}"#, data: [])),
    ]

    @Test("a corrupt file is rejected with model_corrupt", arguments: 0..<corrupt.count)
    func corruptFiles(index: Int) {
        let (name, bytes) = Self.corrupt[index]
        #expect(throws: TandemError.self, "\(name)") {
            do { _ = try Self.parse(bytes) } catch let error as TandemError {
                #expect(error.code == .modelCorrupt, "\(name): \(error)")
                #expect(error.message.contains("test.safetensors"))
                throw error
            }
        }
    }

    @Test("F16 and BF16 tensors are converted, misaligned F32 copied, wrong shapes rejected")
    func floatsFromFile() throws {
        // F16 1.0 = 0x3C00, -2.0 = 0xC000; BF16 1.5 = 0x3FC0; F32 at an odd offset.
        let header = #"{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"#
            + #""b":{"dtype":"BF16","shape":[1],"data_offsets":[4,6]},"#
            + #""f":{"dtype":"F32","shape":[1],"data_offsets":[7,11]}}"#
        var data: [UInt8] = [0x00, 0x3C, 0x00, 0xC0, 0xC0, 0x3F, 0x00]
        withUnsafeBytes(of: Float(0.25).bitPattern.littleEndian) { data += $0 }
        let path = FileManager.default.temporaryDirectory.path + "/tandem-\(UInt64.random(in: 0...UInt64.max)).st"
        FileManager.default.createFile(atPath: path, contents: Data(Self.file(header, data: data)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try SafeTensorsFile(path: path)
        #expect(Array(try file.floats("h", shape: [2])) == [1, -2])
        #expect(Array(try file.floats("b", shape: [1])) == [1.5])
        #expect(Array(try file.floats("f", shape: [1])) == [0.25])
        #expect(throws: TandemError.self) { try file.floats("h", shape: [3]) }
        #expect(throws: TandemError.self) { try file.floats("missing", shape: [1]) }
    }
}
