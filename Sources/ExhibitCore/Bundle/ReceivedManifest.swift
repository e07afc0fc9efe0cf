import Foundation

/// Every field of a received `exhibit/manifest.json` that becomes part of the receiving case passes the checks
/// local input passes (`ExhibitFields`), or the bundle is refused: a partner's manifest cannot import an exhibit
/// with an empty reference or one holding line breaks and terminal escapes.
package enum ReceivedManifest {
    /// Decodes `exhibit/manifest.json` as it is read, its items a batch at a time (`JSONArrayMember`), so that neither
    /// the file nor its parse is ever held whole. Text that repeats from one item to the next (the ref, category,
    /// description, media type, reason, and a source hash equal to the shared content's) is kept once.
    /// - Throws: `ExhibitError.verificationFailed` when the manifest is malformed; what `source` throws.
    package static func decode(_ source: ByteSource) throws -> BundleManifest {
        var items: [BundleManifest.Item] = []
        var manifest = try decode(source) { items += $0 }
        manifest.items = items
        return manifest
    }

    /// Decodes `exhibit/manifest.json` as `decode(_:)` does, handing its items to `body` a batch at a time, in order,
    /// instead of holding them.
    /// - Returns: the manifest without its items.
    /// - Throws: `ExhibitError.verificationFailed` when the manifest is malformed; what `source` or `body` throws.
    package static func decode(_ source: ByteSource, items body: ([BundleManifest.Item]) throws -> Void) throws
        -> BundleManifest
    {
        let label = "exhibit/manifest.json"
        do {
            var previous: BundleManifest.Item?
            let remainder = try JSONArrayMember.decode(BundleManifest.Item.self, from: source, member: "items", label: label) {
                batch in
                var items: [BundleManifest.Item] = []
                items.reserveCapacity(batch.count)
                for var item in batch {
                    if let previous {
                        if item.ref == previous.ref { item.ref = previous.ref }
                        if item.category == previous.category { item.category = previous.category }
                        if item.description == previous.description { item.description = previous.description }
                        if item.mediaType == previous.mediaType { item.mediaType = previous.mediaType }
                        if item.reason == previous.reason { item.reason = previous.reason }
                    }
                    if let sha256 = item.sha256, sha256 == item.sourceSHA256 { item.sourceSHA256 = sha256 }
                    items.append(item)
                    previous = item
                }
                try body(items)
            }
            var manifest = try JSONDecoder().decode(BundleManifest.self, from: remainder)
            manifest.items = []
            return manifest
        } catch let error as ExhibitError {
            throw error
        } catch {
            throw ExhibitError.verificationFailed("\(label) is malformed")
        }
    }

    /// Checks the manifest: its own fields (`checkFields`) and every item (`ItemCheck`).
    /// - Parameters:
    ///   - manifest: the decoded manifest (its files already matched against the bag).
    ///   - partnerID: the sender's id here, which prefixes the imported references.
    /// - Throws: `ExhibitError.verificationFailed` naming the item and the field.
    package static func check(_ manifest: BundleManifest, partnerID: String) throws {
        try checkFields(manifest)
        var items = ItemCheck(partnerID: partnerID)
        for item in manifest.items { try items.check(item) }
    }

    /// Checks the manifest's own fields (its purpose, sender and time), not its items.
    /// - Throws: `ExhibitError.verificationFailed` naming the field.
    package static func checkFields(_ manifest: BundleManifest) throws {
        _ = try checked("purpose") { try ExhibitFields.required(manifest.purpose, flag: "purpose") }
        _ = try checked("sender") { try ExhibitFields.required(manifest.sender.name, flag: "sender name") }
        _ = try checked("createdAt") { try ExhibitFields.time(manifest.createdAt, flag: "createdAt") }
    }

    /// Checks a manifest's items one after another, in order.
    ///
    /// A field byte for byte the item before's passed the same check there (an exhibit's hundred thousand files
    /// share its reference, category and description): each check depends on nothing but the value's bytes.
    package struct ItemCheck {
        private let partnerID: String
        private var previous: BundleManifest.Item?
        private var number = 0

        /// A check of the items of a bundle from the partner known here as `partnerID`.
        package init(partnerID: String) { self.partnerID = partnerID }

        /// Checks the next item.
        /// - Throws: `ExhibitError.verificationFailed` naming the item (by its number) and the field.
        package mutating func check(_ item: BundleManifest.Item) throws {
            number += 1
            defer { previous = item }
            let label = "item \(number)"
            func repeated(_ value: String, _ before: String?) -> Bool {
                before.map { value.utf8.elementsEqual($0.utf8) } ?? false
            }
            if !repeated(item.ref, previous?.ref) {
                try checked(label) { try ExhibitFields.checkReference(item.ref) }
                try checked(label) { try ExhibitFields.checkReference("\(partnerID):\(item.ref)") }
            }
            if let category = item.category, !repeated(category, previous?.category) {
                try checked(label) { try ExhibitFields.checkCategory(category) }
            }
            if let description = item.description, !repeated(description, previous?.description) {
                _ = try checked(label) { try ExhibitFields.required(description, flag: "description") }
            }
            if let reason = item.reason, !repeated(reason, previous?.reason) {
                _ = try checked(label) { try ExhibitFields.required(reason, flag: "reason") }
            }
            if let mediaType = item.mediaType, !repeated(mediaType, previous?.mediaType), !isMediaType(mediaType) {
                throw ExhibitError.verificationFailed("\(source): \(label): \"\(mediaType)\" is not a media type")
            }
            if let file = item.file {
                guard file.hasPrefix("data/"), file.utf8.count > "data/".utf8.count else {
                    throw ExhibitError.verificationFailed("\(source): \(label): \(file) is not a file under data/")
                }
                _ = try checked(label) { try SafeTarExtractor.clean(file, name: "file", limits: SafeTarExtractor.Limits()) }
            }
        }
    }

    private static let source = "exhibit/manifest.json"

    /// Runs a field check, its failure named for the manifest and `what`.
    private static func checked<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ExhibitError {
            throw ExhibitError.verificationFailed("\(source): \(what): \(error.message)")
        }
    }

    /// `type/subtype` (with parameters) in printable ASCII, at most 255 bytes.
    static func isMediaType(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 255, bytes.contains(UInt8(ascii: "/")) else { return false }
        return bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F || $0 == 0x20 }
            && bytes.first != UInt8(ascii: "/") && bytes.last != UInt8(ascii: "/")
    }
}
