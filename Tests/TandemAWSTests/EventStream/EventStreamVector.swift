import Foundation
import TandemAWS
import Testing

/// One entry of `shared/reference/eventstream/vectors.json`.
struct EventStreamVector: CustomTestStringConvertible, Sendable {
    struct Header: Sendable {
        var type: String
        var value: JSONScalar?
        var hex: String?
    }

    enum JSONScalar: Sendable, Equatable {
        case bool(Bool)
        case int(Int64)
        case string(String)
    }

    var name: String
    var succeeds: Bool
    var encoded: [UInt8]
    var headers: [String: Header]
    var payload: [UInt8]

    var testDescription: String { self.name }

    static let url = TestPaths.reference.appendingPathComponent("eventstream/vectors.json")

    static func all() -> [EventStreamVector] {
        guard let data = try? Data(contentsOf: Self.url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let vectors = root["vectors"] as? [String: Any]
        else { return [] }
        return vectors.keys.sorted().compactMap { name in
            guard let entry = vectors[name] as? [String: Any] else { return nil }
            var headers: [String: Header] = [:]
            for (headerName, raw) in (entry["headers"] as? [String: Any]) ?? [:] {
                guard let raw = raw as? [String: Any], let type = raw["type"] as? String else { continue }
                var value: JSONScalar? = nil
                switch raw["value"] {
                case let number as NSNumber where type == "bool": value = .bool(number.boolValue)
                case let number as NSNumber: value = .int(number.int64Value)
                case let text as String: value = .string(text)
                default: value = nil
                }
                headers[headerName] = Header(type: type, value: value, hex: raw["hex"] as? String)
            }
            return EventStreamVector(
                name: name,
                succeeds: (entry["expectation"] as? String) == "success",
                encoded: Hex.decode(entry["encoded"] as? String ?? ""),
                headers: headers,
                payload: Hex.decode(entry["payload_hex"] as? String ?? "")
            )
        }
    }

    /// The header as the vector describes it, built with TandemAWS's types.
    func expectedValue(_ header: Header) -> EventStreamHeaderValue? {
        switch (header.type, header.value) {
        case ("bool", .bool(let flag)): return .bool(flag)
        case ("int8", .int(let number)): return .byte(Int8(number))
        case ("int16", .int(let number)): return .int16(Int16(number))
        case ("int32", .int(let number)): return .int32(Int32(number))
        case ("int64", .int(let number)): return .int64(number)
        case ("timestamp_ms", .int(let number)): return .timestamp(milliseconds: number)
        case ("string", .string(let text)): return .string(text)
        case ("uuid", .string(let text)): return UUID(uuidString: text).map { .uuid($0) }
        case ("bytes", _): return header.hex.map { .byteArray(Hex.decode($0)) }
        default: return nil
        }
    }
}
