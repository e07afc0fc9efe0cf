// Shim for OpenSSL 3: only what Swift cannot import directly (function-like macros,
// type-generic stack helpers). Everything else is called straight from Swift.
#ifndef EXHIBIT_OPENSSL_SHIM_H
#define EXHIBIT_OPENSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/http.h>
#include <openssl/objects.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/x509_vfy.h>

/// Wraps the BIO_get_mem_data macro: pointer to and length of a memory BIO's contents.
static inline long exhibit_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/// Wraps BIO_get_cipher_status: 1 when a cipher BIO finished with a valid tag / padding.
static inline long exhibit_BIO_get_cipher_status(BIO *bio) {
    return BIO_get_cipher_status(bio);
}

/// Wraps BIO_flush.
static inline int exhibit_BIO_flush(BIO *bio) { return BIO_flush(bio); }

/// The RFC 2253 name printing flags without escaping of multi-byte characters (a compound macro).
static inline unsigned long exhibit_XN_FLAG_RFC2253_UTF8(void) { return XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB; }

/// Wraps OPENSSL_free.
static inline void exhibit_OPENSSL_free(void *pointer) { OPENSSL_free(pointer); }

/// A new, empty certificate stack.
static inline STACK_OF(X509) *exhibit_sk_X509_new_null(void) { return sk_X509_new_null(); }
/// Appends (takes ownership of) a certificate.
static inline int exhibit_sk_X509_push(STACK_OF(X509) *stack, X509 *cert) { return sk_X509_push(stack, cert); }
/// Number of certificates in a stack.
static inline int exhibit_sk_X509_num(const STACK_OF(X509) *stack) { return sk_X509_num(stack); }
/// The certificate at an index (borrowed).
static inline X509 *exhibit_sk_X509_value(const STACK_OF(X509) *stack, int index) { return sk_X509_value(stack, index); }
/// Frees a stack and the certificates it owns.
static inline void exhibit_sk_X509_pop_free(STACK_OF(X509) *stack) { sk_X509_pop_free(stack, X509_free); }
/// Frees a stack without freeing its certificates.
static inline void exhibit_sk_X509_free(STACK_OF(X509) *stack) { sk_X509_free(stack); }

/// Number of CRLs in a stack / the CRL at an index; frees a CRL stack with its CRLs.
static inline STACK_OF(X509_CRL) *exhibit_sk_X509_CRL_new_null(void) { return sk_X509_CRL_new_null(); }
static inline int exhibit_sk_X509_CRL_push(STACK_OF(X509_CRL) *stack, X509_CRL *crl) { return sk_X509_CRL_push(stack, crl); }
static inline void exhibit_sk_X509_CRL_pop_free(STACK_OF(X509_CRL) *stack) { sk_X509_CRL_pop_free(stack, X509_CRL_free); }

/// Signer infos of a CMS SignedData.
static inline int exhibit_sk_CMS_SignerInfo_num(STACK_OF(CMS_SignerInfo) *stack) { return sk_CMS_SignerInfo_num(stack); }
static inline CMS_SignerInfo *exhibit_sk_CMS_SignerInfo_value(STACK_OF(CMS_SignerInfo) *stack, int index) { return sk_CMS_SignerInfo_value(stack, index); }

/// Recipient infos of a CMS EnvelopedData / AuthEnvelopedData.
static inline int exhibit_sk_CMS_RecipientInfo_num(STACK_OF(CMS_RecipientInfo) *stack) { return sk_CMS_RecipientInfo_num(stack); }
static inline CMS_RecipientInfo *exhibit_sk_CMS_RecipientInfo_value(STACK_OF(CMS_RecipientInfo) *stack, int index) { return sk_CMS_RecipientInfo_value(stack, index); }

/// The TLS step of `OSSL_HTTP_transfer` for an https:// timestamp authority (a C callback; `arg` is an `SSL_CTX`
/// whose verify parameters name the expected host): pushes an SSL BIO onto the connection when it opens, and pops
/// and frees it when it closes (as openssl's own `app_http_tls_cb`).
static inline BIO *exhibit_http_tls_callback(BIO *bio, void *arg, int connect, int detail) {
    SSL_CTX *ctx = (SSL_CTX *)arg;
    if (ctx == NULL) return bio;
    if (connect) {
        if (!detail) return bio;
        BIO *sbio = BIO_new(BIO_f_ssl());
        if (sbio == NULL) return NULL;
        SSL *ssl = SSL_new(ctx);
        if (ssl == NULL) { BIO_free(sbio); return NULL; }
        const char *host = X509_VERIFY_PARAM_get0_host(SSL_CTX_get0_param(ctx), 0);
        if (host != NULL) SSL_set_tlsext_host_name(ssl, host);
        SSL_set_connect_state(ssl);
        BIO_set_ssl(sbio, ssl, BIO_CLOSE);
        return BIO_push(sbio, bio);
    }
    if (BIO_method_type(bio) == BIO_TYPE_SSL) {
        (void)ERR_set_mark();
        BIO_ssl_shutdown(bio);
        BIO *inner = BIO_pop(bio);
        BIO_free(bio);
        (void)ERR_pop_to_mark();
        return inner;
    }
    return bio;
}

/// The callback above as a function pointer for `OSSL_HTTP_transfer`.
static inline OSSL_HTTP_bio_cb_t exhibit_http_tls_callback_pointer(void) { return exhibit_http_tls_callback; }

/// A TLS client context that verifies the server's certificate against the system's trust store and `host`
/// (`SSL_CTX_new`, `SSL_VERIFY_PEER`, `X509_VERIFY_PARAM_set1_host`); NULL on failure.
static inline SSL_CTX *exhibit_https_client_context(const char *host) {
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL) return NULL;
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    if (SSL_CTX_set_default_verify_paths(ctx) != 1
        || X509_VERIFY_PARAM_set1_host(SSL_CTX_get0_param(ctx), host, 0) != 1) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

#endif
