#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import TandemApp
public import TandemCore
public import TandemLLM

extension RouterConfiguration {
    /// The router's configuration from the `router:` section of `tandem.yaml`.
    ///
    /// - Throws: ``ConfigurationError`` naming the field under `router.` (a missing field, a wrong type, or what
    ///   the router's own validation refuses).
    public init(section: JSONValue, source: String) throws {
        guard section != .null else {
            self.init()
            return
        }
        do {
            let data = try JSONEncoder().encode(section)
            self = try JSONDecoder().decode(RouterConfiguration.self, from: data)
            try self.validate(at: "router.")
        } catch let error as DecodingError {
            throw ConfigurationError(field: Self.path(of: error), problem: Self.problem(of: error), source: source)
        } catch let error as TandemError {
            let parts = error.message.split(separator: ":", maxSplits: 1)
            throw ConfigurationError(
                field: parts.count == 2 ? String(parts[0]) : "router",
                problem: parts.count == 2 ? String(parts[1].dropFirst()) : error.message,
                source: source
            )
        }
    }

    private static func path(of error: DecodingError) -> String {
        let context: DecodingError.Context
        var missing: String?
        switch error {
        case .keyNotFound(let key, let keyContext):
            context = keyContext
            missing = key.stringValue
        case .typeMismatch(_, let typeContext): context = typeContext
        case .valueNotFound(_, let valueContext): context = valueContext
        case .dataCorrupted(let corruptContext): context = corruptContext
        @unknown default: return "router"
        }
        var path = "router"
        for key in context.codingPath + (missing.map { [AnyKey($0)] } ?? []) {
            if let index = key.intValue { path += "[\(index)]" } else { path += ".\(key.stringValue)" }
        }
        return path
    }

    private static func problem(of error: DecodingError) -> String {
        switch error {
        case .keyNotFound: "is required"
        case .typeMismatch(let type, _): "expected \(Self.describe(type))"
        case .valueNotFound(let type, _): "expected \(Self.describe(type)), found null"
        case .dataCorrupted(let context): context.debugDescription
        @unknown default: "is invalid"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)".hasPrefix("Array") ? "a list" : "\(type)".hasPrefix("Dictionary") ? "a mapping" : "a mapping"
        }
    }
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ value: String) { self.stringValue = value }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
