/// The limits the inner archive is extracted under, from what the sender declared in the signed outer bag-info
/// (`Exhibit-Inner-Entries`, `Exhibit-Inner-Bytes`), checked before anything is decrypted: never more than
/// `SafeTarExtractor.Limits.entryCeiling` entries, and never more bytes than the ciphertext (so the bundle file)
/// holds. A bundle that declares nothing (written before the declaration existed) gets the old fixed limits.
package enum InnerArchiveLimits {
    /// The extraction limits for a declaration.
    /// - Parameters:
    ///   - declared: the outer bag-info's declaration, if any.
    ///   - ciphertextBytes: the size of `data/payload.bin` (AES-GCM: the inner tar's length).
    /// - Returns: the limits to extract under.
    /// - Throws: `ExhibitError.verificationFailed` when the declaration exceeds the ceiling or does not match the
    ///   ciphertext's size.
    package static func limits(_ declared: BagInfo.InnerArchive?, ciphertextBytes: Int64) throws -> SafeTarExtractor.Limits {
        guard let declared else { return SafeTarExtractor.Limits(bytes: ciphertextBytes) }
        guard declared.entries <= SafeTarExtractor.Limits.entryCeiling else {
            throw ExhibitError.verificationFailed(
                "bag-info.txt declares \(declared.entries) entries in the inner archive, more than the \(SafeTarExtractor.Limits.entryCeiling) any bundle may hold"
            )
        }
        guard declared.bytes == ciphertextBytes else {
            throw ExhibitError.verificationFailed(
                "bag-info.txt declares an inner archive of \(declared.bytes) bytes, but data/payload.bin holds \(ciphertextBytes)"
            )
        }
        return SafeTarExtractor.Limits(entries: declared.entries, bytes: ciphertextBytes)
    }

    /// Requires the extracted entries to be exactly as many as declared.
    /// - Throws: `ExhibitError.verificationFailed` when they are fewer.
    package static func requireDeclaredCount(_ declared: BagInfo.InnerArchive?, extracted: Int) throws {
        guard let declared, declared.entries != extracted else { return }
        throw ExhibitError.verificationFailed(
            "the inner archive holds \(extracted) entries, not the \(declared.entries) its signed bag-info declares")
    }
}
