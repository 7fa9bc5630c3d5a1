#if canImport(Glibc)
import Glibc
#endif
import TandemCore
import Testing

@testable import TandemApp

@Suite("vector matrix: exact top-k")
struct VectorMatrixTests {
    struct Numbers {
        var state: UInt64
        mutating func next() -> Float {
            self.state = self.state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(self.state >> 40) / Float(1 << 24) * 2 - 1
        }
    }

    @Test("top-k equals sorting every cosine, with and without a filter, for k below and above the count",
          arguments: [1, 5, 50, 500])
    func matchesFullSort(k: Int) {
        var numbers = Numbers(state: UInt64(k))
        let d = 37  // not a multiple of the 16-lane step
        var matrix = VectorMatrix(dimensions: d)
        var vectors: [[Float]] = []
        for index in 0..<300 {
            let vector = (0..<d).map { _ in numbers.next() }
            vectors.append(vector)
            matrix.upsert(id: "r\(index)", metadata: ["parity": .integer(Int64(index % 2))],
                          unit: VectorMatrix.normalised(vector, dimensions: d)!)
        }
        let query = VectorMatrix.normalised((0..<d).map { _ in numbers.next() }, dimensions: d)!
        func cosine(_ v: [Float]) -> Float {
            let norm = v.map { $0 * $0 }.reduce(0, +).squareRoot()
            return zip(v, query).map { $0 * $1 }.reduce(0, +) / norm
        }
        let all = vectors.indices.sorted { cosine(vectors[$0]) > cosine(vectors[$1]) }
        let top = matrix.top(k, near: query)
        #expect(top.map(\.row) == Array(all.prefix(k)))
        for hit in top { #expect(abs(hit.score - cosine(vectors[hit.row])) < 1e-5) }
        let odd = matrix.top(k, near: query, filter: ["parity": .integer(1)])
        #expect(odd.map(\.row) == Array(all.filter { $0 % 2 == 1 }.prefix(k)))
    }

    @Test("remove moves the last row into the gap and keeps every id findable; replacing keeps the count")
    func removeAndReplace() {
        var matrix = VectorMatrix(dimensions: 2)
        for (index, angle) in [0.0, 0.5, 1.0, 1.5].enumerated() {
            matrix.upsert(id: "v\(index)", metadata: [:], unit: [Float(cos(angle)), Float(sin(angle))])
        }
        let removed = matrix.remove(id: "v1")
        let removedAgain = matrix.remove(id: "v1")
        #expect(removed)
        #expect(!removedAgain)
        #expect(matrix.ids == ["v0", "v3", "v2"])
        matrix.upsert(id: "v3", metadata: ["x": "y"], unit: [1, 0])
        #expect(matrix.count == 3)
        let top = matrix.top(2, near: [1, 0])
        #expect(top.map { matrix.ids[$0.row] } == ["v0", "v3"])
        #expect(matrix.metadata[top[1].row] == ["x": "y"])
        #expect(matrix.top(0, near: [1, 0]).isEmpty)
    }

    @Test("vectors that cannot be normalised are refused")
    func normalisation() {
        #expect(VectorMatrix.normalised([3, 4], dimensions: 2) == [0.6, 0.8])
        #expect(VectorMatrix.normalised([0, 0], dimensions: 2) == nil)
        #expect(VectorMatrix.normalised([1, .nan], dimensions: 2) == nil)
        #expect(VectorMatrix.normalised([1, .infinity], dimensions: 2) == nil)
        #expect(VectorMatrix.normalised([1, 2, 3], dimensions: 2) == nil)
    }

    @Test("float32 blobs are little-endian and round-trip")
    func blobs() {
        #expect(VectorIndex.bytes([1, -2.5]) == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0])
        let values: [Float] = [0, -0.0, 1e-30, 3.4e38, .pi]
        #expect(VectorIndex.floats(VectorIndex.bytes(values)).map(\.bitPattern) == values.map(\.bitPattern))
    }
}
