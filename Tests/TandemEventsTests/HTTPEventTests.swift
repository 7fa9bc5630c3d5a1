import TandemCore
import TandemEvents
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("HTTP events")
struct HTTPEventTests {
    @Test func apiGatewayV2WithIAMAuthorizer() throws {
        let request = try Fixtures.decode(APIGatewayV2Request.self, "apigw-v2-request-iam.json")
        #expect(request.version == "2.0")
        #expect(request.routeKey == "$default")
        #expect(request.rawPath == "/my/path")
        #expect(request.rawQueryString == "parameter1=value1&parameter1=value2&parameter2=value")
        #expect(request.cookies == ["cookie1", "cookie2"])
        #expect(request.header("header1") == "value1")
        #expect(request.header("HEADER2") == "value2")
        #expect(request.queryStringParameters == ["parameter1": "value1,value2", "parameter2": "value"])
        #expect(request.pathParameters == ["proxy": "hello/world"])
        #expect(request.stageVariables?["stageVariable2"] == "value2")
        #expect(request.body == "{\r\n\t\"a\": 1\r\n}")
        #expect(request.isBase64Encoded == false)
        #expect(try request.decodedBody() == Data("{\r\n\t\"a\": 1\r\n}".utf8))

        let context = request.requestContext
        #expect(context.accountId == "123456789012")
        #expect(context.apiId == "api-id")
        #expect(context.domainName == "id.execute-api.us-east-1.amazonaws.com")
        #expect(context.domainPrefix == "id")
        #expect(context.requestId == "id")
        #expect(context.stage == "$default")
        #expect(context.time == "12/Mar/2020:19:03:58+0000")
        #expect(context.timeEpoch == Date(timeIntervalSince1970: 1_583_348_638.390))
        #expect(context.isFunctionURL == false)
        #expect(context.http.method == "GET")
        #expect(context.http.path == "/my/path")
        #expect(context.http.protocol == "HTTP/1.1")
        #expect(context.http.sourceIp == "IP")
        #expect(context.http.userAgent == "agent")

        let iam = try #require(context.authorizer?.iam)
        #expect(context.authorizer?.jwt == nil)
        #expect(iam.accessKey == "ARIA2ZJZYVUEREEIHAKY")
        #expect(iam.accountId == "1234567890")
        #expect(iam.callerId == "AROA7ZJZYVRE7C3DUXHH6:CognitoIdentityCredentials")
        #expect(iam.principalOrgId == "AwsOrgId")
        #expect(iam.userArn == "arn:aws:iam::1234567890:user/Admin")
        #expect(iam.userId == "AROA2ZJZYVRE7Y3TUXHH6")
        #expect(iam.cognitoIdentity?.amr == ["foo"])
        #expect(iam.cognitoIdentity?.identityId == "us-east-1:3f291106-8703-466b-8f2b-3ecee1ca56ce")
        #expect(iam.cognitoIdentity?.identityPoolId == "us-east-1:4f291106-8703-466b-8f2b-3ecee1ca56ce")

        let certificate = try #require(context.authentication?.clientCert)
        #expect(certificate.clientCertPem.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        #expect(certificate.serialNumber == "1")
        #expect(certificate.subjectDN.hasSuffix("CN=My Client"))
        #expect(certificate.issuerDN.hasSuffix("CN=My Private CA"))
        #expect(certificate.validity.notAfter == "Aug  5 00:28:21 2120 GMT")
        #expect(certificate.validity.notBefore == "Aug 29 00:28:21 2020 GMT")
    }

    @Test func apiGatewayV2WithJWTAuthorizer() throws {
        let request = try Fixtures.decode(APIGatewayV2Request.self, "apigw-v2-request-jwt-authorizer.json")
        let jwt = try #require(request.requestContext.authorizer?.jwt)
        #expect(jwt.claims == ["claim1": "value1", "claim2": "value2"])
        #expect(jwt.scopes == ["scope1", "scope2"])
        #expect(request.requestContext.authorizer?.iam == nil)
    }

    @Test func apiGatewayV2WithoutAuthorizer() throws {
        let request = try Fixtures.decode(APIGatewayV2Request.self, "apigw-v2-request-no-authorizer.json")
        #expect(request.requestContext.authorizer == nil)
        #expect(request.cookies == nil)
        #expect(request.queryStringParameters == nil)
        #expect(request.rawQueryString == "")
        #expect(request.body == nil)
        #expect(try request.decodedBody().isEmpty)
        #expect(request.header("X-Forwarded-For") == "1.2.3.4")
        #expect(request.headers.count == 8)
        #expect(request.requestContext.requestId == "LV7fzho-PHcEJPw=")
        #expect(request.requestContext.timeEpoch == Date(timeIntervalSince1970: 1_587_481_701.067))
    }

    @Test func functionURLRequest() throws {
        let request = try Fixtures.decode(APIGatewayV2Request.self, "lambda-urls-request.json")
        #expect(request.routeKey == nil)
        #expect(request.requestContext.routeKey == nil)
        #expect(request.requestContext.stage == nil)
        #expect(request.requestContext.isFunctionURL)
        #expect(request.requestContext.http.method == "POST")
        #expect(request.header("header2") == "value1,value2")
        #expect(request.requestContext.authorizer?.iam?.userArn == "arn:aws:iam::111122223333:user/example-user")
        #expect(request.requestContext.authorizer?.iam?.cognitoIdentity == nil)
        #expect(try request.decodedBody() == Data("Hello from client!".utf8))
    }

    @Test func base64BodyIsDecoded() throws {
        let json = """
            {"version":"2.0","rawPath":"/","rawQueryString":"","headers":{},"isBase64Encoded":true,
             "body":"AAH/","requestContext":{"accountId":"1","apiId":"a","domainName":"a.lambda-url.us-east-1.on.aws",
             "domainPrefix":"a","requestId":"r","time":"t","timeEpoch":0,
             "http":{"method":"PUT","path":"/","protocol":"HTTP/1.1","sourceIp":"1.1.1.1","userAgent":""}}}
            """
        let request = try LambdaEventDecoder().decode(APIGatewayV2Request.self, from: Data(json.utf8))
        #expect(try request.decodedBody() == Data([0x00, 0x01, 0xFF]))

        var broken = request
        broken.body = "not base64!"
        #expect(throws: TandemError.self) { try broken.decodedBody() }
    }

    @Test func lambdaAuthorizerContextKeepsItsJSON() throws {
        let json = """
            {"version":"2.0","rawPath":"/","rawQueryString":"","requestContext":{"accountId":"1","apiId":"a",
             "authorizer":{"lambda":{"tenant":"acme","tier":3,"admin":false}},"domainName":"d","domainPrefix":"d",
             "requestId":"r","time":"t","timeEpoch":1,
             "http":{"method":"GET","path":"/","protocol":"HTTP/1.1","sourceIp":"1.1.1.1","userAgent":""}},
             "isBase64Encoded":false}
            """
        let request = try LambdaEventDecoder().decode(APIGatewayV2Request.self, from: Data(json.utf8))
        let lambda = try #require(request.requestContext.authorizer?.lambda)
        #expect(lambda["tenant"] == "acme")
        #expect(lambda["tier"] == 3)
        #expect(lambda["admin"] == false)
        #expect(request.headers.isEmpty)
    }

    @Test func albRequestSingleValueHeaders() throws {
        let request = try Fixtures.decode(ALBTargetGroupRequest.self, "alb-lambda-target-request-headers-only.json")
        #expect(
            request.requestContext.elb.targetGroupArn
                == "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/lambda-target/abcdefg"
        )
        #expect(request.httpMethod == "GET")
        #expect(request.path == "/")
        #expect(request.queryStringParameters == ["key": "hello"])
        #expect(request.multiValueHeaders == nil)
        #expect(request.headers?["x-myheader"] == "123")
        #expect(request.headerValues("X-Forwarded-Proto") == ["http"])
        #expect(request.headerValues("absent").isEmpty)
        #expect(request.body == "")
        #expect(request.isBase64Encoded == false)
        #expect(try request.decodedBody().isEmpty)
    }

    @Test func albRequestMultiValueHeaders() throws {
        let json = """
            {"requestContext":{"elb":{"targetGroupArn":"arn:tg"}},"httpMethod":"POST","path":"/submit",
             "multiValueQueryStringParameters":{"tag":["a","b"]},
             "multiValueHeaders":{"cookie":["a=1","b=2"],"content-type":["text/plain"]},
             "body":"aGk=","isBase64Encoded":true}
            """
        let request = try LambdaEventDecoder().decode(ALBTargetGroupRequest.self, from: Data(json.utf8))
        #expect(request.headers == nil)
        #expect(request.headerValues("Cookie") == ["a=1", "b=2"])
        #expect(request.multiValueQueryStringParameters?["tag"] == ["a", "b"])
        #expect(try request.decodedBody() == Data("hi".utf8))
    }

    @Test func webSocketConnect() throws {
        let request = try Fixtures.decode(APIGatewayWebSocketRequest.self, "apigw-websocket-request.json")
        let context = request.requestContext
        #expect(context.eventType == .connect)
        #expect(context.routeKey == "$connect")
        #expect(context.connectionId == "TWegAcC4EowCHnA=")
        #expect(context.domainName == "*.execute-api.eu-central-1.amazonaws.com")
        #expect(context.stage == "testStage")
        #expect(context.apiId == "gy415nuibc")
        #expect(context.requestId == "deef4878-7910-11e6-8f14-25afc3e9ae33")
        #expect(context.connectedAt == Date(timeIntervalSince1970: 1_547_230_720.092))
        #expect(context.requestTimeEpoch == Date(timeIntervalSince1970: 0))
        #expect(context.identity?.sourceIp == "192.168.196.186")
        #expect(context.authorizer?["principalId"] == "admin")
        #expect(context.authorizer?["clientId"] == 1)
        #expect(request.multiValueHeaders?["Sec-WebSocket-Version"] == ["13"])
        #expect(request.queryStringParameters == ["name": "me"])
        #expect(request.multiValueQueryStringParameters == ["name": ["me"]])
    }

    @Test func webSocketMessage() throws {
        let request = try Fixtures.decode(APIGatewayWebSocketRequest.self, "apigw-websocket-request-send-message.json")
        #expect(request.requestContext.eventType == .message)
        #expect(request.requestContext.routeKey == "$default")
        #expect(request.requestContext.messageId == "R1knPc2ntjMCFIA=")
        #expect(request.requestContext.messageDirection == "IN")
        #expect(request.requestContext.requestTimeEpoch == Date(timeIntervalSince1970: 1_705_751_700.453))
        #expect(request.headers == nil)
        #expect(try request.decodedBody() == Data("{\r\n\t\"a\": 1\r\n}".utf8))
    }

    @Test func webSocketDisconnect() throws {
        let request = try Fixtures.decode(APIGatewayWebSocketRequest.self, "apigw-websocket-request-disconnect.json")
        #expect(request.requestContext.eventType == .disconnect)
        #expect(request.requestContext.disconnectStatusCode == 1001)
        #expect(request.requestContext.disconnectReason == "")
        #expect(request.requestContext.connectionId == "R1kmxc2VNjMCFIA=")
        #expect(request.body == nil)
        #expect(request.headers?["Host"] == "dl7ptocha9.execute-api.ap-northeast-1.amazonaws.com")
    }
}
