import Foundation
import NIOCore
import Testing

@testable import TandemAWS

@Suite("S3 request construction")
struct S3RequestTests {
    static func client(_ endpoint: String, addressing: S3AddressingStyle = .automatic) throws -> S3Client {
        S3Client(
            client: AWSServiceClient(
                service: .s3,
                region: "us-east-1",
                endpoint: try AWSEndpoint(url: endpoint),
                credentials: StaticCredentialsProvider(AWSCredentials(accessKeyID: "AKID", secretAccessKey: "s"))
            ),
            addressing: addressing
        )
    }

    static func prepare(_ s3: S3Client, _ request: AWSRequest) -> AWSServiceClient.Prepared {
        s3.client.prepare(
            request,
            credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "s"),
            date: Date(timeIntervalSince1970: 1_700_000_000)
        )
    }

    @Test("Automatic: virtual-hosted on AWS, path-style for dotted buckets over HTTPS and on custom endpoints")
    func automatic() throws {
        let aws = try Self.client("https://s3.us-east-1.amazonaws.com")
        let virtual = Self.prepare(aws, aws.request("GetObject", method: "GET", bucket: "my-bucket", key: "a b/c.txt"))
        #expect(virtual.url == "https://my-bucket.s3.us-east-1.amazonaws.com/a%20b/c.txt")
        let lines = virtual.signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "/a%20b/c.txt")
        #expect(lines.contains("host:my-bucket.s3.us-east-1.amazonaws.com"))

        let dotted = Self.prepare(aws, aws.request("GetObject", method: "GET", bucket: "my.bucket", key: "k"))
        #expect(dotted.url == "https://s3.us-east-1.amazonaws.com/my.bucket/k")

        let moto = try Self.client("http://127.0.0.1:5000")
        let path = Self.prepare(moto, moto.request("ListObjectsV2", method: "GET", bucket: "b1", key: nil, query: [("list-type", "2")]))
        #expect(path.url == "http://127.0.0.1:5000/b1?list-type=2")
    }

    @Test("Forced styles; the bucket root has no trailing slash path-style and `/` virtual-hosted")
    func forced() throws {
        let virtual = try Self.client("http://localhost:9000", addressing: .virtualHosted)
        #expect(Self.prepare(virtual, virtual.request("ListObjectsV2", method: "GET", bucket: "b", key: nil)).url == "http://b.localhost:9000/")
        let path = try Self.client("https://s3.us-east-1.amazonaws.com", addressing: .path)
        #expect(
            Self.prepare(path, path.request("HeadObject", method: "HEAD", bucket: "bucket", key: "dir/x+y=z")).url
                == "https://s3.us-east-1.amazonaws.com/bucket/dir/x%2By%3Dz"
        )
    }

    @Test("HTTPS bodies are signed UNSIGNED-PAYLOAD, HTTP bodies by their hash")
    func payloadSigning() throws {
        let aws = try Self.client("https://s3.us-east-1.amazonaws.com")
        #expect(aws.request("PutObject", method: "PUT", bucket: "b", key: "k", body: ByteBuffer(string: "x")).payloadSigning == .unsigned)
        let local = try Self.client("http://127.0.0.1:9000")
        #expect(local.request("PutObject", method: "PUT", bucket: "b", key: "k", body: ByteBuffer(string: "x")).payloadSigning == .signed)
    }

    @Test("DNS-compatible bucket names", arguments: [
        ("abc", true, true), ("my-bucket-1", true, true), ("my.bucket", false, true), ("ab", false, false),
        ("Upper", false, false), ("under_score", false, false), ("-dash", false, false), ("a..b", false, false),
    ])
    func dnsNames(name: String, https: Bool, http: Bool) {
        #expect(S3Client.isDNSCompatible(name, https: true) == https)
        #expect(S3Client.isDNSCompatible(name, https: false) == http)
    }

    @Test("ListObjectsV2 XML: contents, common prefixes, truncation, escaped keys")
    func listParsing() {
        let page = S3ListObjectsPage(xml: """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>docs/</Prefix>\
            <KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated>\
            <Contents><Key>docs/a&amp;b.txt</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>\
            <ETag>&quot;abc&quot;</ETag><Size>12</Size><StorageClass>STANDARD</StorageClass></Contents>\
            <Contents><Key>docs/c.txt</Key><Size>0</Size></Contents>\
            <CommonPrefixes><Prefix>docs/sub/</Prefix></CommonPrefixes>\
            <NextContinuationToken>tok+1=</NextContinuationToken></ListBucketResult>
            """)
        #expect(page.objects.map(\.key) == ["docs/a&b.txt", "docs/c.txt"])
        #expect(page.objects.first?.eTag == "\"abc\"")
        #expect(page.objects.map(\.size) == [12, 0])
        #expect(page.commonPrefixes == ["docs/sub/"])
        #expect(page.isTruncated)
        #expect(page.nextContinuationToken == "tok+1=")
    }
}

@Suite("S3 against moto (signature checking on)", .enabled(if: MotoServer.isAvailable))
struct S3MotoTests {
    static func s3(_ moto: MotoServer) -> S3Client { S3Client(client: moto.client(.s3)) }

    @Test("Put, streamed get, ranged get, head, list with prefix/delimiter/pages, delete")
    func objectLifecycle() async throws {
        let moto = try #require(try await MotoServer.get())
        let s3 = Self.s3(moto)
        let bucket = UniqueName.make("objects")
        try await s3.createBucket(bucket)

        var large = ByteBuffer()
        for index in 0..<40_000 { large.writeString("line \(index)\n") }  // ~400 KB, several chunks
        let size = Int64(large.readableBytes)
        let eTag = try await s3.putObject(
            bucket: bucket,
            key: "docs/big file:1.txt",
            body: large,
            contentType: "text/plain",
            metadata: ["source": "tests"]
        )
        #expect(eTag?.hasPrefix("\"") == true)
        try await s3.putObject(bucket: bucket, key: "docs/sub/x.json", body: ByteBuffer(string: "{}"))
        try await s3.putObject(bucket: bucket, key: "other.txt", body: ByteBuffer(string: "o"))

        let object = try await s3.getObject(bucket: bucket, key: "docs/big file:1.txt")
        #expect(object.status == 200)
        #expect(object.metadata.contentLength == size)
        #expect(object.metadata.contentType == "text/plain")
        #expect(object.metadata.userMetadata["source"] == "tests")
        var chunks = 0
        var received = ByteBuffer()
        for try await var chunk in object.body {
            chunks += 1
            received.writeBuffer(&chunk)
        }
        #expect(received == large)
        #expect(chunks >= 1)

        let ranged = try await s3.getObject(bucket: bucket, key: "docs/big file:1.txt", range: .bytes(5...6))
        #expect(ranged.status == 206)
        #expect(String(buffer: try await ranged.body.collect(upTo: 100)) == "0\n")
        #expect(ranged.metadata.objectSize == size)
        let tail = try await s3.getObject(bucket: bucket, key: "docs/big file:1.txt", range: .suffix(6))
        #expect(String(buffer: try await tail.body.collect(upTo: 100)) == "39999\n")

        let head = try await s3.headObject(bucket: bucket, key: "docs/big file:1.txt")
        #expect(head.contentLength == size)
        #expect(head.eTag == eTag)

        let top = try await s3.listObjectsV2(bucket: bucket, delimiter: "/")
        #expect(top.objects.map(\.key) == ["other.txt"])
        #expect(top.commonPrefixes == ["docs/"])
        let first = try await s3.listObjectsV2(bucket: bucket, prefix: "docs/", maxKeys: 1)
        #expect(first.objects.map(\.key) == ["docs/big file:1.txt"])
        #expect(first.objects.first?.size == size)
        #expect(first.isTruncated)
        let token = try #require(first.nextContinuationToken)
        let second = try await s3.listObjectsV2(bucket: bucket, prefix: "docs/", continuationToken: token, maxKeys: 1)
        #expect(second.objects.map(\.key) == ["docs/sub/x.json"])
        #expect(!second.isTruncated)

        try await s3.deleteObject(bucket: bucket, key: "docs/big file:1.txt")
        let missingHead = await #expect(throws: AWSServiceError.self) {
            try await s3.headObject(bucket: bucket, key: "docs/big file:1.txt")
        }
        #expect(missingHead?.code == "NotFound" && missingHead?.status == 404)
        let missingGet = await #expect(throws: AWSServiceError.self) {
            try await s3.getObject(bucket: bucket, key: "docs/big file:1.txt")
        }
        #expect(missingGet?.code == "NoSuchKey")
        let noBucket = await #expect(throws: AWSServiceError.self) {
            try await s3.listObjectsV2(bucket: UniqueName.make("missing"))
        }
        #expect(noBucket?.code == "NoSuchBucket")
    }

    @Test("Virtual-hosted addressing: the bucket in the host header, signed, against moto")
    func virtualHosted() async throws {
        let moto = try #require(try await MotoServer.get())
        let bucket = UniqueName.make("vhost")
        try await Self.s3(moto).createBucket(bucket)
        // moto reads the bucket from a `bucket.localhost` host; nothing resolves that name here, so the request
        // built for http://localhost:PORT in virtual-hosted style is sent to 127.0.0.1 with its host header.
        let port = try #require(moto.endpoint.port)
        let local = S3Client(
            client: AWSServiceClient(
                service: .s3,
                region: moto.region,
                endpoint: AWSEndpoint(scheme: "http", hostName: "localhost", port: port),
                credentials: StaticCredentialsProvider(moto.credentials)
            ),
            addressing: .virtualHosted
        )
        func send(_ request: AWSRequest) async throws -> (response: AWSResponse, body: ByteBuffer) {
            var request = request
            #expect(request.hostPrefix == "\(bucket).")
            request.headers.append(("host", "\(bucket).localhost:\(port)"))
            request.hostPrefix = nil
            return try await moto.client(.s3).sendCollecting(request)
        }
        let put = local.request("PutObject", method: "PUT", bucket: bucket, key: "v/h.txt", body: ByteBuffer(string: "virtual"))
        #expect(put.path == "/v/h.txt")
        _ = try await send(put)
        let (_, body) = try await send(local.request("GetObject", method: "GET", bucket: bucket, key: "v/h.txt"))
        #expect(String(buffer: body) == "virtual")
        // and the object is where path-style addressing finds it
        let object = try await Self.s3(moto).getObject(bucket: bucket, key: "v/h.txt")
        #expect(String(buffer: try await object.body.collect(upTo: 100)) == "virtual")
    }
}
