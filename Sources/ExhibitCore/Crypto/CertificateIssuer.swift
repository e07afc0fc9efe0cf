internal import CExhibitOpenSSL
import Foundation

/// Makes an agency's self-signed trial certificate and certificate signing requests for an agency CA.
public enum CertificateIssuer {
    /// The key usage an agency certificate carries: it signs (ledger checkpoints, bundles, receipts) and
    /// receives encrypted bundles (key agreement for EC, key encipherment for RSA).
    static func keyUsage(for key: PrivateKey) -> String {
        key.isRSA
            ? "critical,digitalSignature,nonRepudiation,keyEncipherment"
            : "critical,digitalSignature,nonRepudiation,keyAgreement"
    }

    /// A self-signed X.509 v3 certificate naming the agency (O and CN), valid from now for `days`.
    /// - Throws: `ExhibitError.environment` when OpenSSL fails, `.badInput` for an empty agency name.
    public static func selfSigned(key: PrivateKey, agency: String, days: Int) throws -> Certificate {
        guard !agency.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ExhibitError.badInput("the agency name is empty")
        }
        guard let x509 = X509_new() else { throw OpenSSLErrorQueue.error(.environment, "cannot allocate a certificate") }
        let certificate = Certificate(adopting: x509)
        guard X509_set_version(x509, 2) == 1 else { throw OpenSSLErrorQueue.error(.environment, "cannot set the version") }
        var serial = try SecureRandom.bytes(16)
        serial[0] &= 0x7f
        guard let bignum = BN_bin2bn(serial, Int32(serial.count), nil) else {
            throw OpenSSLErrorQueue.error(.environment, "cannot make a serial number")
        }
        defer { BN_free(bignum) }
        guard BN_to_ASN1_INTEGER(bignum, X509_get_serialNumber(x509)) != nil,
            X509_gmtime_adj(X509_getm_notBefore(x509), 0) != nil,
            X509_gmtime_adj(X509_getm_notAfter(x509), days * 86_400) != nil
        else { throw OpenSSLErrorQueue.error(.environment, "cannot set the serial number or validity") }
        let name = try makeName(agency: agency)
        defer { X509_NAME_free(name) }
        guard X509_set_subject_name(x509, name) == 1, X509_set_issuer_name(x509, name) == 1,
            X509_set_pubkey(x509, key.pkey) == 1
        else { throw OpenSSLErrorQueue.error(.environment, "cannot set the subject or public key") }
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, x509, x509, nil, nil, 0)
        let extensions: [(Int32, String)] = [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, keyUsage(for: key)),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
        ]
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                throw OpenSSLErrorQueue.error(.environment, "cannot build the certificate extension \(value)")
            }
            defer { X509_EXTENSION_free(ext) }
            guard X509_add_ext(x509, ext, -1) == 1 else {
                throw OpenSSLErrorQueue.error(.environment, "cannot add the certificate extension \(value)")
            }
        }
        guard X509_sign(x509, key.pkey, key.signatureDigest) > 0 else {
            throw OpenSSLErrorQueue.error(.environment, "cannot sign the certificate")
        }
        return certificate
    }

    /// A PEM certificate signing request (PKCS#10) for the agency, signed with `key`, asking for the same
    /// key usage as the trial certificate.
    /// - Throws: `ExhibitError.environment` when OpenSSL fails.
    public static func signingRequest(key: PrivateKey, agency: String) throws -> String {
        guard !agency.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ExhibitError.badInput("the agency name is empty")
        }
        guard let request = X509_REQ_new() else { throw OpenSSLErrorQueue.error(.environment, "cannot allocate a request") }
        defer { X509_REQ_free(request) }
        let name = try makeName(agency: agency)
        defer { X509_NAME_free(name) }
        guard X509_REQ_set_version(request, 0) == 1, X509_REQ_set_subject_name(request, name) == 1,
            X509_REQ_set_pubkey(request, key.pkey) == 1
        else { throw OpenSSLErrorQueue.error(.environment, "cannot fill the request") }
        guard let extensions = X509V3_EXT_conf_nid(nil, nil, NID_key_usage, keyUsage(for: key)) else {
            throw OpenSSLErrorQueue.error(.environment, "cannot build the key usage request")
        }
        defer { X509_EXTENSION_free(extensions) }
        guard let stack = OPENSSL_sk_new_null() else { throw OpenSSLErrorQueue.error(.environment, "cannot allocate") }
        defer { OPENSSL_sk_free(stack) }
        OPENSSL_sk_push(stack, UnsafeRawPointer(extensions))
        guard X509_REQ_add_extensions(request, stack) == 1 else {
            throw OpenSSLErrorQueue.error(.environment, "cannot add the requested extensions")
        }
        guard X509_REQ_sign(request, key.pkey, key.signatureDigest) > 0 else {
            throw OpenSSLErrorQueue.error(.environment, "cannot sign the request")
        }
        let out = try OwnedBIO.memory()
        guard PEM_write_bio_X509_REQ(out.bio, request) == 1 else {
            throw OpenSSLErrorQueue.error(.environment, "cannot write the request")
        }
        return String(decoding: out.contents(), as: UTF8.self)
    }

    private static func makeName(agency: String) throws -> OpaquePointer {
        guard let name = X509_NAME_new() else { throw OpenSSLErrorQueue.error(.environment, "cannot allocate a name") }
        for field in ["O", "CN"] {
            let added = X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, agency, -1, -1, 0)
            guard added == 1 else {
                X509_NAME_free(name)
                throw OpenSSLErrorQueue.error(.badInput, "the agency name cannot go into a certificate")
            }
        }
        return name
    }
}
