/// A provider's endpoint URL, parsed once: a plain-HTTP URL carries the ``UpstreamTarget`` the
/// ``UpstreamConnectionPool`` needs, so a call does not parse it again.
package struct UpstreamEndpoint: Sendable {
    /// The whole URL.
    package let url: String
    /// The pool's target, for a plain-HTTP URL (`nil` for HTTPS and anything the pool does not take).
    package let target: UpstreamTarget?

    package init(_ url: String) {
        self.url = url
        self.target = UpstreamTarget(url: url)
    }
}
