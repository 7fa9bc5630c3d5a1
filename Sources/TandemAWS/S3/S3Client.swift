public import Logging
public import NIOCore
public import TandemCore

/// A thin Amazon S3 client: GetObject (streamed, ranged), HeadObject, PutObject, DeleteObject, ListObjectsV2 and
/// CreateBucket, over ``AWSServiceClient``.
///
/// Addressing is virtual-hosted on AWS and path-style on custom endpoints by default (``S3AddressingStyle``), so
/// `AWS_ENDPOINT_URL_S3=http://127.0.0.1:9000` is all MinIO or moto need.
///
/// ```swift
/// let s3 = try S3Client()   // AWS_REGION, AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, the standard credentials chain
/// try await s3.putObject(bucket: "docs", key: "notes/a.txt", body: ByteBuffer(string: "hello"), contentType: "text/plain")
/// let object = try await s3.getObject(bucket: "docs", key: "notes/a.txt", range: .bytes(0...1))
/// let firstTwo = try await object.body.collect(upTo: 1024)   // "he"
/// ```
///
/// Errors are ``AWSServiceError`` with S3's code (`NoSuchKey`, `NoSuchBucket`, `AccessDenied`; HeadObject's bodiless
/// 404 is `NotFound`) or ``AWSClientError``.
public struct S3Client: Sendable {
    /// The core client (service ``AWSService/s3``).
    public let client: AWSServiceClient
    /// How buckets are addressed.
    public let addressing: S3AddressingStyle

    /// Wraps a core client.
    ///
    /// - Parameters:
    ///   - client: A client for ``AWSService/s3``.
    ///   - addressing: How buckets are addressed (``S3AddressingStyle/automatic`` by default).
    public init(client: AWSServiceClient, addressing: S3AddressingStyle = .automatic) {
        self.client = client
        self.addressing = addressing
    }

    /// Creates a client configured from the environment, as the AWS SDKs are (see
    /// ``AWSServiceClient/init(service:environment:region:endpoint:credentials:httpClient:retryPolicy:logger:)``).
    ///
    /// - Parameters:
    ///   - environment: The variables to read.
    ///   - region: A region that wins over the environment.
    ///   - endpoint: An endpoint URL that wins over the environment.
    ///   - addressing: How buckets are addressed.
    ///   - logger: Where requests are logged at debug level.
    /// - Throws: ``AWSClientError`` for a missing region or a malformed endpoint.
    public init(
        environment: [String: String] = ProcessEnvironment.current,
        region: String? = nil,
        endpoint: String? = nil,
        addressing: S3AddressingStyle = .automatic,
        logger: Logger? = nil
    ) throws(AWSClientError) {
        let client = try AWSServiceClient(
            service: .s3,
            environment: environment,
            region: region,
            endpoint: endpoint,
            logger: logger
        )
        self.init(client: client, addressing: addressing)
    }

    /// Reads an object, or a byte range of it, as a stream.
    ///
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - key: The key (not encoded).
    ///   - range: A byte range, or `nil` for the whole object.
    ///   - deadline: When the exchange (including reading the body) must be over.
    /// - Returns: The metadata and the body stream (status 206 for a range).
    /// - Throws: ``AWSServiceError`` (`NoSuchKey`, `NoSuchBucket`, `InvalidRange`, ...) or ``AWSClientError``.
    public func getObject(
        bucket: String,
        key: String,
        range: S3ByteRange? = nil,
        deadline: Deadline? = nil
    ) async throws -> S3Object {
        var headers: [(name: String, value: String)] = []
        if let range { headers.append(("range", range.headerValue)) }
        let request = self.request("GetObject", method: "GET", bucket: bucket, key: key, headers: headers)
        let response = try await self.client.send(request, deadline: deadline)
        return S3Object(metadata: S3ObjectMetadata(headers: response.headers), body: response.body, status: response.status)
    }

    /// Reads an object's metadata without its body.
    ///
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - key: The key.
    ///   - deadline: When the exchange must be over.
    /// - Returns: The metadata.
    /// - Throws: ``AWSServiceError`` `NotFound` (404, no body) or `Forbidden`, or ``AWSClientError``.
    public func headObject(bucket: String, key: String, deadline: Deadline? = nil) async throws -> S3ObjectMetadata {
        let request = self.request("HeadObject", method: "HEAD", bucket: bucket, key: key)
        let response = try await self.client.send(request, deadline: deadline)
        return S3ObjectMetadata(headers: response.headers)
    }

    /// Writes an object.
    ///
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - key: The key.
    ///   - body: The object's bytes.
    ///   - contentType: The `Content-Type` to store.
    ///   - metadata: User metadata (`x-amz-meta-*`).
    ///   - deadline: When the exchange must be over.
    /// - Returns: The new object's entity tag (quotes included), if S3 sent one.
    /// - Throws: ``AWSServiceError`` or ``AWSClientError``.
    @discardableResult
    public func putObject(
        bucket: String,
        key: String,
        body: ByteBuffer,
        contentType: String? = nil,
        metadata: [String: String] = [:],
        deadline: Deadline? = nil
    ) async throws -> String? {
        var headers: [(name: String, value: String)] = []
        if let contentType { headers.append(("content-type", contentType)) }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) { headers.append(("x-amz-meta-\(name)", value)) }
        let request = self.request("PutObject", method: "PUT", bucket: bucket, key: key, headers: headers, body: body)
        let (response, _) = try await self.client.sendCollecting(request, deadline: deadline, maxBytes: 64 * 1024)
        return response.header("etag")
    }

    /// Deletes an object (succeeds when it does not exist, as S3 does).
    ///
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - key: The key.
    ///   - deadline: When the exchange must be over.
    /// - Throws: ``AWSServiceError`` or ``AWSClientError``.
    public func deleteObject(bucket: String, key: String, deadline: Deadline? = nil) async throws {
        let request = self.request("DeleteObject", method: "DELETE", bucket: bucket, key: key)
        _ = try await self.client.sendCollecting(request, deadline: deadline, maxBytes: 64 * 1024)
    }

    /// Lists one page of objects.
    ///
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - prefix: Only keys that start with it.
    ///   - delimiter: Groups keys that contain it after the prefix into ``S3ListObjectsPage/commonPrefixes``.
    ///   - continuationToken: The previous page's ``S3ListObjectsPage/nextContinuationToken``.
    ///   - startAfter: Only keys after it.
    ///   - maxKeys: The most keys to return (S3's cap is 1000).
    ///   - deadline: When the exchange must be over.
    /// - Returns: The page.
    /// - Throws: ``AWSServiceError`` (`NoSuchBucket`, ...) or ``AWSClientError``.
    public func listObjectsV2(
        bucket: String,
        prefix: String? = nil,
        delimiter: String? = nil,
        continuationToken: String? = nil,
        startAfter: String? = nil,
        maxKeys: Int? = nil,
        deadline: Deadline? = nil
    ) async throws -> S3ListObjectsPage {
        var query: [(name: String, value: String)] = [("list-type", "2")]
        if let prefix { query.append(("prefix", prefix)) }
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let startAfter { query.append(("start-after", startAfter)) }
        if let maxKeys { query.append(("max-keys", "\(maxKeys)")) }
        let request = self.request("ListObjectsV2", method: "GET", bucket: bucket, key: nil, query: query)
        let (_, body) = try await self.client.sendCollecting(request, deadline: deadline)
        return S3ListObjectsPage(xml: String(buffer: body))
    }

    /// Creates a bucket in the client's region.
    ///
    /// - Parameters:
    ///   - bucket: The bucket name.
    ///   - deadline: When the exchange must be over.
    /// - Throws: ``AWSServiceError`` (`BucketAlreadyOwnedByYou`, `BucketAlreadyExists`, ...) or ``AWSClientError``.
    public func createBucket(_ bucket: String, deadline: Deadline? = nil) async throws {
        var body: ByteBuffer?
        if self.client.region != "us-east-1" {
            body = ByteBuffer(
                string: "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>"
                    + XMLText.escape(self.client.region) + "</LocationConstraint></CreateBucketConfiguration>"
            )
        }
        let request = self.request("CreateBucket", method: "PUT", bucket: bucket, key: nil, body: body)
        _ = try await self.client.sendCollecting(request, deadline: deadline, maxBytes: 64 * 1024)
    }
}
