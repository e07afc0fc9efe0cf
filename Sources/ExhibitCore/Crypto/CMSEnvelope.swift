internal import CExhibitOpenSSL

/// Encrypts a stream for one recipient: CMS AuthEnvelopedData (RFC 5083/5084), AES-256-GCM with a random
/// 96-bit IV, the tag in the mac field, encryptedContent absent (the ciphertext goes to `output`).
/// Recipients: RSA with RSAES-OAEP-SHA256 (MGF1-SHA-256), or ECDH with a SHA-256 (P-384: SHA-384) KDF and
/// AES-256 key wrap. The caller must call `finish()` and keep the envelope it returns.
final class EnvelopeWriter: ByteSink {
    private let envelope: CMSContentInfo
    private let sink: StreamBIO
    private let cipher: CipherChain

    /// Starts encryption (`CMS_encrypt_ex` with `CMS_PARTIAL|CMS_STREAM|CMS_DETACHED|CMS_BINARY`,
    /// `CMS_add1_recipient_cert` with `CMS_KEY_PARAM`, `CMS_dataInit`).
    /// - Throws: `ExhibitError.environment` when OpenSSL fails.
    init(recipient: Certificate, output: ByteSink) throws {
        let flags = UInt32(CMS_BINARY | CMS_DETACHED | CMS_STREAM | CMS_PARTIAL)
        guard let certificates = exhibit_sk_X509_new_null() else {
            throw OpenSSLErrorQueue.error(.environment, "cannot allocate")
        }
        defer { exhibit_sk_X509_free(certificates) }
        guard let started = CMS_encrypt_ex(certificates, nil, EVP_aes_256_gcm(), flags, nil, nil) else {
            throw OpenSSLErrorQueue.error(.environment, "cannot start AES-256-GCM encryption")
        }
        let envelope = CMSContentInfo(adopting: started)
        let sink = try StreamBIO(output)
        guard let info = CMS_add1_recipient_cert(envelope.cms, recipient.x509, UInt32(CMS_KEY_PARAM)),
            let context = CMS_RecipientInfo_get0_pkey_ctx(info)
        else { throw OpenSSLErrorQueue.error(.environment, "cannot add the recipient \(recipient.subject)") }
        if recipient.publicKeyIsRSA {
            guard EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_OAEP_PADDING) > 0,
                EVP_PKEY_CTX_set_rsa_oaep_md(context, EVP_sha256()) > 0, EVP_PKEY_CTX_set_rsa_mgf1_md(context, EVP_sha256()) > 0
            else { throw OpenSSLErrorQueue.error(.environment, "cannot select RSA-OAEP with SHA-256") }
        } else {
            let digest = recipient.publicKeyBits > 256 ? EVP_sha384() : EVP_sha256()
            guard EVP_PKEY_CTX_set_ecdh_kdf_md(context, digest) > 0 else {
                throw OpenSSLErrorQueue.error(.environment, "cannot select the ECDH key derivation")
            }
        }
        guard let top = CMS_dataInit(envelope.cms, sink.bio) else {
            throw OpenSSLErrorQueue.error(.environment, "cannot start the encryption stream")
        }
        self.envelope = envelope
        self.sink = sink
        self.cipher = CipherChain(top: top, bottom: sink.bio)
    }

    // The cipher BIOs sit on the sink's BIO: they go first.
    deinit { cipher.release() }

    /// Encrypts more plaintext.
    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let top = cipher.top, let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            var written = 0
            guard BIO_write_ex(top, base + offset, bytes.count - offset, &written) == 1 else {
                try sink.rethrow()
                throw OpenSSLErrorQueue.error(.environment, "encryption failed")
            }
            offset += written
        }
    }

    /// Completes the ciphertext and the tag (`CMS_dataFinal`) and returns the DER envelope.
    func finish() throws -> [UInt8] {
        guard let top = cipher.top else { throw ExhibitError.environment("the envelope is already finished") }
        guard exhibit_BIO_flush(top) == 1, CMS_dataFinal(envelope.cms, top) == 1 else {
            try sink.rethrow()
            throw OpenSSLErrorQueue.error(.environment, "cannot complete the encryption")
        }
        try sink.rethrow()
        cipher.release()
        return try envelope.encoded()
    }
}

/// Decrypts a detached AuthEnvelopedData payload as a stream. Plaintext read from it is NOT authenticated
/// until `finish()` has drained the ciphertext to its end and the GCM tag has been checked: write what you
/// read only to staging, and delete it if `finish()` throws.
package final class EnvelopeReader: ByteSource {
    private let envelope: CMSContentInfo
    private let payload: StreamBIO
    private let cipher: CipherChain

    /// Opens the envelope for our key (`CMS_decrypt_set1_pkey` with our certificate, `CMS_dataInit`), the ciphertext
    /// in a file of its own.
    /// - Throws: as `init(envelope:payload:key:certificate:)`, or when the file cannot be opened.
    package convenience init(envelope bytes: [UInt8], payloadPath: String, key: PrivateKey, certificate: Certificate) throws {
        try self.init(
            envelope: bytes, payload: try FileSource(payloadPath, sequential: true), key: key, certificate: certificate)
    }

    /// Opens the envelope for our key (`CMS_decrypt_set1_pkey` with our certificate, `CMS_dataInit`), the ciphertext
    /// read from `payload` (a file, or its byte range inside a bundle).
    /// - Throws: `ExhibitError.verificationFailed` when the envelope is malformed, not AES-GCM
    ///   AuthEnvelopedData, or not addressed to this key.
    package init(envelope bytes: [UInt8], payload source: ByteSource, key: PrivateKey, certificate: Certificate) throws {
        let envelope = try CMSContentInfo.decode(bytes, orFail: "data/envelope.cms.der is not a CMS envelope")
        let payload = try StreamBIO(source)
        guard OBJ_obj2nid(CMS_get0_type(envelope.cms)) == NID_id_smime_ct_authEnvelopedData else {
            throw ExhibitError.verificationFailed("data/envelope.cms.der is not AuthEnvelopedData (authenticated encryption)")
        }
        guard CMS_decrypt_set1_pkey(envelope.cms, key.pkey, certificate.x509) == 1 else {
            OpenSSLErrorQueue.clear()
            throw ExhibitError.verificationFailed(
                "the bundle is not encrypted to this agency's key (\(certificate.subject)): wrong recipient")
        }
        guard let top = CMS_dataInit(envelope.cms, payload.bio) else {
            throw OpenSSLErrorQueue.error(.verificationFailed, "the envelope cannot be opened")
        }
        self.envelope = envelope
        self.payload = payload
        self.cipher = CipherChain(top: top, bottom: payload.bio)
    }

    // The cipher BIOs sit on the payload file's BIO: they go first.
    deinit { cipher.release() }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let top = cipher.top else { return 0 }
        var count = 0
        let status = BIO_read_ex(top, buffer.baseAddress, buffer.count, &count)
        try payload.rethrow()
        if status != 1 { return 0 }
        return count
    }

    /// Reads whatever ciphertext is left and checks the GCM tag.
    /// - Throws: `ExhibitError.verificationFailed` when the tag does not match (the payload or envelope was
    ///   altered or truncated).
    package func finish() throws {
        guard let top = cipher.top else { return }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        while try read(into: buffer) > 0 {}
        guard exhibit_BIO_get_cipher_status(top) == 1 else {
            OpenSSLErrorQueue.clear()
            throw ExhibitError.verificationFailed(
                "data/payload.bin fails its AES-GCM authentication tag: the ciphertext was altered")
        }
    }
}

/// The BIOs `CMS_dataInit` pushes on top of a BIO someone else owns (the sink or the payload file): freed, down to
/// but not including `bottom`, when released (its owner releases it before the bottom BIO goes) or in `deinit`.
private final class CipherChain {
    private(set) var top: OpaquePointer?
    private let bottom: OpaquePointer

    init(top: OpaquePointer, bottom: OpaquePointer) {
        self.top = top
        self.bottom = bottom
    }

    deinit { release() }

    /// Frees the chain above `bottom`.
    func release() {
        var current = top
        while let bio = current, bio != bottom {
            current = BIO_pop(bio)
            BIO_free(bio)
        }
        top = nil
    }
}
