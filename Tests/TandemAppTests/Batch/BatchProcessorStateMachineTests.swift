import Testing

@testable import TandemApp

@Suite("Batch scheduling rules")
struct BatchProcessorStateMachineTests {
    typealias Machine = BatchProcessor.StateMachine

    /// Runs a machine sequentially to the end, failing the records in `failing`; returns the start order.
    static func drain(_ machine: inout Machine, failing: Set<Int>) -> [Int] {
        var started: [Int] = []
        while case .start(let index) = machine.next(deadlineReached: false) {
            started.append(index)
            machine.finish(index, succeeded: !failing.contains(index))
        }
        return started
    }

    @Test("independent: every record runs and each failure is reported")
    func independent() {
        var machine = Machine(groups: Array(repeating: nil, count: 5), mode: .independent, maxConcurrency: 1)
        #expect(Self.drain(&machine, failing: [1, 3]) == [0, 1, 2, 3, 4])
        #expect(machine.next(deadlineReached: false) == .finished)
        #expect(machine.reportedRecords == [1, 3])
    }

    @Test("stop on first failure: nothing starts after it; it and every later record are reported")
    func stopOnFirstFailure() {
        var machine = Machine(groups: Array(repeating: nil, count: 5), mode: .stopOnFirstFailure, maxConcurrency: 1)
        #expect(Self.drain(&machine, failing: [2]) == [0, 1, 2])
        #expect(machine.next(deadlineReached: false) == .finished)
        #expect(machine.reportedRecords == [2, 3, 4])
        #expect(machine.states[3] == .skipped(.earlierFailure))
    }

    @Test("skip failed group: later records of the group are skipped, other groups go on")
    func skipFailedGroup() {
        var machine = Machine(groups: ["a", "b", "a", "b", "c", "a"], mode: .skipFailedGroup, maxConcurrency: 1)
        #expect(Self.drain(&machine, failing: [0]) == [0, 1, 3, 4])
        #expect(machine.reportedRecords == [0, 2, 5])
        #expect(machine.states[2] == .skipped(.groupFailed))
        #expect(machine.states[5] == .skipped(.groupFailed))
    }

    @Test("checkpoint: only the first record not done is reported")
    func checkpoint() {
        var machine = Machine(groups: Array(repeating: nil, count: 6), mode: .checkpoint, maxConcurrency: 1)
        #expect(Self.drain(&machine, failing: [3]) == [0, 1, 2, 3])
        #expect(machine.reportedRecords == [3])
        var clean = Machine(groups: Array(repeating: nil, count: 3), mode: .checkpoint, maxConcurrency: 1)
        _ = Self.drain(&clean, failing: [])
        #expect(clean.reportedRecords == [])
    }

    @Test("parallel starts are bounded, earliest first, and a group never runs two records at once")
    func boundedAndOrdered() {
        var machine = Machine(groups: ["a", "b", "a", "c", "b", nil], mode: .independent, maxConcurrency: 3)
        #expect(machine.next(deadlineReached: false) == .start(0))
        #expect(machine.next(deadlineReached: false) == .start(1))
        // Record 2 waits for record 0 (same group), so the next ready record is 3.
        #expect(machine.next(deadlineReached: false) == .start(3))
        #expect(machine.next(deadlineReached: false) == .wait)
        machine.finish(1, succeeded: true)
        // Group b's next record (4) and the ungrouped 5 are ready; the earliest goes first.
        #expect(machine.next(deadlineReached: false) == .start(4))
        #expect(machine.next(deadlineReached: false) == .wait)
        machine.finish(0, succeeded: true)
        #expect(machine.next(deadlineReached: false) == .start(2))
        machine.finish(3, succeeded: true)
        #expect(machine.next(deadlineReached: false) == .start(5))
        for index in [2, 4, 5] { machine.finish(index, succeeded: true) }
        #expect(machine.next(deadlineReached: false) == .finished)
        #expect(machine.reportedRecords.isEmpty)
    }

    @Test("in parallel, a stop lets running records finish and reports every record not done")
    func parallelStop() {
        var machine = Machine(groups: ["a", "b", "a", "b"], mode: .stopOnFirstFailure, maxConcurrency: 2)
        #expect(machine.next(deadlineReached: false) == .start(0))
        #expect(machine.next(deadlineReached: false) == .start(1))
        machine.finish(0, succeeded: false)
        #expect(machine.next(deadlineReached: false) == .wait)
        machine.finish(1, succeeded: true)
        #expect(machine.next(deadlineReached: false) == .finished)
        #expect(machine.reportedRecords == [0, 2, 3])
    }

    @Test("once the deadline margin is reached nothing starts and untouched records are reported as such")
    func deadline() {
        var machine = Machine(groups: Array(repeating: nil, count: 4), mode: .independent, maxConcurrency: 1)
        #expect(machine.next(deadlineReached: false) == .start(0))
        machine.finish(0, succeeded: true)
        #expect(machine.next(deadlineReached: true) == .finished)
        #expect(machine.states[1...] == [.skipped(.deadline), .skipped(.deadline), .skipped(.deadline)])
        #expect(machine.reportedRecords == [1, 2, 3])
    }

    @Test("an empty batch is finished at once")
    func empty() {
        var machine = Machine(groups: [], mode: .checkpoint, maxConcurrency: 4)
        #expect(machine.next(deadlineReached: true) == .finished)
        #expect(machine.reportedRecords.isEmpty)
    }
}
