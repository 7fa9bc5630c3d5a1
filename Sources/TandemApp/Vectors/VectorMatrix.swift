import TandemCore

/// The in-memory side of a ``VectorIndex``: every vector scaled to unit length in one contiguous array, with ids
/// and metadata, and an exact top-k cosine scan (a pure value type, tested alone).
///
/// Memory is `dimensions × 4` bytes per record plus its id and metadata; a scan reads all of it once, so it takes
/// time proportional to the record count (about a millisecond per 10,000 records of 384 floats on one core).
struct VectorMatrix: Sendable {
    let dimensions: Int
    private(set) var ids: [String] = []
    private(set) var metadata: [[String: JSONValue]] = []
    private(set) var values: [Float] = []  // [count, dimensions], each row unit length
    private var rows: [String: Int] = [:]

    init(dimensions: Int) {
        self.dimensions = dimensions
    }

    var count: Int { self.ids.count }

    /// `vector` scaled to unit length, or `nil` when it has the wrong length, a non-finite value or no length.
    static func normalised(_ vector: [Float], dimensions: Int) -> [Float]? {
        guard vector.count == dimensions, vector.allSatisfy(\.isFinite) else { return nil }
        let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0, norm.isFinite else { return nil }
        return vector.map { $0 / norm }
    }

    /// Adds or replaces a record; `unit` must already be normalised.
    mutating func upsert(id: String, metadata: [String: JSONValue], unit: [Float]) {
        precondition(unit.count == self.dimensions)
        if let row = self.rows[id] {
            self.metadata[row] = metadata
            self.values.withUnsafeMutableBufferPointer { values in
                for column in 0..<self.dimensions { values[row * self.dimensions + column] = unit[column] }
            }
        } else {
            self.rows[id] = self.ids.count
            self.ids.append(id)
            self.metadata.append(metadata)
            self.values.append(contentsOf: unit)
        }
    }

    /// Removes a record (the last row moves into its place); returns whether it was there.
    @discardableResult
    mutating func remove(id: String) -> Bool {
        guard let row = self.rows.removeValue(forKey: id) else { return false }
        let last = self.ids.count - 1
        if row != last {
            let moved = self.ids[last]
            self.ids[row] = moved
            self.metadata[row] = self.metadata[last]
            self.values.withUnsafeMutableBufferPointer { values in
                for column in 0..<self.dimensions {
                    values[row * self.dimensions + column] = values[last * self.dimensions + column]
                }
            }
            self.rows[moved] = row
        }
        self.ids.removeLast()
        self.metadata.removeLast()
        self.values.removeLast(self.dimensions)
        return true
    }

    /// The `k` rows most similar to `unit` (normalised) among those whose metadata has every key of `filter` with an
    /// equal value, best first (ties by insertion order): `(row, cosine)`.
    func top(_ k: Int, near unit: [Float], filter: [String: JSONValue] = [:]) -> [(row: Int, score: Float)] {
        guard k > 0, self.count > 0 else { return [] }
        precondition(unit.count == self.dimensions)
        var best: [(row: Int, score: Float)] = []  // sorted, best first, at most k
        best.reserveCapacity(k + 1)
        let d = self.dimensions
        self.values.withUnsafeBufferPointer { values in
            unit.withUnsafeBufferPointer { query in
                for row in 0..<self.count {
                    if !filter.isEmpty && !Self.matches(self.metadata[row], filter) { continue }
                    let score = Self.dot(query.baseAddress!, values.baseAddress! + row * d, count: d)
                    if best.count == k, score <= best[k - 1].score { continue }
                    var index = best.count
                    while index > 0, best[index - 1].score < score { index -= 1 }
                    best.insert((row, score), at: index)
                    if best.count > k { best.removeLast() }
                }
            }
        }
        return best
    }

    static func matches(_ metadata: [String: JSONValue], _ filter: [String: JSONValue]) -> Bool {
        for (key, value) in filter where metadata[key] != value { return false }
        return true
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var sum0 = SIMD8<Float>(), sum1 = SIMD8<Float>()
        var index = 0
        while index + 16 <= count {
            sum0 += UnsafeRawPointer(a + index).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + index).loadUnaligned(as: SIMD8<Float>.self)
            sum1 += UnsafeRawPointer(a + index + 8).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + index + 8).loadUnaligned(as: SIMD8<Float>.self)
            index += 16
        }
        var total = (sum0 + sum1).sum()
        while index < count {
            total += a[index] * b[index]
            index += 1
        }
        return total
    }
}
