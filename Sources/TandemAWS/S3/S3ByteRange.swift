/// A byte range of an object, for a ranged GetObject (`Range: bytes=...`).
public struct S3ByteRange: Sendable, Hashable, CustomStringConvertible {
    /// The `Range` header value, e.g. `bytes=0-99`.
    public let headerValue: String

    /// Bytes `range.lowerBound` through `range.upperBound`, both included.
    ///
    /// - Parameter range: Offsets from the start of the object.
    /// - Returns: The range.
    public static func bytes(_ range: ClosedRange<Int64>) -> S3ByteRange {
        S3ByteRange(headerValue: "bytes=\(range.lowerBound)-\(range.upperBound)")
    }

    /// Every byte from `offset` to the end.
    ///
    /// - Parameter offset: The first byte's offset.
    /// - Returns: The range.
    public static func from(_ offset: Int64) -> S3ByteRange {
        S3ByteRange(headerValue: "bytes=\(offset)-")
    }

    /// The last `count` bytes.
    ///
    /// - Parameter count: How many bytes from the end.
    /// - Returns: The range.
    public static func suffix(_ count: Int64) -> S3ByteRange {
        S3ByteRange(headerValue: "bytes=-\(count)")
    }

    public var description: String { self.headerValue }
}
