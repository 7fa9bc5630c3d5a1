extension BatchProcessor {
    /// The scheduling rules of a batch as a pure value: which record may start now, and what a failure means.
    ///
    /// Records of one group (a FIFO message group, a Kinesis partition key, a DynamoDB item) run one at a time in
    /// batch order; records without a group are groups of one. Among the records that may start, the earliest in
    /// the batch starts first, and never more than `maxConcurrency` at once. The caller performs the actions:
    /// ``next(deadlineReached:)`` says what to start, ``finish(_:succeeded:)`` reports the result.
    struct StateMachine: Sendable {
        enum RecordState: Sendable, Equatable {
            case pending
            case running
            case succeeded
            case failed
            case skipped(BatchSkipReason)
        }

        enum Action: Sendable, Equatable {
            /// Start the record at this index.
            case start(Int)
            /// Wait for a running record to finish, then ask again.
            case wait
            /// Every record is done, failed or skipped.
            case finished
        }

        private(set) var states: [RecordState]
        private let policy: BatchMode.Policy
        private let maxConcurrency: Int
        /// The group of each record.
        private let groupOfRecord: [Int]
        /// Each group's records in batch order, and how far the group has got.
        private var members: [[Int]]
        private var nextMember: [Int]
        private var failedGroups: Set<Int> = []
        private var ready = IndexHeap()
        private var running = 0
        private var stopReason: BatchSkipReason?

        /// Creates the schedule for a batch.
        /// - Parameters:
        ///   - groups: each record's ordering group, or `nil` when the record is ordered with nothing else.
        ///   - mode: what a failure means for the rest.
        ///   - maxConcurrency: how many records may run at once (at least 1).
        init(groups: [String?], mode: BatchMode, maxConcurrency: Int) {
            self.states = Array(repeating: .pending, count: groups.count)
            self.policy = mode.policy
            self.maxConcurrency = max(1, maxConcurrency)
            var groupIndex: [String: Int] = [:]
            var groupOfRecord: [Int] = []
            var members: [[Int]] = []
            groupOfRecord.reserveCapacity(groups.count)
            for (record, group) in groups.enumerated() {
                let index: Int
                if let group, let existing = groupIndex[group] {
                    index = existing
                    members[index].append(record)
                } else {
                    index = members.count
                    members.append([record])
                    if let group { groupIndex[group] = index }
                }
                groupOfRecord.append(index)
            }
            self.groupOfRecord = groupOfRecord
            self.members = members
            self.nextMember = Array(repeating: 0, count: members.count)
            self.ready.reserveCapacity(members.count)
            for group in members { self.ready.push(group[0]) }
        }

        /// What to do next.
        /// - Parameter deadlineReached: whether the time left is under the margin; once it is, no record starts.
        mutating func next(deadlineReached: Bool) -> Action {
            if deadlineReached && self.stopReason == nil && !self.ready.isEmpty {
                self.stopReason = .deadline
            }
            if self.stopReason == nil && self.running < self.maxConcurrency, let record = self.ready.popMin() {
                self.states[record] = .running
                self.running += 1
                return .start(record)
            }
            if self.running > 0 { return .wait }
            self.skipPending()
            return .finished
        }

        /// Records the result of a started record.
        mutating func finish(_ record: Int, succeeded: Bool) {
            precondition(self.states[record] == .running, "finish(\(record)) for a record that is not running")
            self.running -= 1
            self.states[record] = succeeded ? .succeeded : .failed
            let group = self.groupOfRecord[record]
            if !succeeded {
                switch self.policy {
                case .independent:
                    break
                case .stopOnFirstFailure, .checkpoint:
                    if self.stopReason == nil { self.stopReason = .earlierFailure }
                case .skipFailedGroup:
                    self.failedGroups.insert(group)
                    return
                }
            }
            self.nextMember[group] += 1
            if self.nextMember[group] < self.members[group].count {
                self.ready.push(self.members[group][self.nextMember[group]])
            }
        }

        /// The indexes of the records to report to the event source, in batch order.
        var reportedRecords: [Int] {
            let notDone = self.states.indices.filter { self.states[$0] != .succeeded }
            if self.policy == .checkpoint { return Array(notDone.prefix(1)) }
            return notDone
        }

        private mutating func skipPending() {
            for record in self.states.indices where self.states[record] == .pending {
                if self.failedGroups.contains(self.groupOfRecord[record]) {
                    self.states[record] = .skipped(.groupFailed)
                } else {
                    self.states[record] = .skipped(self.stopReason ?? .earlierFailure)
                }
            }
        }
    }
}
