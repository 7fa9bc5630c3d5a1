import TandemCore
import TandemEvents
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("API Gateway REST (payload 1.0) events")
struct APIGatewayRequestTests {
    /// A REST API proxy event in the shape of the AWS documentation's example.
    static let restEvent = """
        {"resource":"/orders/{id}","path":"/orders/42","httpMethod":"POST",
         "headers":{"Content-Type":"application/json","Cookie":"b=2"},
         "multiValueHeaders":{"Content-Type":["application/json"],"Cookie":["a=1","b=2"]},
         "queryStringParameters":{"tag":"y"},"multiValueQueryStringParameters":{"tag":["x","y"]},
         "pathParameters":{"id":"42"},"stageVariables":null,
         "requestContext":{"accountId":"123456789012","apiId":"1234567890","resourceId":"abc123",
           "resourcePath":"/orders/{id}","httpMethod":"POST","stage":"prod","requestId":"c6af9ac6-7b61",
           "extendedRequestId":"BQGojGkyoAMFZlw=","path":"/prod/orders/42","protocol":"HTTP/1.1",
           "domainName":"1234567890.execute-api.us-east-1.amazonaws.com","domainPrefix":"1234567890",
           "requestTime":"09/Apr/2015:12:34:56 +0000","requestTimeEpoch":1428582896000,
           "identity":{"sourceIp":"203.0.113.7","userAgent":"curl/8","apiKey":null,"cognitoIdentityId":null},
           "authorizer":{"principalId":"user-1","claims":{"sub":"abc","email_verified":"true"},"integrationLatency":12}},
         "body":"eyJxdHkiOjJ9","isBase64Encoded":true}
        """

    @Test func decodesARESTProxyEvent() throws {
        let data = Data(Self.restEvent.utf8)
        #expect(LambdaEventKind(detecting: data) == .apiGatewayV1)
        let request = try LambdaEventDecoder().decode(APIGatewayRequest.self, from: data)
        #expect(request.version == nil)
        #expect(request.resource == "/orders/{id}")
        #expect(request.path == "/orders/42")
        #expect(request.httpMethod == "POST")
        #expect(request.headerValues("cookie") == ["a=1", "b=2"])
        #expect(request.multiValueQueryStringParameters?["tag"] == ["x", "y"])
        #expect(request.pathParameters == ["id": "42"])
        #expect(request.stageVariables == nil)
        #expect(try request.decodedBody() == Data(#"{"qty":2}"#.utf8))
        let context = request.requestContext
        #expect(context.stage == "prod")
        #expect(context.resourcePath == "/orders/{id}")
        #expect(context.protocol == "HTTP/1.1")
        #expect(context.requestTimeEpoch?.milliseconds == 1_428_582_896_000)
        #expect(context.identity?.sourceIp == "203.0.113.7")
        #expect(context.identity?.apiKey == nil)
        #expect(context.authorizer?["principalId"] == "user-1")
        #expect(context.authorizer?["claims"]?["sub"] == "abc")

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try JSONDecoder().decode(APIGatewayRequest.self, from: encoder.encode(request)) == request)
    }

    @Test func responseRoundTrips() throws {
        let response = APIGatewayResponse(
            statusCode: 302,
            headers: ["Location": "/next"],
            multiValueHeaders: ["Set-Cookie": ["a=1", "b=2"]]
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(response), as: UTF8.self)
        #expect(
            json
                == #"{"headers":{"Location":"/next"},"multiValueHeaders":{"Set-Cookie":["a=1","b=2"]},"statusCode":302}"#
        )
        #expect(try JSONDecoder().decode(APIGatewayResponse.self, from: Data(json.utf8)) == response)
    }
}
