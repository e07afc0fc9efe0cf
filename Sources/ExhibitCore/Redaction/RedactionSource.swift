/// One file to redact, as plain values: which exhibit and file it is, where its content can be read, what
/// it is, its registered hashes and the regions marked on it. Redaction knows no store: the operations map
/// their records to this.
public struct RedactionSource: Sendable, Equatable {
    /// The exhibit reference.
    public var ref: String
    /// The file's path within the exhibit.
    public var file: String
    /// The original file name.
    public var name: String
    /// The media type, e.g. `image/png`.
    public var mediaType: String
    /// The exhibit's category.
    public var category: String?
    /// The registered size and hashes: the content must still have them.
    public var digests: FileDigests
    /// Where the content is read from (a read-only object file).
    public var contentPath: String
    /// Regions marked on this picture to burn in (every registration of the same content shares them).
    public var marks: [PixelRegion]

    /// Creates a source.
    public init(
        ref: String, file: String, name: String, mediaType: String, category: String?, digests: FileDigests,
        contentPath: String, marks: [PixelRegion]
    ) {
        self.ref = ref
        self.file = file
        self.name = name
        self.mediaType = mediaType
        self.category = category
        self.digests = digests
        self.contentPath = contentPath
        self.marks = marks
    }
}
