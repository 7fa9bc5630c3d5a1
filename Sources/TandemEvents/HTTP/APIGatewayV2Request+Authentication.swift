extension APIGatewayV2Request {
    /// The `requestContext.authentication` block of a mutual-TLS request.
    public struct Authentication: Codable, Sendable, Hashable {
        /// The client's certificate.
        public var clientCert: ClientCertificate?

        /// A client certificate presented during mutual TLS.
        public struct ClientCertificate: Codable, Sendable, Hashable {
            /// The certificate, PEM-encoded.
            public var clientCertPem: String
            /// The issuer's distinguished name.
            public var issuerDN: String
            /// The serial number.
            public var serialNumber: String
            /// The subject's distinguished name.
            public var subjectDN: String
            /// When the certificate is valid.
            public var validity: Validity
        }

        /// A certificate's validity period, as OpenSSL prints it (e.g. `Aug 29 00:28:21 2020 GMT`).
        public struct Validity: Codable, Sendable, Hashable {
            /// The end of the validity period.
            public var notAfter: String
            /// The start of the validity period.
            public var notBefore: String
        }
    }
}
