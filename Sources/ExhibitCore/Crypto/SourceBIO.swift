internal import CExhibitOpenSSL

/// An OpenSSL `BIO` whose reads come from a Swift `ByteSource`, so a CMS cipher BIO can decrypt a stream that is not
/// a file of its own (the ciphertext's byte range inside a bundle). Read errors are kept and rethrown by `rethrow()`;
/// OpenSSL sees them as the end of the stream.
final class SourceBIO {
    let bio: OpaquePointer
    private let source: ByteSource
    private var failure: (any Error)?

    // Created once and never changed afterwards, so sharing it between threads is safe.
    nonisolated(unsafe) private static let method: OpaquePointer? = {
        guard let method = BIO_meth_new(BIO_TYPE_SOURCE_SINK | BIO_get_new_index(), "exhibit source") else { return nil }
        BIO_meth_set_read_ex(method) { bio, data, length, read in
            guard let bio, let data, let context = BIO_get_data(bio) else { return 0 }
            let owner = Unmanaged<SourceBIO>.fromOpaque(context).takeUnretainedValue()
            do {
                let count = try owner.source.read(into: UnsafeMutableRawBufferPointer(start: data, count: length))
                read?.pointee = count
                return count > 0 ? 1 : 0
            } catch {
                owner.failure = error
                return 0
            }
        }
        BIO_meth_set_ctrl(method) { _, command, _, _ in
            command == BIO_CTRL_FLUSH ? 1 : 0
        }
        BIO_meth_set_create(method) { bio in
            BIO_set_init(bio, 1)
            return 1
        }
        return method
    }()

    init(_ source: ByteSource) throws {
        guard let method = Self.method, let bio = BIO_new(method) else {
            throw OpenSSLErrorQueue.error(.environment, "cannot create an input stream")
        }
        self.bio = bio
        self.source = source
        BIO_set_data(bio, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        BIO_set_data(bio, nil)
        BIO_free(bio)
    }

    /// Throws the first error the source raised, if any.
    func rethrow() throws {
        if let failure { throw failure }
    }
}
