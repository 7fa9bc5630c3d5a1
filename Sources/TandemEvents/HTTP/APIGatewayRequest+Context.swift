public import TandemCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension APIGatewayRequest {
    /// The `requestContext` of a REST API (or payload 1.0) request.
    public struct Context: Codable, Sendable, Hashable {
        /// The AWS account that owns the API.
        public var accountId: String
        /// The API id.
        public var apiId: String
        /// The id of the resource that matched.
        public var resourceId: String?
        /// The resource path template that matched.
        public var resourcePath: String?
        /// The method.
        public var httpMethod: String
        /// The stage, e.g. `prod`.
        public var stage: String
        /// The request id.
        public var requestId: String
        /// The extended request id.
        public var extendedRequestId: String?
        /// The full request path including the stage.
        public var path: String?
        /// The protocol, e.g. `HTTP/1.1`.
        public var `protocol`: String?
        /// The host the client called.
        public var domainName: String?
        /// The first label of ``domainName``.
        public var domainPrefix: String?
        /// The request time as text, e.g. `09/Apr/2015:12:34:56 +0000`.
        public var requestTime: String?
        /// The request time (`requestTimeEpoch`, milliseconds since 1970 on the wire).
        public var requestTimeEpoch: Date?
        /// The caller as API Gateway saw it.
        public var identity: Identity?
        /// What the authorizer returned (`principalId`, Cognito `claims`, a Lambda authorizer's context), as it
        /// returned it.
        public var authorizer: [String: JSONValue]?

        /// The `requestContext.identity` block.
        public struct Identity: Codable, Sendable, Hashable {
            /// The client's IP address.
            public var sourceIp: String?
            /// The client's `User-Agent`.
            public var userAgent: String?
            /// The API key, for usage plans.
            public var apiKey: String?
            /// The API key's id.
            public var apiKeyId: String?
            /// The IAM access key, for IAM-authorized requests.
            public var accessKey: String?
            /// The IAM caller's account.
            public var accountId: String?
            /// The IAM caller's principal id.
            public var caller: String?
            /// The IAM user.
            public var user: String?
            /// The IAM caller's ARN.
            public var userArn: String?
            /// The caller's AWS Organizations id.
            public var principalOrgId: String?
            /// The Cognito identity id.
            public var cognitoIdentityId: String?
            /// The Cognito identity pool id.
            public var cognitoIdentityPoolId: String?
            /// `authenticated` or `unauthenticated` for Cognito identities.
            public var cognitoAuthenticationType: String?
            /// The Cognito authentication provider.
            public var cognitoAuthenticationProvider: String?
            /// The mutual-TLS client certificate.
            public var clientCert: APIGatewayV2Request.Authentication.ClientCertificate?
        }

        enum CodingKeys: String, CodingKey {
            case accountId, apiId, resourceId, resourcePath, httpMethod, stage, requestId, extendedRequestId, path
            case `protocol`, domainName, domainPrefix, requestTime, requestTimeEpoch, identity, authorizer
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.accountId = try container.decode(String.self, forKey: .accountId)
            self.apiId = try container.decode(String.self, forKey: .apiId)
            self.resourceId = try container.decodeIfPresent(String.self, forKey: .resourceId)
            self.resourcePath = try container.decodeIfPresent(String.self, forKey: .resourcePath)
            self.httpMethod = try container.decode(String.self, forKey: .httpMethod)
            self.stage = try container.decode(String.self, forKey: .stage)
            self.requestId = try container.decode(String.self, forKey: .requestId)
            self.extendedRequestId = try container.decodeIfPresent(String.self, forKey: .extendedRequestId)
            self.path = try container.decodeIfPresent(String.self, forKey: .path)
            self.protocol = try container.decodeIfPresent(String.self, forKey: .protocol)
            self.domainName = try container.decodeIfPresent(String.self, forKey: .domainName)
            self.domainPrefix = try container.decodeIfPresent(String.self, forKey: .domainPrefix)
            self.requestTime = try container.decodeIfPresent(String.self, forKey: .requestTime)
            if try container.isAbsentOrNull(.requestTimeEpoch) {
                self.requestTimeEpoch = nil
            } else {
                self.requestTimeEpoch = try container.decodeEpochMilliseconds(forKey: .requestTimeEpoch)
            }
            self.identity = try container.decodeIfPresent(Identity.self, forKey: .identity)
            self.authorizer = try container.decodeIfPresent([String: JSONValue].self, forKey: .authorizer)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.accountId, forKey: .accountId)
            try container.encode(self.apiId, forKey: .apiId)
            try container.encodeIfPresent(self.resourceId, forKey: .resourceId)
            try container.encodeIfPresent(self.resourcePath, forKey: .resourcePath)
            try container.encode(self.httpMethod, forKey: .httpMethod)
            try container.encode(self.stage, forKey: .stage)
            try container.encode(self.requestId, forKey: .requestId)
            try container.encodeIfPresent(self.extendedRequestId, forKey: .extendedRequestId)
            try container.encodeIfPresent(self.path, forKey: .path)
            try container.encodeIfPresent(self.protocol, forKey: .protocol)
            try container.encodeIfPresent(self.domainName, forKey: .domainName)
            try container.encodeIfPresent(self.domainPrefix, forKey: .domainPrefix)
            try container.encodeIfPresent(self.requestTime, forKey: .requestTime)
            if let requestTimeEpoch {
                try container.encodeEpochMilliseconds(requestTimeEpoch, forKey: .requestTimeEpoch)
            }
            try container.encodeIfPresent(self.identity, forKey: .identity)
            try container.encodeIfPresent(self.authorizer, forKey: .authorizer)
        }
    }
}
