internal import CExhibitOpenSSL

/// An owned OpenSSL `BIO` (memory or file), freed in `deinit`.
final class OwnedBIO {
    let bio: OpaquePointer

    private init(_ bio: OpaquePointer) { self.bio = bio }

    deinit { BIO_free_all(bio) }

    /// An empty, writable memory BIO (`BIO_new(BIO_s_mem())`).
    static func memory() throws -> OwnedBIO {
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw OpenSSLErrorQueue.error(.environment, "cannot allocate a memory buffer")
        }
        return OwnedBIO(bio)
    }

    /// A memory BIO holding a copy of `bytes`, for reading.
    static func reading(_ bytes: [UInt8]) throws -> OwnedBIO {
        let bio = try memory()
        if !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { BIO_write(bio.bio, $0.baseAddress, Int32($0.count)) }
            guard written == Int32(bytes.count) else {
                throw OpenSSLErrorQueue.error(.environment, "cannot fill a memory buffer")
            }
        }
        return bio
    }

    /// A file BIO (`BIO_new_file`) opened with `mode` ("rb", "wb").
    static func file(_ path: String, mode: String) throws -> OwnedBIO {
        guard let bio = BIO_new_file(path, mode) else {
            OpenSSLErrorQueue.clear()
            throw ExhibitError.environment("cannot open \(path)")
        }
        return OwnedBIO(bio)
    }

    /// Wraps a BIO this object now owns.
    static func adopting(_ bio: OpaquePointer) -> OwnedBIO { OwnedBIO(bio) }

    /// Everything written to a memory BIO so far.
    func contents() -> [UInt8] {
        var pointer: UnsafeMutablePointer<CChar>?
        let length = exhibit_BIO_get_mem_data(bio, &pointer)
        guard let pointer, length > 0 else { return [] }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }
}
