internal import CExhibitOpenSSL

/// An owned OpenSSL `CMS_ContentInfo`, freed in `deinit`: no caller ever holds the raw pointer outside an owner,
/// so an initialiser that throws half way leaks nothing.
final class CMSContentInfo {
    let cms: OpaquePointer

    /// Takes ownership of `cms`.
    init(adopting cms: OpaquePointer) { self.cms = cms }

    deinit { CMS_ContentInfo_free(cms) }

    /// Parses received DER `bytes` (`d2i_CMS_bio`).
    /// - Parameters:
    ///   - bytes: the DER encoding, untrusted.
    ///   - message: the message when the bytes are not CMS, naming the file.
    /// - Returns: the parsed content info.
    /// - Throws: `ExhibitError.verificationFailed(message)` when the bytes are not CMS.
    static func decode(_ bytes: [UInt8], orFail message: @autoclosure () -> String) throws -> CMSContentInfo {
        let input = try OwnedBIO.reading(bytes)
        OpenSSLErrorQueue.clear()
        guard let cms = d2i_CMS_bio(input.bio, nil) else {
            OpenSSLErrorQueue.clear()
            throw ExhibitError.verificationFailed(message())
        }
        return CMSContentInfo(adopting: cms)
    }

    /// The DER encoding (`i2d_CMS_bio`).
    /// - Throws: `.environment` when OpenSSL cannot encode it.
    func encoded() throws -> [UInt8] {
        let out = try OwnedBIO.memory()
        guard i2d_CMS_bio(out.bio, cms) == 1 else { throw OpenSSLErrorQueue.error(.environment, "cannot encode a CMS structure") }
        return out.contents()
    }
}
