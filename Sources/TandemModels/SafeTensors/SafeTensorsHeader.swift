#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TandemCore

/// The parsed, validated header of a `.safetensors` file: where each tensor's bytes are, and what they hold.
///
/// Layout: an 8-byte little-endian header length `n`, `n` bytes of JSON (`{"name": {"dtype", "shape",
/// "data_offsets": [begin, end]}, "__metadata__": {...}}`), then the data; offsets are relative to the data.
/// Nothing is assumed about the order or position of tensors: every entry is checked against the file size.
package struct SafeTensorsHeader: Sendable, Equatable {
    /// Element types a safetensors file may declare.
    package enum DType: String, Sendable {
        case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
        case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

        /// Bytes per element.
        package var size: Int {
            switch self {
            case .f64, .i64: 8
            case .f32, .i32: 4
            case .f16, .bf16, .i16: 2
            case .i8, .u8, .bool: 1
            }
        }
    }

    /// One tensor's entry.
    package struct Entry: Sendable, Equatable {
        package var dtype: DType
        package var shape: [Int]
        /// Absolute byte range in the file.
        package var byteRange: Range<Int>

        package var elementCount: Int { self.shape.reduce(1, *) }
    }

    /// The largest header accepted (the format's own limit is 100 MB).
    package static let maximumHeaderLength = 100_000_000

    package var entries: [String: Entry]
    package var metadata: [String: String]

    /// Parses and validates the header at the start of `bytes` (the whole file).
    /// - Parameters:
    ///   - bytes: The file's bytes (only the header is read; sizes are checked against `bytes.count`).
    ///   - path: The file's path, for error messages.
    /// - Throws: ``ModelError`` `model_corrupt` naming the problem.
    package init(bytes: UnsafeRawBufferPointer, path: String) throws {
        guard bytes.count >= 8 else { throw ModelError.corrupt(path: path, reason: "shorter than the 8-byte header") }
        var length: UInt64 = 0
        for index in 0..<8 { length |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        guard length >= 2, length <= UInt64(Self.maximumHeaderLength), Int(length) <= bytes.count - 8 else {
            throw ModelError.corrupt(path: path, reason: "header length \(length) does not fit the file")
        }
        let dataStart = 8 + Int(length)
        let dataCount = bytes.count - dataStart
        let json = Data(bytes[8..<dataStart])
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: json)
        } catch {
            throw ModelError.corrupt(path: path, reason: "the header is not valid JSON")
        }
        guard let object = root.objectValue else {
            throw ModelError.corrupt(path: path, reason: "the header is not a JSON object")
        }
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in object {
            if name == "__metadata__" {
                for (key, item) in value.objectValue ?? [:] { metadata[key] = item.stringValue }
                continue
            }
            entries[name] = try Self.entry(name: name, value: value, dataStart: dataStart, dataCount: dataCount,
                                           path: path)
        }
        self.entries = entries
        self.metadata = metadata
    }

    private static func entry(name: String, value: JSONValue, dataStart: Int, dataCount: Int, path: String) throws
        -> Entry
    {
        func fail(_ reason: String) -> TandemError {
            ModelError.corrupt(path: path, reason: "tensor '\(name)' \(reason)")
        }
        guard let dtypeName = value["dtype"]?.stringValue else { throw fail("has no dtype") }
        guard let dtype = DType(rawValue: dtypeName) else { throw fail("has unknown dtype \(dtypeName)") }
        guard let shapeValues = value["shape"]?.arrayValue else { throw fail("has no shape") }
        var shape: [Int] = []
        var elements = 1
        for dimension in shapeValues {
            guard let size = dimension.integerValue, size >= 0, size < Int64(Int32.max) else {
                throw fail("has an invalid shape")
            }
            shape.append(Int(size))
            let (product, overflow) = elements.multipliedReportingOverflow(by: Int(size))
            guard !overflow else { throw fail("has an invalid shape") }
            elements = product
        }
        guard let offsets = value["data_offsets"]?.arrayValue, offsets.count == 2,
            let begin = offsets[0].integerValue, let end = offsets[1].integerValue,
            begin >= 0, begin <= end, end <= Int64(dataCount)
        else { throw fail("has data offsets outside the file") }
        guard Int(end - begin) == elements * dtype.size else {
            throw fail("has \(end - begin) bytes for shape \(shape) of \(dtypeName)")
        }
        return Entry(dtype: dtype, shape: shape, byteRange: (dataStart + Int(begin))..<(dataStart + Int(end)))
    }
}
