/// How an S3 request names its bucket: in the host (`my-bucket.s3.us-east-1.amazonaws.com/key`) or in the path
/// (`s3.us-east-1.amazonaws.com/my-bucket/key`).
public struct S3AddressingStyle: Sendable, Hashable {
    enum Base: Hashable, Sendable {
        case automatic, virtualHosted, path
    }

    let base: Base

    /// Virtual-hosted on AWS endpoints when the bucket name is a valid DNS label (no `.` over HTTPS, no upper case or
    /// `_`), path-style otherwise and on custom endpoints (moto, MinIO, LocalStack).
    public static let automatic = S3AddressingStyle(base: .automatic)
    /// Always virtual-hosted.
    public static let virtualHosted = S3AddressingStyle(base: .virtualHosted)
    /// Always path-style.
    public static let path = S3AddressingStyle(base: .path)
}
