internal import CExhibitOpenSSL

/// Reading a received DER CMS ContentInfo, shared by signature verification and envelope opening.
enum CMSContentInfo {
    /// Parses DER `bytes` (`d2i_CMS_bio`). The caller owns the result and frees it with `CMS_ContentInfo_free`.
    /// - Parameters:
    ///   - bytes: the DER encoding, untrusted.
    ///   - message: the message when the bytes are not CMS, naming the file.
    /// - Returns: the parsed `CMS_ContentInfo`.
    /// - Throws: `ExhibitError.verificationFailed(message)` when the bytes are not CMS.
    static func decode(_ bytes: [UInt8], orFail message: @autoclosure () -> String) throws -> OpaquePointer {
        let input = try OwnedBIO.reading(bytes)
        OpenSSLErrorQueue.clear()
        guard let cms = d2i_CMS_bio(input.bio, nil) else {
            OpenSSLErrorQueue.clear()
            throw ExhibitError.verificationFailed(message())
        }
        return cms
    }
}
