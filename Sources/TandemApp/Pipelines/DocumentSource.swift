public import TandemCore

/// Where pipelines read documents named by bucket and key: S3 (``S3DocumentSource``) on AWS, a local folder
/// (``DirectoryDocumentSource``) for development and tests.
public protocol DocumentSource: Sendable {
    /// Reads at most `maximumBytes` of a document (a prefix when it is larger: never the whole of a large object).
    /// - Parameters:
    ///   - bucket: the bucket (a folder for a local source).
    ///   - key: the object key, decoded.
    ///   - maximumBytes: how many bytes to read at most.
    ///   - deadline: when the read must be over.
    /// - Returns: the bytes read, the content type if known, and whether the document was longer.
    /// - Throws: ``PipelineError`` `document_not_found` for a missing document; the source's errors.
    func read(bucket: String, key: String, maximumBytes: Int, deadline: Deadline) async throws -> SourceDocument
}

/// A document's bytes as read by a ``DocumentSource``.
public struct SourceDocument: Sendable, Hashable {
    /// The bytes (a prefix when ``isTruncated``).
    public var bytes: [UInt8]
    /// The content type, if the source knows it.
    public var contentType: String?
    /// Whether the document is longer than what was read.
    public var isTruncated: Bool

    /// Creates a document.
    public init(bytes: [UInt8], contentType: String? = nil, isTruncated: Bool = false) {
        self.bytes = bytes
        self.contentType = contentType
        self.isTruncated = isTruncated
    }

    /// The bytes without a UTF-8 sequence cut short at the end (when a prefix was read), so a truncated text
    /// document still reads as text.
    var completeUTF8Bytes: [UInt8] {
        guard self.isTruncated else { return self.bytes }
        var end = self.bytes.count
        // Walk back over continuation bytes to the last lead byte; drop it if its sequence is incomplete.
        var back = 0
        while back < 4, end - back - 1 >= 0, self.bytes[end - back - 1] & 0xC0 == 0x80 { back += 1 }
        if end - back - 1 >= 0 {
            let lead = self.bytes[end - back - 1]
            let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            if length > back + 1 { end -= back + 1 }
        }
        return Array(self.bytes[..<end])
    }
}
