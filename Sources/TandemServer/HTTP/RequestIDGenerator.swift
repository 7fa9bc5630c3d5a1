import Synchronization

/// Request ids for the server host: a per-process random prefix and a counter (cheap, unique, sortable).
enum RequestIDGenerator {
    private static let prefix: String = {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next() as UInt64, radix: 36)
    }()
    private static let counter = Atomic<UInt64>(0)

    static func next() -> String {
        let value = self.counter.wrappingAdd(1, ordering: .relaxed).newValue
        return "\(self.prefix)-\(value)"
    }
}
