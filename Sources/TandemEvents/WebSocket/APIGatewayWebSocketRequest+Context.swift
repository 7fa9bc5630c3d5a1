public import TandemCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension APIGatewayWebSocketRequest {
    /// The `requestContext` of a WebSocket event.
    public struct Context: Codable, Sendable, Hashable {
        /// The route that matched: `$connect`, `$disconnect`, `$default` or a custom route key.
        public var routeKey: String
        /// What happened: `CONNECT`, `MESSAGE` or `DISCONNECT`.
        public var eventType: EventType
        /// The connection's id; post to it through the API Gateway Management API.
        public var connectionId: String
        /// The API's host, e.g. `abc.execute-api.us-east-1.amazonaws.com`.
        public var domainName: String
        /// The stage, e.g. `prod`.
        public var stage: String
        /// The API id.
        public var apiId: String
        /// The request id.
        public var requestId: String
        /// The extended request id.
        public var extendedRequestId: String?
        /// `IN` for client-to-server events.
        public var messageDirection: String?
        /// The message id (`MESSAGE` only).
        public var messageId: String?
        /// When the client connected (`connectedAt`, milliseconds since 1970 on the wire).
        public var connectedAt: Date
        /// The request time as text, e.g. `20/Jan/2024:11:55:00 +0000`.
        public var requestTime: String
        /// The request time (`requestTimeEpoch`, milliseconds since 1970 on the wire).
        public var requestTimeEpoch: Date
        /// The close code (`DISCONNECT` only), e.g. 1001 when the client went away.
        public var disconnectStatusCode: Int?
        /// The close reason (`DISCONNECT` only).
        public var disconnectReason: String?
        /// The caller as API Gateway saw it.
        public var identity: Identity?
        /// The context a Lambda authorizer returned on `$connect`, as it returned it.
        public var authorizer: [String: JSONValue]?

        /// The kind of a WebSocket event; unknown kinds decode as themselves.
        public struct EventType: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
            public var rawValue: String

            public init(rawValue: String) { self.rawValue = rawValue }

            public var description: String { self.rawValue }

            /// A client opened a connection (route `$connect`).
            public static let connect = EventType(rawValue: "CONNECT")
            /// A client sent a message.
            public static let message = EventType(rawValue: "MESSAGE")
            /// A connection closed (route `$disconnect`).
            public static let disconnect = EventType(rawValue: "DISCONNECT")
        }

        /// The `requestContext.identity` block.
        public struct Identity: Codable, Sendable, Hashable {
            /// The client's IP address.
            public var sourceIp: String?
            /// The client's `User-Agent`.
            public var userAgent: String?
        }

        enum CodingKeys: String, CodingKey {
            case routeKey, eventType, connectionId, domainName, stage, apiId, requestId, extendedRequestId
            case messageDirection, messageId, connectedAt, requestTime, requestTimeEpoch, disconnectStatusCode
            case disconnectReason, identity, authorizer
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.routeKey = try container.decode(String.self, forKey: .routeKey)
            self.eventType = try container.decode(EventType.self, forKey: .eventType)
            self.connectionId = try container.decode(String.self, forKey: .connectionId)
            self.domainName = try container.decode(String.self, forKey: .domainName)
            self.stage = try container.decode(String.self, forKey: .stage)
            self.apiId = try container.decode(String.self, forKey: .apiId)
            self.requestId = try container.decode(String.self, forKey: .requestId)
            self.extendedRequestId = try container.decodeIfPresent(String.self, forKey: .extendedRequestId)
            self.messageDirection = try container.decodeIfPresent(String.self, forKey: .messageDirection)
            self.messageId = try container.decodeIfPresent(String.self, forKey: .messageId)
            self.connectedAt = try container.decodeEpochMilliseconds(forKey: .connectedAt)
            self.requestTime = try container.decode(String.self, forKey: .requestTime)
            self.requestTimeEpoch = try container.decodeEpochMilliseconds(forKey: .requestTimeEpoch)
            self.disconnectStatusCode = try container.decodeIfPresent(Int.self, forKey: .disconnectStatusCode)
            self.disconnectReason = try container.decodeIfPresent(String.self, forKey: .disconnectReason)
            self.identity = try container.decodeIfPresent(Identity.self, forKey: .identity)
            self.authorizer = try container.decodeIfPresent([String: JSONValue].self, forKey: .authorizer)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.routeKey, forKey: .routeKey)
            try container.encode(self.eventType, forKey: .eventType)
            try container.encode(self.connectionId, forKey: .connectionId)
            try container.encode(self.domainName, forKey: .domainName)
            try container.encode(self.stage, forKey: .stage)
            try container.encode(self.apiId, forKey: .apiId)
            try container.encode(self.requestId, forKey: .requestId)
            try container.encodeIfPresent(self.extendedRequestId, forKey: .extendedRequestId)
            try container.encodeIfPresent(self.messageDirection, forKey: .messageDirection)
            try container.encodeIfPresent(self.messageId, forKey: .messageId)
            try container.encodeEpochMilliseconds(self.connectedAt, forKey: .connectedAt)
            try container.encode(self.requestTime, forKey: .requestTime)
            try container.encodeEpochMilliseconds(self.requestTimeEpoch, forKey: .requestTimeEpoch)
            try container.encodeIfPresent(self.disconnectStatusCode, forKey: .disconnectStatusCode)
            try container.encodeIfPresent(self.disconnectReason, forKey: .disconnectReason)
            try container.encodeIfPresent(self.identity, forKey: .identity)
            try container.encodeIfPresent(self.authorizer, forKey: .authorizer)
        }
    }
}
