internal import CExhibitOpenSSL

/// An OpenSSL `BIO` whose writes go to a Swift `ByteSink`, so a CMS cipher BIO can stream straight into
/// an archive entry or a file. Write errors are kept and rethrown by `rethrow()`.
final class SinkBIO {
    let bio: OpaquePointer
    private let sink: ByteSink
    private var failure: (any Error)?

    // Created once and never changed afterwards, so sharing it between threads is safe.
    nonisolated(unsafe) private static let method: OpaquePointer? = {
        guard let method = BIO_meth_new(BIO_TYPE_SOURCE_SINK | BIO_get_new_index(), "exhibit sink") else { return nil }
        BIO_meth_set_write_ex(method) { bio, data, length, written in
            guard let bio, let context = BIO_get_data(bio) else { return 0 }
            let owner = Unmanaged<SinkBIO>.fromOpaque(context).takeUnretainedValue()
            do {
                try owner.sink.write(UnsafeRawBufferPointer(start: data, count: length))
                written?.pointee = length
                return 1
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

    init(_ sink: ByteSink) throws {
        guard let method = Self.method, let bio = BIO_new(method) else {
            throw OpenSSLErrorQueue.error(.environment, "cannot create an output stream")
        }
        self.bio = bio
        self.sink = sink
        BIO_set_data(bio, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        BIO_set_data(bio, nil)
        BIO_free(bio)
    }

    /// Throws the first error the sink raised, if any.
    func rethrow() throws {
        if let failure { throw failure }
    }
}
