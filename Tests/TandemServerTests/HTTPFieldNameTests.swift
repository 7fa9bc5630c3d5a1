import Testing

@testable import TandemServer

@Suite("HTTPFieldName: which response header names go on the wire")
struct HTTPFieldNameTests {
    @Test(
        "tokens pass",
        arguments: [
            "content-type", "X-Tandem-Overhead-Ms", "a", "x!#$%&'*+-.^_`|~9", "WWW-Authenticate", "retry-after",
        ]
    )
    func tokens(_ name: String) {
        #expect(HTTPFieldName.isValid(name))
    }

    @Test(
        "anything else is dropped",
        arguments: [
            "", "x y", "x:y", "x\r\ny", "x\u{0}", "caf\u{e9}", "(x)", "x/y", "\"x\"", "x\ty",
            "a-very-long-header-name-with-a space",
        ]
    )
    func others(_ name: String) {
        #expect(!HTTPFieldName.isValid(name))
    }
}
