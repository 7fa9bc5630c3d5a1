import Foundation
import TandemApp
import TandemCore
import TandemEvents
import Testing

@testable import TandemApp

@Suite("Document text and pipeline inputs")
struct DocumentTextTests {
    @Test("HTML loses tags, scripts and styles; entities decode; block tags break lines")
    func html() throws {
        let html = """
            <html><head><style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
            <body><h1>Q3 &amp; Q4</h1><p>Revenue grew   by 5&nbsp;% &lt;est.&gt;</p><div>Caf&#233; &#x263A;</div></body></html>
            """
        let text = try DocumentText.extract(Array(html.utf8), name: "report.html", contentType: nil)
        #expect(text == "Q3 & Q4\nRevenue grew by 5 % <est.>\nCafé ☺")
    }

    @Test("types: by content type first, then by extension; PDF and binaries are unsupported")
    func kinds() throws {
        #expect(DocumentText.kind(name: "a.md", contentType: nil) == .markdown)
        #expect(DocumentText.kind(name: "a.bin", contentType: "text/html; charset=utf-8") == .html)
        #expect(DocumentText.kind(name: "notes", contentType: nil) == .plain)
        #expect(DocumentText.kind(name: "a.pdf", contentType: "application/pdf") == nil)
        #expect(DocumentText.kind(name: "photo.JPG", contentType: nil) == nil)
        let pdf = #expect(throws: PipelineError.self) {
            try DocumentText.extract(Array("%PDF-1.7".utf8), name: "scan.pdf", contentType: "application/pdf")
        }
        #expect(pdf?.code == PipelineError.unsupportedType)
        let latin1 = #expect(throws: PipelineError.self) {
            try DocumentText.extract([0x43, 0x61, 0x66, 0xE9], name: "cafe.txt", contentType: nil)
        }
        #expect(latin1?.code == PipelineError.notUTF8)
        #expect(try DocumentText.extract(Array(#"{"id":1,"text":"hello"}"#.utf8), name: "d.json", contentType: nil) == "hello")
        #expect(try DocumentText.extract(Array(#"{"b":1, "a":2}"#.utf8), name: "d.json", contentType: nil) == #"{"a":2,"b":1}"#)
    }

    @Test("a message body is an S3 notification, JSON with id and text, or plain text")
    func inputs() throws {
        let notification = try String(decoding: BatchTestSupport.fixture("s3-event.json"), as: UTF8.self)
        let event = try JSONDecoder().decode(S3Event.self, from: Data(notification.utf8))
        #expect(
            PipelineInput.inputs(inBody: notification, messageID: "m")
                == [.object(bucket: event.records[0].s3.bucket.name, key: event.records[0].s3.object.decodedKey)]
        )
        // moto's (and MinIO's) notifications leave out userIdentity, requestParameters and responseElements.
        let motoShaped = """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
            "eventTime":"2026-11-29T07:40:12.345Z","eventName":"ObjectCreated:Put","s3":{"s3SchemaVersion":"1.0",
            "configurationId":"c","bucket":{"name":"docs","arn":"arn:aws:s3:::docs"},
            "object":{"key":"inbox/note+1.txt","size":5,"eTag":"e"}}}]}
            """
        #expect(PipelineInput.inputs(inBody: motoShaped, messageID: "m") == [.object(bucket: "docs", key: "inbox/note 1.txt")])
        #expect(PipelineInput.inputs(inBody: #"{"id": "doc-7", "text": "hi"}"#, messageID: "m") == [.text(id: "doc-7", text: "hi")])
        #expect(PipelineInput.inputs(inBody: #"{"text": "hi"}"#, messageID: "m") == [.text(id: "m", text: "hi")])
        #expect(PipelineInput.inputs(inBody: "just words", messageID: "m") == [.text(id: "m", text: "just words")])
        #expect(PipelineInput.inputs(inBody: #"{"Event":"s3:TestEvent","Bucket":"b"}"#, messageID: "m").isEmpty)
        #expect(PipelineInput.object(bucket: "b", key: "k/x.txt").documentID == "b/k/x.txt")
    }

    @Test("a document source reads at most the limit, and a cut UTF-8 sequence is dropped")
    func directorySource() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-docs-\(UUID())")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("b"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("ab€".utf8).write(to: root.appendingPathComponent("b/euro.txt"))  // € is 3 bytes
        let source = DirectoryDocumentSource(root: root.path)
        let cut = try await source.read(bucket: "b", key: "euro.txt", maximumBytes: 4, deadline: .after(.seconds(5)))
        #expect(cut.isTruncated)
        #expect(cut.bytes.count == 4)
        #expect(cut.completeUTF8Bytes == Array("ab".utf8))
        let whole = try await source.read(bucket: "b", key: "euro.txt", maximumBytes: 100, deadline: .after(.seconds(5)))
        #expect(!whole.isTruncated)
        #expect(whole.bytes == Array("ab€".utf8))
        let missing = await #expect(throws: PipelineError.self) {
            _ = try await source.read(bucket: "b", key: "nope.txt", maximumBytes: 10, deadline: .after(.seconds(5)))
        }
        #expect(missing?.code == PipelineError.notFound)
        await #expect(throws: PipelineError.self) {
            _ = try await source.read(bucket: "b", key: "../../etc/passwd", maximumBytes: 10, deadline: .after(.seconds(5)))
        }
    }
}
