extension SigV4Signer {
    /// How a service wants its requests canonicalised.
    ///
    /// Start from ``standard`` (every service but S3) or ``s3`` and change single fields when a service needs it.
    public struct Options: Sendable, Hashable {
        /// When to send (and sign) an `x-amz-content-sha256` header carrying the payload hash.
        public struct ContentHashHeader: Sendable, Hashable {
            private enum Base: Hashable, Sendable {
                case never, always, whenUnsigned
            }

            private let base: Base

            /// Never add it.
            public static let never = ContentHashHeader(base: .never)
            /// Always add it (S3 requires it).
            public static let always = ContentHashHeader(base: .always)
            /// Add it only when the payload is unsigned, as botocore does for services other than S3.
            public static let whenUnsigned = ContentHashHeader(base: .whenUnsigned)

            func isAdded(unsigned: Bool) -> Bool {
                switch self.base {
                case .never: false
                case .always: true
                case .whenUnsigned: unsigned
                }
            }
        }

        /// Percent-encode the wire path again for the canonical URI (`%3A` becomes `%253A`).
        public var doubleEncodePath: Bool
        /// Remove `.` and `..` segments and collapse `//` in the canonical URI.
        public var normalizePath: Bool
        /// When to add `x-amz-content-sha256`.
        public var contentHashHeader: ContentHashHeader
        /// Include the session token in the signature (true for almost every service). When false the token is
        /// still sent, but added after signing.
        public var signsSessionToken: Bool

        /// Creates options.
        ///
        /// - Parameters:
        ///   - doubleEncodePath: Encode the wire path again for the canonical URI.
        ///   - normalizePath: Remove dot segments and empty segments.
        ///   - contentHashHeader: When to add `x-amz-content-sha256`.
        ///   - signsSessionToken: Whether the session token is signed.
        public init(
            doubleEncodePath: Bool,
            normalizePath: Bool,
            contentHashHeader: ContentHashHeader,
            signsSessionToken: Bool = true
        ) {
            self.doubleEncodePath = doubleEncodePath
            self.normalizePath = normalizePath
            self.contentHashHeader = contentHashHeader
            self.signsSessionToken = signsSessionToken
        }

        /// Every service except S3: double-encode, normalise, `x-amz-content-sha256` only for unsigned payloads.
        public static let standard = Options(
            doubleEncodePath: true,
            normalizePath: true,
            contentHashHeader: .whenUnsigned
        )

        /// S3: the wire path is used as it is (encoded once, never normalised) and `x-amz-content-sha256` is always
        /// sent.
        public static let s3 = Options(doubleEncodePath: false, normalizePath: false, contentHashHeader: .always)

        /// The options a signing name needs: ``s3`` for `s3`, `s3-outposts` and `s3express`, else ``standard``.
        ///
        /// - Parameter service: The signing name, e.g. `bedrock`.
        /// - Returns: The options.
        public static func defaults(forService service: String) -> Options {
            switch service {
            case "s3", "s3-outposts", "s3express": .s3
            default: .standard
            }
        }
    }
}
