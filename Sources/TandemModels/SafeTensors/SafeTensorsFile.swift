/// A memory-mapped `.safetensors` file whose tensors are read in place (zero-copy when aligned).
// @unchecked Sendable: the mapping and the converted copies are immutable after `init` and freed only in `deinit`.
package final class SafeTensorsFile: @unchecked Sendable {
    package let header: SafeTensorsHeader
    package let mapping: MappedFile
    private var ownedCopies: [UnsafeMutableBufferPointer<Float>] = []

    /// Maps and validates the file at `path`.
    /// - Throws: ``ModelError`` (`model_unreadable` or `model_corrupt`).
    package init(path: String) throws {
        self.mapping = try MappedFile(path: path)
        self.header = try SafeTensorsHeader(bytes: self.mapping.bytes, path: path)
    }

    deinit {
        for copy in self.ownedCopies { copy.deallocate() }
    }

    /// Starts reading every tensor except those named in `skipping` from disk in the background (see
    /// ``MappedFile/prefetch(_:)``): a large table read only a few rows at a time, such as word embeddings, is best
    /// left to page faults.
    package func prefetch(skipping: Set<String>) {
        var ranges = self.header.entries.filter { !skipping.contains($0.key) }.map(\.value.byteRange)
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var current: Range<Int>?
        for range in ranges {
            if let open = current, range.lowerBound <= open.upperBound + 65_536 {
                current = open.lowerBound..<max(open.upperBound, range.upperBound)
            } else {
                if let open = current { self.mapping.prefetch(open) }
                current = range
            }
        }
        if let open = current { self.mapping.prefetch(open) }
    }

    /// The tensor `name` as `Float`s, checked against `shape`.
    ///
    /// F32 data aligned to 4 bytes is returned in place; F16, BF16 and misaligned F32 are converted once into memory
    /// this file owns.
    /// - Throws: ``ModelError`` `model_corrupt` if the tensor is missing, has another shape, or is not floating point.
    package func floats(_ name: String, shape: [Int]) throws -> UnsafeBufferPointer<Float> {
        guard let entry = self.header.entries[name] else {
            throw ModelError.corrupt(path: self.mapping.path, reason: "tensor '\(name)' is missing")
        }
        guard entry.shape == shape else {
            throw ModelError.corrupt(
                path: self.mapping.path,
                reason: "tensor '\(name)' has shape \(entry.shape), expected \(shape)"
            )
        }
        let start = self.mapping.base + entry.byteRange.lowerBound
        let count = entry.elementCount
        switch entry.dtype {
        case .f32 where Int(bitPattern: start) % MemoryLayout<Float>.alignment == 0:
            return UnsafeBufferPointer(start: start.assumingMemoryBound(to: Float.self), count: count)
        case .f32:
            return self.convert(count: count) { index in
                start.loadUnaligned(fromByteOffset: index * 4, as: Float.self)
            }
        case .f16:
            return self.convert(count: count) { index in
                Float(Self.half(start.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)))
            }
        case .bf16:
            return self.convert(count: count) { index in
                Float(bitPattern: UInt32(start.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)) << 16)
            }
        default:
            throw ModelError.corrupt(
                path: self.mapping.path,
                reason: "tensor '\(name)' has dtype \(entry.dtype.rawValue), expected a float type"
            )
        }
    }

    private func convert(count: Int, _ element: (Int) -> Float) -> UnsafeBufferPointer<Float> {
        let copy = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        for index in 0..<count { copy[index] = element(index) }
        self.ownedCopies.append(copy)
        return UnsafeBufferPointer(copy)
    }

    /// IEEE 754 half to single precision, without relying on `Float16` (absent on some platforms).
    static func half(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1f)
        let fraction = Float(bits & 0x3ff)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
