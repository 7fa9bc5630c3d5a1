import Crypto
import Synchronization

/// Derived SigV4 signing keys, cached per (secret, date) for the region and service of one signer.
///
/// Deriving a key costs four HMACs; a signer reuses it for every request of the day. The cache keeps an HMAC already
/// keyed with the signing key, so a signature costs one HMAC update and finalisation. It is small and bounded:
/// when full it is emptied (a new day or rotated credentials make old entries useless anyway).
final class SigningKeyCache: Sendable {
    private struct Entry: Hashable {
        let secret: String
        let date: [UInt8]
    }

    private static let capacity = 8

    private let region: [UInt8]
    private let service: [UInt8]
    private let entries = Mutex<[Entry: HMAC<SHA256>]>([:])

    init(region: String, service: String) {
        self.region = Array(region.utf8)
        self.service = Array(service.utf8)
    }

    /// An HMAC keyed with the signing key for `secret` on `date` (`yyyyMMdd`), ready to take the string to sign.
    func keyedHMAC(secret: String, date: ArraySlice<UInt8>) -> HMAC<SHA256> {
        let entry = Entry(secret: secret, date: Array(date))
        if let cached = self.entries.withLock({ $0[entry] }) {
            return cached
        }
        let hmac = HMAC<SHA256>(
            key: Self.signingKey(
                secret: secret,
                date: entry.date,
                region: self.region,
                service: self.service
            )
        )
        self.entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[entry] = hmac
        }
        return hmac
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    static func signingKey(secret: String, date: [UInt8], region: [UInt8], service: [UInt8]) -> SymmetricKey {
        let seed = SymmetricKey(data: Array("AWS4\(secret)".utf8))
        let dateKey = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: date, using: seed))
        let regionKey = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: region, using: dateKey))
        let serviceKey = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: service, using: regionKey))
        let terminator = Array("aws4_request".utf8)
        return SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: terminator, using: serviceKey))
    }
}
