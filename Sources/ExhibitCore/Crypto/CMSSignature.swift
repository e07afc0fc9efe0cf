internal import CExhibitOpenSSL
import Foundation

/// Detached CMS SignedData (RFC 5652) over content held in memory or in a file: binary, CAdES
/// signingCertificateV2, ECDSA or RSA-PSS with SHA-256 (SHA-384 for P-384). Verifiable with
/// `openssl cms -verify -binary -inform DER -in SIG -content FILE -CAfile CERT -purpose any`.
public enum CMSSignature {
    /// What is signed or verified.
    public enum Content {
        /// Bytes in memory.
        case bytes([UInt8])
        /// A file, streamed.
        case file(String)

        func open() throws -> OwnedBIO {
            switch self {
            case .bytes(let bytes): return try OwnedBIO.reading(bytes)
            case .file(let path): return try OwnedBIO.file(path, mode: "rb")
            }
        }
    }

    /// Signs `content` (`CMS_sign` with `CMS_PARTIAL`, `CMS_add1_signer` with `CMS_CADES`, `CMS_final`).
    /// - Parameters:
    ///   - content: what to sign.
    ///   - key: the signer's private key.
    ///   - certificate: the signer's certificate (included in the signature).
    ///   - chain: intermediate certificates to include.
    ///   - detached: leave the content out (true), or carry it inside the signature (receipts).
    ///   - includeCertificate: carry the signer's certificate (true), or leave it out (`CMS_NOCERTS`: the stored
    ///     checkpoints, verified against a certificate the verifier already holds, which `openssl cms -verify` is given
    ///     with `-certfile`).
    /// - Returns: the DER-encoded ContentInfo.
    /// - Throws: `ExhibitError.environment` when the key does not match or OpenSSL fails.
    public static func sign(
        _ content: Content, key: PrivateKey, certificate: Certificate, chain: [Certificate] = [], detached: Bool = true,
        includeCertificate: Bool = true
    ) throws -> [UInt8] {
        guard certificate.matches(key) else {
            throw ExhibitError.environment("the private key does not belong to the certificate \(certificate.subject)")
        }
        let base = UInt32(CMS_BINARY | CMS_PARTIAL) | (detached ? UInt32(CMS_DETACHED) : 0)
        guard let started = CMS_sign(nil, nil, nil, nil, base) else {
            throw OpenSSLErrorQueue.error(.environment, "cannot start a CMS signature")
        }
        let owner = CMSContentInfo(adopting: started)
        defer { withExtendedLifetime(owner) {} }
        let cms = owner.cms
        let signerFlags =
            base | UInt32(CMS_CADES) | (key.isRSA ? UInt32(CMS_KEY_PARAM) : 0) | (includeCertificate ? 0 : UInt32(CMS_NOCERTS))
        guard let signer = CMS_add1_signer(cms, certificate.x509, key.pkey, key.signatureDigest, signerFlags) else {
            throw OpenSSLErrorQueue.error(.environment, "cannot add the signer")
        }
        if key.isRSA {
            guard let context = CMS_SignerInfo_get0_pkey_ctx(signer),
                EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) > 0,
                EVP_PKEY_CTX_set_rsa_pss_saltlen(context, RSA_PSS_SALTLEN_DIGEST) > 0
            else { throw OpenSSLErrorQueue.error(.environment, "cannot select RSA-PSS") }
        }
        for extra in chain {
            guard CMS_add1_cert(cms, extra.x509) == 1 else {
                throw OpenSSLErrorQueue.error(.environment, "cannot include a chain certificate")
            }
        }
        let input = try content.open()
        guard CMS_final(cms, input.bio, nil, base) == 1 else {
            throw OpenSSLErrorQueue.error(.environment, "cannot complete the CMS signature")
        }
        return try owner.encoded()
    }

    /// The certificates a signature carries (`CMS_get1_certs`), to find out who claims to have signed it
    /// before verifying it against that party's trust policy.
    /// - Throws: `ExhibitError.verificationFailed` when the bytes are not CMS SignedData.
    public static func embeddedCertificates(_ signature: [UInt8], source: String) throws -> [Certificate] {
        let owner = try CMSContentInfo.decode(signature, orFail: "\(source) is not a CMS signature")
        defer { withExtendedLifetime(owner) {} }
        let cms = owner.cms
        guard let certificates = CMS_get1_certs(cms) else { return [] }
        defer { exhibit_sk_X509_pop_free(certificates) }
        return (0..<exhibit_sk_X509_num(certificates)).compactMap { index in
            guard let certificate = exhibit_sk_X509_value(certificates, index) else { return nil }
            X509_up_ref(certificate)
            return Certificate(adopting: certificate)
        }
    }

    /// Verifies a signature that carries its content (`CMS_verify` writing the content out).
    /// - Returns: the signer's certificate and the signed content.
    /// - Throws: `ExhibitError.verificationFailed` naming the reason.
    public static func verifyAttached(_ signature: [UInt8], trust: TrustPolicy, source: String) throws -> (Certificate, [UInt8]) {
        let (certificate, content) = try verifySignedData(signature, detached: nil, trust: trust, source: source)
        return (certificate, content ?? [])
    }

    /// Verifies a detached signature (`CMS_verify` with `CMS_BINARY`, content streamed as `dcont`).
    /// - Parameters:
    ///   - signature: DER ContentInfo.
    ///   - content: the signed content.
    ///   - trust: what the signer must chain to.
    ///   - source: a name for messages, such as the signature file's path.
    /// - Returns: the signer's certificate.
    /// - Throws: `ExhibitError.verificationFailed` naming the reason.
    public static func verify(_ signature: [UInt8], content: Content, trust: TrustPolicy, source: String) throws -> Certificate {
        try verifySignedData(signature, detached: content, trust: trust, source: source).0
    }

    /// Both kinds of verification: SignedData with exactly one signer, checked against `trust`; the content is
    /// `detached` when given (and must then be absent from the signature), else carried inside and returned.
    private static func verifySignedData(_ signature: [UInt8], detached: Content?, trust: TrustPolicy, source: String) throws -> (
        Certificate, [UInt8]?
    ) {
        let owner = try CMSContentInfo.decode(signature, orFail: "\(source) is not a CMS signature")
        defer { withExtendedLifetime(owner) {} }
        let cms = owner.cms
        guard OBJ_obj2nid(CMS_get0_type(cms)) == NID_pkcs7_signed, (CMS_is_detached(cms) == 1) == (detached != nil) else {
            throw ExhibitError.verificationFailed(
                "\(source) is not CMS SignedData \(detached == nil ? "with" : "without") its content")
        }
        guard let signerInfos = CMS_get0_SignerInfos(cms), exhibit_sk_CMS_SignerInfo_num(signerInfos) == 1,
            let signerInfo = exhibit_sk_CMS_SignerInfo_value(signerInfos, 0)
        else {
            throw ExhibitError.verificationFailed("\(source) must carry exactly one signer")
        }
        // RFC 5652 5.3: the signed content-type attribute must name the encapsulated content's type. CMS_verify does
        // not compare the two, so an altered eContentType would pass it (the signed bytes themselves are covered).
        if let signed = CMS_signed_get0_data_by_OBJ(signerInfo, OBJ_nid2obj(NID_pkcs9_contentType), -3, V_ASN1_OBJECT) {
            guard let encapsulated = CMS_get0_eContentType(cms),
                OBJ_cmp(OpaquePointer(signed), encapsulated) == 0
            else {
                throw ExhibitError.verificationFailed(
                    "\(source): signature does not verify: its signed content type differs from the content it carries")
            }
        }
        let store = try trust.makeStore()
        defer { X509_STORE_free(store) }
        // The pinned certificates are also where the signer is looked for: a signature that does not carry its
        // certificate (a stored checkpoint) is found by them.
        guard let candidates = exhibit_sk_X509_new_null() else {
            throw OpenSSLErrorQueue.error(.environment, "cannot allocate a certificate list")
        }
        defer { exhibit_sk_X509_free(candidates) }
        for certificate in trust.pinned { _ = exhibit_sk_X509_push(candidates, certificate.x509) }
        let data = try detached?.open()
        let out = detached == nil ? try OwnedBIO.memory() : nil
        guard CMS_verify(cms, candidates, store, data?.bio, out?.bio, UInt32(CMS_BINARY)) == 1 else {
            let reasons = OpenSSLErrorQueue.drain()
            throw ExhibitError.verificationFailed("\(source): signature does not verify\(reasons.isEmpty ? "" : ": \(reasons)")")
        }
        guard let signers = CMS_get0_signers(cms), exhibit_sk_X509_num(signers) == 1,
            let signer = exhibit_sk_X509_value(signers, 0)
        else {
            throw ExhibitError.verificationFailed("\(source): cannot identify the signer")
        }
        X509_up_ref(signer)
        let certificate = Certificate(adopting: signer)
        exhibit_sk_X509_free(signers)
        return (certificate, out?.contents())
    }
}
