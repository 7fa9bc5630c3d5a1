public import TandemCore

extension APIGatewayV2Request {
    /// The `requestContext.authorizer` block: what the authorizer established. Exactly one member is usually set.
    public struct Authorizer: Codable, Sendable, Hashable {
        /// Set by a JWT authorizer.
        public var jwt: JWT?
        /// Set by IAM authorization (SigV4), including Function URLs with `AWS_IAM` auth.
        public var iam: IAM?
        /// The context a Lambda authorizer returned, as it returned it.
        public var lambda: [String: JSONValue]?

        /// The claims and scopes of a validated JWT.
        public struct JWT: Codable, Sendable, Hashable {
            /// The token's claims; API Gateway passes every claim as a string.
            public var claims: [String: String]
            /// The token's scopes, if it had any.
            public var scopes: [String]?
        }

        /// The IAM identity that signed the request.
        public struct IAM: Codable, Sendable, Hashable {
            /// The access key id the request was signed with.
            public var accessKey: String?
            /// The caller's AWS account.
            public var accountId: String?
            /// The caller's principal id, e.g. `AIDA...` or `AROA...:session`.
            public var callerId: String?
            /// The Cognito identity, when credentials came from a Cognito identity pool.
            public var cognitoIdentity: CognitoIdentity?
            /// The caller's AWS Organizations id.
            public var principalOrgId: String?
            /// The caller's ARN.
            public var userArn: String?
            /// The caller's user id.
            public var userId: String?
        }

        /// A Cognito identity behind IAM credentials.
        public struct CognitoIdentity: Codable, Sendable, Hashable {
            /// The authentication methods references.
            public var amr: [String]
            /// The identity id.
            public var identityId: String
            /// The identity pool id.
            public var identityPoolId: String
        }
    }
}
