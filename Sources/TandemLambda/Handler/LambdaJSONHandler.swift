#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import NIOCore

/// A handler of typed JSON events with a typed JSON result.
///
/// A malformed event is reported as `Runtime.UnmarshalError` and an unencodable result as `Runtime.MarshalError`,
/// as AWS's own runtimes do; errors the handler throws become `Function.<ErrorType>`.
public protocol LambdaJSONHandler: LambdaHandler {
    /// The event type.
    associatedtype Event: Decodable
    /// The result type.
    associatedtype Output: Encodable

    /// Handles one decoded event.
    func handle(_ event: Event, context: LambdaContext) async throws -> Output
}

extension LambdaJSONHandler {
    public func handle(_ event: ByteBuffer, responseWriter: some LambdaResponseStreamWriter, context: LambdaContext)
        async throws
    {
        let decoded: Event
        do {
            decoded = try JSONDecoder().decode(Event.self, from: Data(event.readableBytesView))
        } catch {
            throw LambdaSerializationError(kind: .unmarshal, underlying: error)
        }
        let output = try await self.handle(decoded, context: context)
        let bytes: Data
        do {
            bytes = try JSONEncoder().encode(output)
        } catch {
            throw LambdaSerializationError(kind: .marshal, underlying: error)
        }
        try await responseWriter.writeAndFinish(ByteBuffer(bytes: bytes), contentType: "application/json")
    }
}

/// An event that could not be decoded or a result that could not be encoded.
public struct LambdaSerializationError: Error, LambdaErrorTypeProviding, CustomStringConvertible {
    /// Which direction failed.
    public enum Kind: Sendable {
        /// The event did not decode (`Runtime.UnmarshalError`).
        case unmarshal
        /// The result did not encode (`Runtime.MarshalError`).
        case marshal
    }

    /// Which direction failed.
    public var kind: Kind
    /// The decoder's or encoder's error, which names the field.
    public var underlying: any Error

    /// Creates the error.
    public init(kind: Kind, underlying: any Error) {
        self.kind = kind
        self.underlying = underlying
    }

    public var lambdaErrorType: String {
        switch self.kind {
        case .unmarshal: "Runtime.UnmarshalError"
        case .marshal: "Runtime.MarshalError"
        }
    }

    public var description: String {
        switch self.kind {
        case .unmarshal: "Unable to unmarshal input: \(self.underlying)"
        case .marshal: "Unable to marshal response: \(self.underlying)"
        }
    }
}
