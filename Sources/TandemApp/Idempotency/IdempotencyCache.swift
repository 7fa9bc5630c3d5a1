import Synchronization

/// A small in-process LRU of completed idempotency records, so a duplicate delivered to the same process is
/// answered without a store round trip. Thread-safe (a `Mutex`); every call is O(1).
final class IdempotencyCache: Sendable {
    struct Entry: Sendable {
        var key: String
        var record: IdempotencyRecord
        var newer: Int
        var older: Int
    }

    /// A doubly linked list threaded through an array (indexes, -1 for none), newest at `newest`.
    struct Storage: Sendable {
        var entries: [Entry] = []
        var slots: [String: Int] = [:]
        var newest = -1
        var oldest = -1

        mutating func unlink(_ slot: Int) {
            let (newer, older) = (self.entries[slot].newer, self.entries[slot].older)
            if newer >= 0 { self.entries[newer].older = older } else { self.newest = older }
            if older >= 0 { self.entries[older].newer = newer } else { self.oldest = newer }
        }

        mutating func pushNewest(_ slot: Int) {
            self.entries[slot].newer = -1
            self.entries[slot].older = self.newest
            if self.newest >= 0 { self.entries[self.newest].newer = slot }
            self.newest = slot
            if self.oldest < 0 { self.oldest = slot }
        }
    }

    let capacity: Int
    private let storage = Mutex(Storage())

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// The completed, unexpired record for `key`, marked most recently used; expired ones are dropped.
    func record(for key: String, now: Int64) -> IdempotencyRecord? {
        guard self.capacity > 0 else { return nil }
        return self.storage.withLock { storage -> IdempotencyRecord? in
            guard let slot = storage.slots[key] else { return nil }
            let record = storage.entries[slot].record
            guard record.status(at: now) == .completed else { return nil }
            storage.unlink(slot)
            storage.pushNewest(slot)
            return record
        }
    }

    /// Remembers a completed record, evicting the least recently used one when full.
    func insert(_ record: IdempotencyRecord) {
        guard self.capacity > 0, record.status == .completed else { return }
        self.storage.withLock { storage in
            if let slot = storage.slots[record.key] {
                storage.entries[slot].record = record
                storage.unlink(slot)
                storage.pushNewest(slot)
                return
            }
            let slot: Int
            if storage.entries.count < self.capacity {
                slot = storage.entries.count
                storage.entries.append(Entry(key: record.key, record: record, newer: -1, older: -1))
            } else {
                slot = storage.oldest
                storage.unlink(slot)
                storage.slots[storage.entries[slot].key] = nil
                storage.entries[slot].key = record.key
                storage.entries[slot].record = record
            }
            storage.slots[record.key] = slot
            storage.pushNewest(slot)
        }
    }

    /// How many records are cached.
    var count: Int { self.storage.withLock { $0.slots.count } }
}
