#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
public import TandemCore

/// A ``DocumentSource`` over a local folder: bucket `b`, key `k` is the file `<root>/b/k`. For development, the
/// local Lambda emulator and tests; keys that would leave the folder (`..`) are refused.
public struct DirectoryDocumentSource: DocumentSource {
    /// The folder holding one subfolder per bucket.
    public let root: String

    /// Reads files under `root`.
    public init(root: String) {
        self.root = root
    }

    public func read(bucket: String, key: String, maximumBytes: Int, deadline: Deadline) async throws -> SourceDocument {
        let parts = (bucket + "/" + key).split(separator: "/")
        guard !parts.contains("..") else {
            throw PipelineError(PipelineError.invalidInput, "\(bucket)/\(key) leaves the document folder")
        }
        let path = self.root + "/" + parts.joined(separator: "/")
        guard let file = fopen(path, "rb") else {
            throw PipelineError(PipelineError.notFound, "\(bucket)/\(key) does not exist")
        }
        defer { fclose(file) }
        let limit = max(1, maximumBytes)
        var bytes = [UInt8](repeating: 0, count: limit + 1)
        let count = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, limit + 1, file) }
        bytes.removeLast(bytes.count - count)
        let isTruncated = bytes.count > limit
        if isTruncated { bytes.removeLast(bytes.count - limit) }
        return SourceDocument(bytes: bytes, contentType: nil, isTruncated: isTruncated)
    }
}
