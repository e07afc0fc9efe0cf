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
#include <openssl/objects.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
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

#endif
