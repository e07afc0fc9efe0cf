internal import CExhibitOpenSSL
import Foundation

/// What a signer's certificate must chain to: pinned certificates (accepted as they are) and/or CA
/// certificates with CRLs, checked at a given time.
public struct TrustPolicy: @unchecked Sendable {
    /// Certificates trusted as they are (a pinned agency certificate, self-signed or not).
    public var pinned: [Certificate]
    /// CA certificates a signer may chain to.
    public var authorities: [Certificate]
    /// CRLs (PEM text); when any are given, every certificate in the chain must be covered by one.
    public var revocationLists: [String]
    /// The time at which validity is judged (`nil`: now).
    public var time: Date?

    /// Creates a trust policy.
    public init(
        pinned: [Certificate] = [], authorities: [Certificate] = [], revocationLists: [String] = [], time: Date? = nil
    ) {
        self.pinned = pinned
        self.authorities = authorities
        self.revocationLists = revocationLists
        self.time = time
    }

    /// Builds an `X509_STORE` for this policy; the caller frees it with `X509_STORE_free`.
    func makeStore() throws -> OpaquePointer {
        guard let store = X509_STORE_new() else { throw OpenSSLErrorQueue.error(.environment, "cannot allocate a trust store") }
        var flags = UInt(X509_V_FLAG_PARTIAL_CHAIN)
        for certificate in pinned + authorities {
            guard X509_STORE_add_cert(store, certificate.x509) == 1 else {
                X509_STORE_free(store)
                throw OpenSSLErrorQueue.error(.environment, "cannot add a trusted certificate")
            }
        }
        for (index, text) in revocationLists.enumerated() {
            let input = try OwnedBIO.reading(Array(text.utf8))
            var count = 0
            OpenSSLErrorQueue.clear()
            while let crl = PEM_read_bio_X509_CRL(input.bio, nil, nil, nil) {
                X509_STORE_add_crl(store, crl)
                X509_CRL_free(crl)
                count += 1
            }
            OpenSSLErrorQueue.clear()
            guard count > 0 else {
                X509_STORE_free(store)
                throw ExhibitError.badInput("revocation list \(index + 1) holds no PEM certificate revocation list")
            }
            flags |= UInt(X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL)
        }
        X509_STORE_set_flags(store, flags)
        X509_STORE_set_purpose(store, X509_PURPOSE_ANY)
        if let time, let parameters = X509_STORE_get0_param(store) {
            X509_VERIFY_PARAM_set_time(parameters, time_t(time.timeIntervalSince1970))
        }
        return store
    }

    /// Checks a certificate on its own against this policy (`X509_verify_cert`), returning OpenSSL's
    /// reason when it fails.
    public func check(_ certificate: Certificate, untrusted: [Certificate] = []) throws -> String? {
        let store = try makeStore()
        defer { X509_STORE_free(store) }
        guard let context = X509_STORE_CTX_new() else { throw OpenSSLErrorQueue.error(.environment, "cannot allocate") }
        defer { X509_STORE_CTX_free(context) }
        guard let chain = exhibit_sk_X509_new_null() else { throw OpenSSLErrorQueue.error(.environment, "cannot allocate") }
        defer { exhibit_sk_X509_pop_free(chain) }
        for extra in untrusted { _ = exhibit_sk_X509_push(chain, extra.retainedPointer()) }
        guard X509_STORE_CTX_init(context, store, certificate.x509, chain) == 1 else {
            throw OpenSSLErrorQueue.error(.environment, "cannot start certificate verification")
        }
        if X509_verify_cert(context) == 1 {
            OpenSSLErrorQueue.clear()
            return nil
        }
        let code = X509_STORE_CTX_get_error(context)
        OpenSSLErrorQueue.clear()
        return String(cString: X509_verify_cert_error_string(Int(code)))
    }
}
