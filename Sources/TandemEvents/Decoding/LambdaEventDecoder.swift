public import TandemCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Decodes raw Lambda events into their types, with errors that say which field is wrong.
///
/// A plain `JSONDecoder` reports a truncated or malformed event as "not valid JSON" with no location; this decoder
/// names the path to the problem (`Records[1].dynamodb.NewImage.StringSet.SS`) for syntax errors as well as for
/// missing keys, wrong types and invalid values, without echoing the event's values.
///
/// ```swift
/// let decoder = LambdaEventDecoder()
/// let event = try decoder.decode(SQSEvent.self, from: bytes)
/// ```
public struct LambdaEventDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes an event.
    /// - Parameters:
    ///   - type: The event type, e.g. ``S3Event``.
    ///   - data: The event's JSON bytes.
    /// - Returns: The decoded event.
    /// - Throws: ``TandemError`` with code `invalid_input` whose message names the type, the path of the offending
    ///   field and what is wrong with it; the `DecodingError` is its `underlying` error. A host should answer such
    ///   an event with a `Runtime.UnmarshalError` and keep serving.
    public func decode<Event: Decodable>(_ type: Event.Type, from data: Data) throws(TandemError) -> Event {
        do {
            return try JSONDecoder().decode(Event.self, from: data)
        } catch let error as DecodingError {
            let (path, reason) = Self.explain(error, in: data)
            throw TandemError(
                .invalidInput,
                "cannot decode \(Event.self): \(EventCodingPath.render(path)): \(reason)",
                underlying: error
            )
        } catch {
            throw TandemError(.invalidInput, "cannot decode \(Event.self)", underlying: error)
        }
    }

    /// Decodes an event from bytes in any contiguous or non-contiguous collection.
    /// - Parameters:
    ///   - type: The event type.
    ///   - bytes: The event's JSON bytes.
    /// - Returns: The decoded event.
    /// - Throws: ``TandemError`` with code `invalid_input`, as the `Data` overload does.
    public func decode<Event: Decodable>(
        _ type: Event.Type,
        from bytes: some Sequence<UInt8>
    ) throws(TandemError)
        -> Event
    {
        try self.decode(type, from: Data(bytes))
    }

    /// The path and the reason of a decoding error, locating syntax errors that `JSONDecoder` leaves unplaced.
    static func explain(_ error: DecodingError, in data: Data) -> ([EventCodingPath.Component], String) {
        switch error {
        case .typeMismatch(_, let context):
            return (EventCodingPath.components(of: context.codingPath), context.debugDescription)
        case .valueNotFound(_, let context):
            return (EventCodingPath.components(of: context.codingPath), context.debugDescription)
        case .keyNotFound(let key, let context):
            return (
                EventCodingPath.components(of: context.codingPath),
                "the required member \"\(key.stringValue)\" is missing"
            )
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty, let failure = Self.syntaxError(in: data) {
                return (failure.path, "not valid JSON: \(failure.reason)")
            }
            return (EventCodingPath.components(of: context.codingPath), context.debugDescription)
        @unknown default:
            return ([], "\(error)")
        }
    }

    private static func syntaxError(in data: Data) -> JSONSyntaxLocator.Failure? {
        data.withUnsafeBytes { JSONSyntaxLocator.locate(in: $0.assumingMemoryBound(to: UInt8.self)) }
    }
}
