import NIOHTTP1
import TandemCore
import TandemLambda
import Testing

@Suite("RuntimeAPIEndpoint")
struct RuntimeAPIEndpointTests {
    @Test(
        "parses host:port (IPv4, names, IPv6 in brackets) and prints it back",
        arguments: [
            ("127.0.0.1:9001", "127.0.0.1", 9001),
            ("169.254.100.1:9001", "169.254.100.1", 9001),
            ("localhost:1", "localhost", 1),
            ("[::1]:9001", "::1", 9001),
            ("[fd00:ec2::23]:65535", "fd00:ec2::23", 65535),
        ]
    )
    func parses(text: String, host: String, port: Int) throws {
        let endpoint = try RuntimeAPIEndpoint(parsing: text)
        #expect(endpoint.host == host)
        #expect(endpoint.port == port)
        #expect(endpoint.description == text)
    }

    @Test(
        "rejects what is not host:port",
        arguments: [
            "", "localhost", "127.0.0.1", "127.0.0.1:", ":9001", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:-1",
            "127.0.0.1:port", "127.0.0.1:90 01", "127.0.0.1:+9001", "[]:9001", "[::1]", "::1:9001", "[::1:9001",
            "::1]:9001", "[[::1]]:9001", "[::1]x:9001",
        ]
    )
    func rejects(text: String) {
        #expect(throws: LambdaRuntimeError.invalidRuntimeAPIAddress(text)) { try RuntimeAPIEndpoint(parsing: text) }
    }
}
