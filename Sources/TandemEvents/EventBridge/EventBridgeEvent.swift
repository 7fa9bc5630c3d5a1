public import TandemCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An EventBridge (CloudWatch Events) event with a typed `detail`.
///
/// Use your own `Codable` type for ``detail`` when you know the event's schema, or ``EventBridgeJSONEvent``
/// (detail as ``JSONValue``) when one handler takes many kinds and switches on ``detailType`` and ``source``.
///
/// ```swift
/// struct OrderPlaced: Codable, Sendable { var orderId: String }
/// let event = try JSONDecoder().decode(EventBridgeEvent<OrderPlaced>.self, from: bytes)
/// ```
public struct EventBridgeEvent<Detail: Codable & Sendable>: Codable, Sendable {
    /// The envelope version, `"0"`.
    public var version: String
    /// The event id.
    public var id: String
    /// What kind of event this is (`detail-type`), e.g. `"Object Created"` or `"Scheduled Event"`.
    public var detailType: String
    /// Who emitted it, e.g. `"aws.s3"` or your own `"com.example.orders"`.
    public var source: String
    /// The account the event came from.
    public var account: String
    /// When the event happened (`time`, ISO-8601 on the wire).
    public var time: Date
    /// The region the event came from.
    public var region: String
    /// The ARNs of the resources involved; often empty.
    public var resources: [String]
    /// The event's payload.
    public var detail: Detail
    /// The archive replay's name, when this event is a replay.
    public var replayName: String?

    /// Creates an event, for publishing or for tests.
    /// - Parameters:
    ///   - version: The envelope version.
    ///   - id: The event id.
    ///   - detailType: The kind of event.
    ///   - source: Who emitted it.
    ///   - account: The account.
    ///   - time: When it happened.
    ///   - region: The region.
    ///   - resources: The ARNs of the resources involved.
    ///   - detail: The payload.
    public init(
        version: String = "0",
        id: String,
        detailType: String,
        source: String,
        account: String,
        time: Date,
        region: String,
        resources: [String] = [],
        detail: Detail
    ) {
        self.version = version
        self.id = id
        self.detailType = detailType
        self.source = source
        self.account = account
        self.time = time
        self.region = region
        self.resources = resources
        self.detail = detail
        self.replayName = nil
    }

    enum CodingKeys: String, CodingKey {
        case version, id, source, account, time, region, resources, detail
        case detailType = "detail-type"
        case replayName = "replay-name"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.version = try container.decode(String.self, forKey: .version)
        self.id = try container.decode(String.self, forKey: .id)
        self.detailType = try container.decode(String.self, forKey: .detailType)
        self.source = try container.decode(String.self, forKey: .source)
        self.account = try container.decode(String.self, forKey: .account)
        self.time = try container.decodeISO8601(forKey: .time)
        self.region = try container.decode(String.self, forKey: .region)
        self.resources = try container.decodeIfPresent([String].self, forKey: .resources) ?? []
        self.detail = try container.decode(Detail.self, forKey: .detail)
        self.replayName = try container.decodeIfPresent(String.self, forKey: .replayName)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.version, forKey: .version)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.detailType, forKey: .detailType)
        try container.encode(self.source, forKey: .source)
        try container.encode(self.account, forKey: .account)
        try container.encodeISO8601(self.time, forKey: .time)
        try container.encode(self.region, forKey: .region)
        try container.encode(self.resources, forKey: .resources)
        try container.encode(self.detail, forKey: .detail)
        try container.encodeIfPresent(self.replayName, forKey: .replayName)
    }
}

extension EventBridgeEvent: Equatable where Detail: Equatable {}
extension EventBridgeEvent: Hashable where Detail: Hashable {}

/// An EventBridge event whose `detail` is any JSON.
public typealias EventBridgeJSONEvent = EventBridgeEvent<JSONValue>
