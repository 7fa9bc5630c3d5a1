#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One anonymous mapping that holds the encoder's dense-layer weights back to back, backed by 2 MiB pages where
/// the kernel allows it (`MADV_HUGEPAGE`).
///
/// A 128-token text streams all 42 MB of all-MiniLM-L6-v2's dense weights through the matrix products once per
/// pass. Read in place from the model file's 4 KiB page-cache pages, each pass walks ~10,000 page-table entries and
/// OpenBLAS's packing of the weights ran at a fraction of its speed (the products reached ~80 GFLOP/s against ~99
/// with the same weights in cache). In 21 huge pages the walks are gone.
// @unchecked Sendable: written only while the weights are built (one thread), read-only afterwards; unmapped in
// deinit when no reader is left.
package final class WeightArena: @unchecked Sendable {
    private static let hugePage = 2 << 20
    private let base: UnsafeMutableRawPointer
    private let mappedCount: Int
    private let capacity: Int
    private var used = 0

    /// Reserves room for `floats` 32-bit floats (each allocation is rounded up to 64 bytes).
    package init?(floats: Int) {
        let bytes = (floats * 4 + 64 * 64 + Self.hugePage - 1) / Self.hugePage * Self.hugePage
        // Map one huge page more than needed so the start can be aligned to a 2 MiB boundary.
        let count = bytes + Self.hugePage
        guard let mapping = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            mapping != MAP_FAILED
        else { return nil }
        let aligned = (Int(bitPattern: mapping) + Self.hugePage - 1) / Self.hugePage * Self.hugePage
        #if os(Linux)
        _ = madvise(UnsafeMutableRawPointer(bitPattern: aligned), bytes, 14)  // MADV_HUGEPAGE
        #endif
        self.base = mapping
        self.mappedCount = count
        self.used = aligned - Int(bitPattern: mapping)
        self.capacity = self.used + bytes
    }

    deinit {
        munmap(self.base, self.mappedCount)
    }

    /// The next `count` floats of the arena, 64-byte aligned.
    package func allocate(floats count: Int) -> UnsafeMutablePointer<Float> {
        let start = (self.used + 63) / 64 * 64
        precondition(start + count * 4 <= self.capacity, "weight arena overflow")
        self.used = start + count * 4
        return (self.base + start).bindMemory(to: Float.self, capacity: count)
    }

    /// Writes the transpose of the row-major `rows × columns` matrix `source` into `destination`, whose rows are
    /// `leadingDimension` floats apart: `destination[c·ld + r] = source[r·columns + c]`.
    ///
    /// 4×4 tiles go through registers (four loads, lane shuffles, four stores), in strips of 64 columns so the
    /// written rows stay in cache: ~10 M floats in a few milliseconds, against ~30 ms element by element.
    package static func transpose(
        _ source: UnsafePointer<Float>, rows: Int, columns: Int, into destination: UnsafeMutablePointer<Float>,
        leadingDimension: Int
    ) {
        let strip = 64
        var column = 0
        while column < columns {
            let stripEnd = min(columns, column + strip)
            var row = 0
            while row + 4 <= rows {
                var c = column
                while c + 4 <= stripEnd {
                    let s0 = source + row * columns + c
                    let r0 = load(s0), r1 = load(s0 + columns), r2 = load(s0 + 2 * columns)
                    let r3 = load(s0 + 3 * columns)
                    let d0 = destination + c * leadingDimension + row
                    store(SIMD4(r0[0], r1[0], r2[0], r3[0]), d0)
                    store(SIMD4(r0[1], r1[1], r2[1], r3[1]), d0 + leadingDimension)
                    store(SIMD4(r0[2], r1[2], r2[2], r3[2]), d0 + 2 * leadingDimension)
                    store(SIMD4(r0[3], r1[3], r2[3], r3[3]), d0 + 3 * leadingDimension)
                    c += 4
                }
                for tail in c..<stripEnd {
                    for r in row..<(row + 4) { destination[tail * leadingDimension + r] = source[r * columns + tail] }
                }
                row += 4
            }
            for r in row..<rows {
                for c in column..<stripEnd { destination[c * leadingDimension + r] = source[r * columns + c] }
            }
            column = stripEnd
        }
    }

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self)
    }

    @inline(__always)
    private static func store(_ value: SIMD4<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD4<Float>.self)
    }

    /// A copy of `count` floats from `source` in the arena.
    package func copy(_ source: UnsafePointer<Float>, count: Int) -> UnsafeMutablePointer<Float> {
        let destination = self.allocate(floats: count)
        destination.update(from: source, count: count)
        return destination
    }
}
