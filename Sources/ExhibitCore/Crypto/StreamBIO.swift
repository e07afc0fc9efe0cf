internal import CExhibitOpenSSL

/// An OpenSSL `BIO` whose bytes come from or go to a Swift stream: writes go to a `ByteSink` (so a CMS cipher BIO
/// can stream straight into an archive entry or a file), reads come from a `ByteSource` (so one can decrypt a
/// stream that is not a file of its own, such as the ciphertext's byte range inside a bundle).
///
/// The stream's errors are kept and rethrown by `rethrow()`; OpenSSL sees them as a failed write or the end of the
/// stream.
final class StreamBIO {
    private enum Endpoint {
        case sink(ByteSink)
        case source(ByteSource)
    }

    let bio: OpaquePointer
    private let endpoint: Endpoint
    private var failure: (any Error)?

    /// A stream BIO that writes to `sink`.
    convenience init(_ sink: ByteSink) throws {
        try self.init(.sink(sink), method: Self.sinkMethod, purpose: "output")
    }

    /// A stream BIO that reads from `source`.
    convenience init(_ source: ByteSource) throws {
        try self.init(.source(source), method: Self.sourceMethod, purpose: "input")
    }

    private init(_ endpoint: Endpoint, method: OpaquePointer?, purpose: String) throws {
        guard let method, let bio = BIO_new(method) else {
            throw OpenSSLErrorQueue.error(.environment, "cannot create an \(purpose) stream")
        }
        self.bio = bio
        self.endpoint = endpoint
        BIO_set_data(bio, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        BIO_set_data(bio, nil)
        BIO_free(bio)
    }

    /// Throws the first error the stream raised, if any.
    func rethrow() throws {
        if let failure { throw failure }
    }

    private static func owner(of bio: OpaquePointer?) -> StreamBIO? {
        guard let bio, let context = BIO_get_data(bio) else { return nil }
        return Unmanaged<StreamBIO>.fromOpaque(context).takeUnretainedValue()
    }

    private func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard case .sink(let sink) = endpoint else { return false }
        do {
            try sink.write(bytes)
            return true
        } catch {
            failure = error
            return false
        }
    }

    private func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard case .source(let source) = endpoint else { return 0 }
        do {
            return try source.read(into: buffer)
        } catch {
            failure = error
            return 0
        }
    }

    // The methods are created once and never changed afterwards, so sharing them between threads is safe.
    nonisolated(unsafe) private static let sinkMethod: OpaquePointer? = makeMethod(named: "exhibit sink") { method in
        BIO_meth_set_write_ex(method) { bio, data, length, written in
            let bytes = UnsafeRawBufferPointer(start: data, count: length)
            guard let owner = StreamBIO.owner(of: bio), owner.write(bytes) else { return 0 }
            written?.pointee = length
            return 1
        }
    }

    nonisolated(unsafe) private static let sourceMethod: OpaquePointer? = makeMethod(named: "exhibit source") { method in
        BIO_meth_set_read_ex(method) { bio, data, length, read in
            guard let data, let owner = StreamBIO.owner(of: bio) else { return 0 }
            let count = owner.read(into: UnsafeMutableRawBufferPointer(start: data, count: length))
            read?.pointee = count
            return count > 0 ? 1 : 0
        }
    }

    /// A source/sink BIO method that answers flush and nothing else, with the read or write callback `configure`
    /// sets.
    private static func makeMethod(named name: String, configure: (OpaquePointer) -> Void) -> OpaquePointer? {
        guard let method = BIO_meth_new(BIO_TYPE_SOURCE_SINK | BIO_get_new_index(), name) else { return nil }
        configure(method)
        BIO_meth_set_ctrl(method) { _, command, _, _ in
            command == BIO_CTRL_FLUSH ? 1 : 0
        }
        BIO_meth_set_create(method) { bio in
            BIO_set_init(bio, 1)
            return 1
        }
        return method
    }
}
