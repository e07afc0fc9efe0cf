/// Writes a whole bundle file: the outer pax tar holding the bag folder, the ciphertext of the inner bag's tar
/// (`data/payload.bin`, streamed through AES-256-GCM for the recipient), the envelope, and the outer tag files
/// signed by the sender. The inner tar's length is learned first by writing it to a counter (headers depend only
/// on names and sizes), so the ciphertext streams straight into its tar entry: memory stays bounded. The files are
/// read, checked and encrypted on one thread while the ciphertext is hashed and written on another (`HandoffSink`).
package enum BundleWriter {
    /// The file written.
    package struct Written {
        package var sha256: String
        package var bytes: Int64
    }

    /// Writes the bundle to `path` (which must not exist) and flushes it.
    /// - Parameters:
    ///   - bundleID: the bag's name.
    ///   - innerTags: the inner bag's tag files, signed.
    ///   - payload: the inner bag's payload files, the same on every pass (read four times: names and sizes, then
    ///     content).
    ///   - recipient: the partner's certificate (checked by the caller for encryption).
    ///   - outerInfo: the outer bag-info for a given `Payload-Oxum`.
    ///   - signer: signs the outer tag manifest.
    ///   - path: the file to create.
    ///   - progress: called with bytes of the inner bag encrypted so far and in all.
    /// - Returns: its SHA-256 and size.
    /// - Throws: `.verificationFailed` when a payload file changed; `.environment` for the disk or OpenSSL.
    package static func write(
        bundleID: String, innerTags: [BagTagFile], payload: some Sequence<BagArchive.PayloadFile>, recipient: Certificate,
        outerInfo: (String) -> BagInfo, signer: LedgerSigner, to path: String,
        progress: ((Int64, Int64) -> Void)? = nil
    ) throws -> Written {
        let counter = CountingSink()
        let innerEntries = try BagArchive.write(
            bagName: bundleID, tags: innerTags, payload: payload, to: counter, content: false)
        let file = try HashingFileSink(creating: path, mode: 0o644)
        let outer = try TarWriter(sink: file)
        try outer.addDirectory(bundleID)
        try outer.addDirectory("\(bundleID)/data")
        var envelope: [UInt8] = []
        var payloadHash = ""
        try outer.addFile("\(bundleID)/data/payload.bin", size: counter.count) { write in
            try withoutActuallyEscaping(write) { write in
                var done: Int64 = 0
                let ciphertext = try DigestingSink { chunk in
                    try write(chunk)
                    done += Int64(chunk.count)
                    progress?(done, counter.count)
                }
                // Reading, checking and encrypting here; hashing the ciphertext and writing the bundle on a second
                // thread (which stops before this closure returns, whatever happens).
                let handoff = HandoffSink(target: ciphertext)
                defer { try? handoff.finish() }
                let encryptor = try EnvelopeWriter(recipient: recipient, output: handoff)
                try BagArchive.write(bagName: bundleID, tags: innerTags, payload: payload, to: encryptor, content: true)
                envelope = try encryptor.finish()
                try handoff.finish()
                payloadHash = ciphertext.finish()
            }
        }
        try outer.addFile("\(bundleID)/data/envelope.cms.der", bytes: envelope)
        // The inner archive's size, declared in the signed outer bag-info: the receiver's limits before decrypting.
        var info = outerInfo(BagIt.oxum(bytes: counter.count + Int64(envelope.count), files: 2))
        info.innerArchive = BagInfo.InnerArchive(entries: innerEntries, bytes: counter.count)
        let outerTags = try BagIt.tagFiles(
            info: info,
            payload: [
                (path: "data/payload.bin", sha256: payloadHash),
                (path: "data/envelope.cms.der", sha256: Hex.encode(MessageDigest.sha256(envelope))),
            ],
            extra: [], sign: { try signer.sign($0) })
        for tag in outerTags { try outer.addFile("\(bundleID)/\(tag.path)", bytes: try tag.bytes()) }
        try outer.finish()
        return Written(sha256: try file.finish(), bytes: file.count)
    }
}
