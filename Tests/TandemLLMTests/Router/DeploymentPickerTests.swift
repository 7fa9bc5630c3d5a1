import Testing

@testable import TandemLLM

@Suite("Picking a deployment: weights, least latency, untried first, session pins")
struct DeploymentPickerTests {
    typealias Candidate = DeploymentPicker.Candidate

    @Test("weighted: the draw falls into each deployment's share of the total weight")
    func weighted() {
        let picker = DeploymentPicker(strategy: .weighted)
        let candidates = [Candidate(id: "a", weight: 1), Candidate(id: "b", weight: 3)]
        #expect(picker.pick(candidates, random: 0.0) == 0)
        #expect(picker.pick(candidates, random: 0.249) == 0)
        #expect(picker.pick(candidates, random: 0.25) == 1)
        #expect(picker.pick(candidates, random: 0.999) == 1)
    }

    @Test("weighted over many seeded draws: shares follow the weights (3:1)")
    func weightedShares() {
        let picker = DeploymentPicker(strategy: .weighted)
        let candidates = [Candidate(id: "a", weight: 3), Candidate(id: "b", weight: 1)]
        var random = RandomSource(seed: 42)
        var counts = [0, 0]
        for _ in 0..<4000 { counts[picker.pick(candidates, random: random.unit())!] += 1 }
        #expect((2850...3150).contains(counts[0]), "a got \(counts[0]) of 4000")
    }

    @Test("unavailable (cooling) deployments are skipped; none available gives nil")
    func availability() {
        let picker = DeploymentPicker(strategy: .weighted)
        let candidates = [Candidate(id: "a", weight: 100, isAvailable: false), Candidate(id: "b", weight: 1)]
        #expect(picker.pick(candidates, random: 0.0) == 1)
        #expect(picker.pick([Candidate(id: "a", weight: 1, isAvailable: false)], random: 0.5) == nil)
    }

    @Test("deployments this request tried are used only when nothing else is available")
    func untriedFirst() {
        let picker = DeploymentPicker(strategy: .weighted)
        let candidates = [Candidate(id: "a", weight: 100), Candidate(id: "b", weight: 1)]
        #expect(picker.pick(candidates, tried: ["a"], random: 0.0) == 1)
        #expect(picker.pick(candidates, tried: ["a", "b"], random: 0.0) == 0)
    }

    @Test("least latency: untried deployments first, then the fastest")
    func leastLatency() {
        let picker = DeploymentPicker(strategy: .leastLatency)
        let measured = [
            Candidate(id: "a", weight: 1, latency: .milliseconds(300)),
            Candidate(id: "b", weight: 1, latency: .milliseconds(120)),
            Candidate(id: "c", weight: 1, latency: .milliseconds(900)),
        ]
        for random in [0.0, 0.5, 0.99] { #expect(picker.pick(measured, random: random) == 1) }
        let withNew = measured + [Candidate(id: "d", weight: 1)]
        #expect(picker.pick(withNew, random: 0.5) == 3)
    }

    @Test("a session's pinned deployment wins while it is available and untried")
    func pinned() {
        let picker = DeploymentPicker(strategy: .weighted)
        let candidates = [Candidate(id: "a", weight: 100), Candidate(id: "b", weight: 1)]
        #expect(picker.pick(candidates, pinned: "b", random: 0.0) == 1)
        let bDown = [Candidate(id: "a", weight: 100), Candidate(id: "b", weight: 1, isAvailable: false)]
        #expect(picker.pick(bDown, pinned: "b", random: 0.0) == 0)
        #expect(picker.pick(candidates, tried: ["b"], pinned: "b", random: 0.0) == 0)
    }

    @Test("session pins expire after their TTL and the least recently used go first past capacity")
    func affinityTable() {
        let start = ContinuousClock.now
        var table = SessionAffinityTable(ttl: .seconds(10), capacity: 2)
        table.pin("s1", to: "a", at: start)
        table.pin("s2", to: "b", at: start.advanced(by: .seconds(1)))
        #expect(table.deployment(for: "s1", at: start.advanced(by: .seconds(9))) == "a")
        #expect(table.deployment(for: "s1", at: start.advanced(by: .seconds(10))) == nil)
        table.pin("s3", to: "c", at: start.advanced(by: .seconds(2)))
        #expect(table.count == 2)
        #expect(table.deployment(for: "s1", at: start.advanced(by: .seconds(2))) == nil)
        #expect(table.deployment(for: "s2", at: start.advanced(by: .seconds(2))) == "b")
        #expect(table.deployment(for: "s3", at: start.advanced(by: .seconds(2))) == "c")
    }

    @Test("latency average weights recent samples by the smoothing factor")
    func latencyAverage() {
        var average = LatencyAverage(smoothing: 0.5)
        #expect(average.value == nil)
        average.add(.milliseconds(100))
        average.add(.milliseconds(300))
        #expect(average.value == .milliseconds(200))
    }
}
