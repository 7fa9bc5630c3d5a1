/// A binary min-heap of record indexes: the batch scheduler always starts the earliest ready record.
struct IndexHeap: Sendable {
    private var storage: [Int] = []

    var isEmpty: Bool { self.storage.isEmpty }

    mutating func reserveCapacity(_ count: Int) { self.storage.reserveCapacity(count) }

    mutating func push(_ value: Int) {
        self.storage.append(value)
        var child = self.storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard self.storage[child] < self.storage[parent] else { break }
            self.storage.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMin() -> Int? {
        guard let last = self.storage.popLast() else { return nil }
        guard !self.storage.isEmpty else { return last }
        let minimum = self.storage[0]
        self.storage[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < self.storage.count && self.storage[left] < self.storage[smallest] { smallest = left }
            if right < self.storage.count && self.storage[right] < self.storage[smallest] { smallest = right }
            guard smallest != parent else { break }
            self.storage.swapAt(parent, smallest)
            parent = smallest
        }
        return minimum
    }
}
