import Foundation

/// Names unique within the shared moto server, so tests running in parallel never share a bucket, queue or table.
enum UniqueName {
    static func make(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.lowercased().prefix(12))"
    }
}
