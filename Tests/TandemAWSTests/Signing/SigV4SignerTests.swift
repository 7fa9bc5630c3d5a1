import Foundation
import NIOCore
import Testing

@testable import TandemAWS

@Suite("SigV4 signer details")
struct SigV4SignerTests {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    static func canonicalURI(_ signature: SigV4Signature) -> Substring {
        signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[1]
    }

    @Test("Bedrock model ids: encoded once on the wire, twice in the canonical URI")
    func bedrockModelID() throws {
        let modelID = "anthropic.claude-3-haiku-20240307-v1:0"
        let path = "/model/\(AWSPercentEncoding.encode(modelID))/converse"
        #expect(path == "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse")
        let request = SigV4Request(method: "POST", host: "bedrock-runtime.us-east-1.amazonaws.com", path: path)
        let signature = SigV4Signer(service: "bedrock", region: "us-east-1")
            .sign(request, credentials: Self.credentials, date: Self.date)
        #expect(Self.canonicalURI(signature) == "/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse")
    }

    @Test("S3: the wire path as it is, raw bytes encoded once, no normalisation")
    func s3Paths() {
        let signer = SigV4Signer(service: "s3", region: "us-west-2")
        for (path, canonical) in [
            ("/photos/my%20photo.jpg", "/photos/my%20photo.jpg"),
            ("/photos/my photo.jpg", "/photos/my%20photo.jpg"),
            ("/a/./b/../c//d", "/a/./b/../c//d"),
            ("/caf\u{e9}", "/caf%C3%A9"),
            ("", "/"),
        ] {
            let request = SigV4Request(
                method: "GET",
                host: "b.s3.us-west-2.amazonaws.com",
                path: path,
                payload: .unsigned
            )
            let signature = signer.sign(request, credentials: Self.credentials, date: Self.date)
            #expect(Self.canonicalURI(signature) == Substring(canonical), "\(path)")
            #expect(signature.headers.contains { $0.name == "x-amz-content-sha256" && $0.value == "UNSIGNED-PAYLOAD" })
        }
    }

    @Test("other services: dot segments and empty segments removed, then encoded again")
    func normalisation() {
        let signer = SigV4Signer(service: "execute-api", region: "us-east-1")
        for (path, canonical) in [
            ("/a/./b/../c//d/", "/a/c/d/"),
            ("/..", "/"),
            ("/a/b/..", "/a"),
            ("//", "/"),
            ("/%2F", "/%252F"),
        ] {
            let request = SigV4Request(method: "GET", host: "h", path: path)
            let signature = signer.sign(request, credentials: Self.credentials, date: Self.date)
            #expect(Self.canonicalURI(signature) == Substring(canonical), "\(path)")
        }
    }

    @Test("query canonicalisation: decode, re-encode with the unreserved set, sort by key then value")
    func query() {
        let request = SigV4Request(
            method: "GET",
            host: "h",
            path: "/",
            query: "b=2&a=z&a=y&c&%7E=%7e&sp=a+b%20c&u=%E2%9C%93"
        )
        let signature = SigV4Signer(service: "service", region: "us-east-1")
            .sign(request, credentials: Self.credentials, date: Self.date)
        let line = signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[2]
        #expect(line == "a=y&a=z&b=2&c=&sp=a%2Bb%20c&u=%E2%9C%93&~=~")
    }

    @Test("headers: lower-cased, trimmed, inner whitespace collapsed, duplicates joined, hop-by-hop skipped")
    func headers() {
        let request = SigV4Request(
            method: "GET",
            host: "h",
            path: "/",
            headers: [
                ("X-B", " two  words\t"), ("x-a", "1"), ("X-A", "2"), ("User-Agent", "x"), ("Connection", "close"),
            ]
        )
        let signature = SigV4Signer(service: "service", region: "us-east-1")
            .sign(request, credentials: Self.credentials, date: Self.date)
        #expect(signature.canonicalRequest.contains("host:h\nx-a:1,2\nx-amz-date:20150830T123600Z\nx-b:two words\n"))
        #expect(signature.signedHeaders == "host;x-a;x-amz-date;x-b")
    }

    @Test("a payload hash header on the request is used as the payload line, as botocore does")
    func providedPayloadHash() {
        let request = SigV4Request(
            method: "PUT",
            host: "b.s3.amazonaws.com",
            path: "/k",
            headers: [("X-Amz-Content-SHA256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")],
            payload: .bytes(Array("ignored".utf8))
        )
        let signature = SigV4Signer(service: "s3", region: "us-east-1")
            .sign(request, credentials: Self.credentials, date: Self.date)
        #expect(signature.canonicalRequest.hasSuffix("\nSTREAMING-UNSIGNED-PAYLOAD-TRAILER"))
        #expect(!signature.headers.contains { $0.name.lowercased() == "x-amz-content-sha256" })
    }

    @Test("bytes, a ByteBuffer and a precomputed hash sign the same")
    func payloadForms() {
        let body = Array(#"{"a":1}"#.utf8)
        let signer = SigV4Signer(service: "dynamodb", region: "us-east-1")
        let forms: [SigV4Payload] = [
            .bytes(body),
            .byteBuffer(ByteBuffer(bytes: body)),
            .precomputedHash("015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862"),
        ]
        let signatures = Set(
            forms.map { payload in
                signer.sign(
                    SigV4Request(method: "POST", host: "h", path: "/", payload: payload),
                    credentials: Self.credentials,
                    date: Self.date
                ).signature
            }
        )
        #expect(signatures.count == 1)
    }

    @Test("session tokens: signed by default, appended after signing when the options say so")
    func sessionTokens() {
        let credentials = AWSCredentials(accessKeyID: "ASIA", secretAccessKey: "s", sessionToken: "tok/en+=")
        let request = SigV4Request(method: "GET", host: "h", path: "/")
        let signed = SigV4Signer(service: "service", region: "us-east-1")
            .sign(request, credentials: credentials, date: Self.date)
        #expect(signed.signedHeaders == "host;x-amz-date;x-amz-security-token")
        #expect(signed.headers.first! == ("X-Amz-Security-Token", "tok/en+="))

        var options = SigV4Signer.Options.standard
        options.signsSessionToken = false
        let unsignedToken = SigV4Signer(service: "service", region: "us-east-1", options: options)
        #expect(
            unsignedToken.sign(request, credentials: credentials, date: Self.date).signedHeaders == "host;x-amz-date"
        )
        let presigned = unsignedToken.presign(request, credentials: credentials, date: Self.date)
        #expect(!presigned.canonicalRequest.contains("Security-Token"))
        #expect(presigned.query.contains("X-Amz-Security-Token=tok%2Fen%2B%3D&X-Amz-Signature="))
    }

    @Test("presigned S3 URL")
    func presignedURL() throws {
        let request = try SigV4Request(
            method: "GET",
            url: "https://examplebucket.s3.amazonaws.com:443/test.txt?versionId=1",
            payload: .unsigned
        )
        let presigned = SigV4Signer(service: "s3", region: "us-east-1")
            .presign(request, credentials: Self.credentials, date: Self.date, expires: 86400)
        #expect(
            presigned.url.hasPrefix(
                "https://examplebucket.s3.amazonaws.com/test.txt?versionId=1&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                    + "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z"
                    + "&X-Amz-SignedHeaders=host&X-Amz-Expires=86400&X-Amz-Signature="
            )
        )
        #expect(presigned.canonicalRequest.hasSuffix("\nhost\nUNSIGNED-PAYLOAD"))
        #expect(presigned.signature.count == 64)
    }

    @Test(
        "URL splitting",
        arguments: [
            ("https://u:p@Example.com:443/a%20b?x=1#frag", "example.com", "/a%20b", "x=1"),
            ("http://localhost:9001/p", "localhost:9001", "/p", ""),
            ("http://h:80", "h", "", ""),
            ("https://h?q", "h", "", "q"),
        ]
    )
    func urlSplitting(url: String, host: String, path: String, query: String) throws {
        let request = try SigV4Request(method: "GET", url: url)
        #expect(request.host == host)
        #expect(request.path == path)
        #expect(request.query == query)
    }

    @Test("not a URL")
    func invalidURL() {
        for url in ["example.com/a", "ftp://h/a", "https:///a"] {
            let error = #expect(throws: SigV4Error.self) { try SigV4Request(method: "GET", url: url) }
            #expect(error?.code == .invalidURL)
        }
    }

    @Test(
        "timestamps",
        arguments: [
            (0, "19700101T000000Z"),
            (951_782_400, "20000229T000000Z"),
            (1_440_938_160, "20150830T123600Z"),
            (4_102_444_799, "20991231T235959Z"),
            (-1, "19691231T235959Z"),
        ]
    )
    func timestamps(seconds: Int64, rendered: String) {
        #expect(String(decoding: SigV4Timestamp(secondsSinceEpoch: seconds).amzDate, as: UTF8.self) == rendered)
    }

    @Test("the signing key cache is keyed by secret and day")
    func keyCache() {
        let signer = SigV4Signer(service: "service", region: "us-east-1")
        let request = SigV4Request(method: "GET", host: "h", path: "/")
        let other = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "another-secret")
        let nextDay = Self.date.addingTimeInterval(86_400)
        let first = signer.sign(request, credentials: Self.credentials, date: Self.date).signature
        #expect(signer.sign(request, credentials: Self.credentials, date: Self.date).signature == first)
        #expect(signer.sign(request, credentials: other, date: Self.date).signature != first)
        // A fresh signer (empty cache) agrees with the cached result; a new day derives a new key.
        let fresh = SigV4Signer(service: "service", region: "us-east-1")
        #expect(fresh.sign(request, credentials: Self.credentials, date: Self.date).signature == first)
        let dayTwo = signer.sign(request, credentials: Self.credentials, date: nextDay)
        #expect(dayTwo.signature == fresh.sign(request, credentials: Self.credentials, date: nextDay).signature)
        #expect(dayTwo.signature != first)
        // More secrets than the cache holds still sign correctly.
        for index in 0..<20 {
            let credentials = AWSCredentials(accessKeyID: "A", secretAccessKey: "secret-\(index)")
            #expect(
                signer.sign(request, credentials: credentials, date: Self.date).signature
                    == SigV4Signer(service: "service", region: "us-east-1").sign(
                        request,
                        credentials: credentials,
                        date: Self.date
                    ).signature
            )
        }
    }
}
