#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension APIGatewayV2Request {
    /// The `requestContext` of an HTTP API v2 or Function URL request.
    public struct Context: Codable, Sendable, Hashable {
        /// The AWS account that owns the API or function.
        public var accountId: String
        /// The API id, or the Function URL id.
        public var apiId: String
        /// The mutual-TLS client certificate, when the API requires one.
        public var authentication: Authentication?
        /// What the authorizer established about the caller (JWT, IAM or a Lambda authorizer).
        public var authorizer: Authorizer?
        /// The host the client called, e.g. `abc.execute-api.us-east-1.amazonaws.com` or
        /// `abc.lambda-url.us-west-2.on.aws`.
        public var domainName: String
        /// The first label of ``domainName``.
        public var domainPrefix: String
        /// Method, path, protocol and client of the request.
        public var http: HTTP
        /// The request id API Gateway or Lambda assigned.
        public var requestId: String
        /// The route that matched; Function URLs may omit it.
        public var routeKey: String?
        /// The stage, `"$default"` for Function URLs and default stages.
        public var stage: String?
        /// The request time as text, e.g. `12/Mar/2020:19:03:58 +0000` (use ``timeEpoch`` for arithmetic).
        public var time: String
        /// The request time (`timeEpoch`, milliseconds since 1970 on the wire).
        public var timeEpoch: Date

        enum CodingKeys: String, CodingKey {
            case accountId, apiId, authentication, authorizer, domainName, domainPrefix, http, requestId, routeKey
            case stage, time, timeEpoch
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.accountId = try container.decode(String.self, forKey: .accountId)
            self.apiId = try container.decode(String.self, forKey: .apiId)
            self.authentication = try container.decodeIfPresent(Authentication.self, forKey: .authentication)
            self.authorizer = try container.decodeIfPresent(Authorizer.self, forKey: .authorizer)
            self.domainName = try container.decode(String.self, forKey: .domainName)
            self.domainPrefix = try container.decode(String.self, forKey: .domainPrefix)
            self.http = try container.decode(HTTP.self, forKey: .http)
            self.requestId = try container.decode(String.self, forKey: .requestId)
            self.routeKey = try container.decodeIfPresent(String.self, forKey: .routeKey)
            self.stage = try container.decodeIfPresent(String.self, forKey: .stage)
            self.time = try container.decode(String.self, forKey: .time)
            self.timeEpoch = try container.decodeEpochMilliseconds(forKey: .timeEpoch)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.accountId, forKey: .accountId)
            try container.encode(self.apiId, forKey: .apiId)
            try container.encodeIfPresent(self.authentication, forKey: .authentication)
            try container.encodeIfPresent(self.authorizer, forKey: .authorizer)
            try container.encode(self.domainName, forKey: .domainName)
            try container.encode(self.domainPrefix, forKey: .domainPrefix)
            try container.encode(self.http, forKey: .http)
            try container.encode(self.requestId, forKey: .requestId)
            try container.encodeIfPresent(self.routeKey, forKey: .routeKey)
            try container.encodeIfPresent(self.stage, forKey: .stage)
            try container.encode(self.time, forKey: .time)
            try container.encodeEpochMilliseconds(self.timeEpoch, forKey: .timeEpoch)
        }
    }
}

extension APIGatewayV2Request.Context {
    /// Whether the request came through a Lambda Function URL (its domain is `*.lambda-url.<region>.on.aws`)
    /// rather than an API Gateway HTTP API.
    public var isFunctionURL: Bool {
        self.domainName.contains(".lambda-url.")
    }
}
