import Foundation
import TandemAWS
import Testing

/// Every case of the aws-c-auth Signature Version 4 suite, in header and in presigned-query mode.
@Suite("SigV4 reference suite (aws-c-auth v4)")
struct SigV4ReferenceSuiteTests {
    @Test("the suite is present and complete")
    func suiteIsPresent() {
        #expect(SigV4ReferenceCase.all().count == 32)
    }

    struct Prepared {
        var request: SigV4Request
        var parsed: SigV4ReferenceCase.ParsedRequest
        var signer: SigV4Signer
        var credentials: AWSCredentials
        var date: Date
        var expires: Int
    }

    func prepare(_ testCase: SigV4ReferenceCase) throws -> Prepared {
        let context = try testCase.context()
        let parsed = try testCase.request()
        let host = parsed.headers.first(where: { $0.name.lowercased() == "host" })?.value ?? ""
        let request = SigV4Request(
            method: parsed.method,
            host: host,
            path: parsed.path,
            query: parsed.query,
            headers: parsed.headers,
            payload: .bytes(Array(parsed.body.utf8))
        )
        let options = SigV4Signer.Options(
            doubleEncodePath: true,
            normalizePath: context.normalize,
            contentHashHeader: context.sign_body ? .always : .never,
            signsSessionToken: !(context.omit_session_token ?? false)
        )
        let signer = SigV4Signer(service: context.service, region: context.region, options: options)
        let credentials = AWSCredentials(
            accessKeyID: context.credentials.access_key_id,
            secretAccessKey: context.credentials.secret_access_key,
            sessionToken: context.credentials.token
        )
        let date = try #require(ISO8601DateFormatter().date(from: context.timestamp))
        return Prepared(
            request: request,
            parsed: parsed,
            signer: signer,
            credentials: credentials,
            date: date,
            expires: context.expiration_in_seconds
        )
    }

    @Test("header mode", arguments: SigV4ReferenceCase.all())
    func headerMode(_ testCase: SigV4ReferenceCase) throws {
        let prepared = try self.prepare(testCase)
        let signature = prepared.signer.sign(prepared.request, credentials: prepared.credentials, date: prepared.date)

        #expect(signature.canonicalRequest == (try testCase.file("header-canonical-request.txt")))
        #expect(signature.stringToSign == (try testCase.file("header-string-to-sign.txt")))
        #expect(signature.signature == (try testCase.file("header-signature.txt")))

        var signed = prepared.parsed.headLines.joined(separator: "\n") + "\n"
        for (name, value) in signature.headers { signed += "\(name):\(value)\n" }
        signed += "\n" + prepared.parsed.body
        #expect(signed == (try testCase.file("header-signed-request.txt")))
    }

    @Test("presigned query mode", arguments: SigV4ReferenceCase.all())
    func queryMode(_ testCase: SigV4ReferenceCase) throws {
        let prepared = try self.prepare(testCase)
        let presigned = prepared.signer.presign(
            prepared.request,
            credentials: prepared.credentials,
            date: prepared.date,
            expires: prepared.expires
        )

        #expect(presigned.canonicalRequest == (try testCase.file("query-canonical-request.txt")))
        #expect(presigned.stringToSign == (try testCase.file("query-string-to-sign.txt")))
        #expect(presigned.signature == (try testCase.file("query-signature.txt")))

        var lines = prepared.parsed.headLines
        lines[0] = "\(prepared.parsed.method) \(presigned.path)?\(presigned.query) \(prepared.parsed.version)"
        let signed = lines.joined(separator: "\n") + "\n\n" + prepared.parsed.body
        #expect(signed == (try testCase.file("query-signed-request.txt")))
    }
}
