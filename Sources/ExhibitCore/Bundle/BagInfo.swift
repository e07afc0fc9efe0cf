import Foundation

/// `bag-info.txt` of a bundle's bags, typed: written (`marshal`) and read (`parse`) by the same code.
///
/// The outer bag carries only what is not sensitive (who sent it, the bundle id, the date, the payload size, the
/// software and format); the inner, signed bag also names the recipient, the purpose, the policy and its hash,
/// the marking and, when the policy lets it travel, the case reference. Bags written by release 0.1.0 have no
/// `Bag-Software-Agent` and no `Exhibit-Bundle-Format`: they read as format 1.
public struct BagInfo: Sendable, Equatable {
    /// The bundle format this release writes (`Exhibit-Bundle-Format`).
    public static let currentFormat = 1

    public var sourceOrganization: String
    /// The bundle id.
    public var externalIdentifier: String
    /// `yyyy-mm-dd`.
    public var baggingDate: String
    /// `bytes.files` of the payload.
    public var payloadOxum: String
    /// e.g. `Exhibit 0.2.0`.
    public var bagSoftwareAgent: String?
    /// The bundle format (1 when absent).
    public var bundleFormat: Int = 1
    /// The inner bag's statements (absent from the outer bag).
    public var inner: Inner?
    /// What the outer bag declares of the inner archive, signed with it (absent from bundles that predate it).
    public var innerArchive: InnerArchive?

    /// The inner archive's size as the sender declares it in the outer bag (`Exhibit-Inner-Entries`,
    /// `Exhibit-Inner-Bytes`): the receiver's extraction limits follow it, checked before anything is decrypted.
    public struct InnerArchive: Sendable, Equatable {
        /// Tar entries (folders and files).
        public var entries: Int
        /// The tar's length in bytes (the ciphertext's length: AES-GCM adds none).
        public var bytes: Int64

        /// Creates the declaration.
        public init(entries: Int, bytes: Int64) {
            self.entries = entries
            self.bytes = bytes
        }
    }

    /// What only the inner, signed bag says.
    public struct Inner: Sendable, Equatable {
        public var senderCertificate: String
        public var recipientOrganization: String
        public var recipientID: String
        public var recipientCertificate: String
        public var purpose: String
        public var policyID: String
        public var policyVersion: String
        public var policySHA256: String
        public var protectiveMarking: String
        public var caseReference: String?

        /// Creates the inner statements.
        public init(
            senderCertificate: String, recipientOrganization: String, recipientID: String, recipientCertificate: String,
            purpose: String, policyID: String, policyVersion: String, policySHA256: String, protectiveMarking: String,
            caseReference: String?
        ) {
            self.senderCertificate = senderCertificate
            self.recipientOrganization = recipientOrganization
            self.recipientID = recipientID
            self.recipientCertificate = recipientCertificate
            self.purpose = purpose
            self.policyID = policyID
            self.policyVersion = policyVersion
            self.policySHA256 = policySHA256
            self.protectiveMarking = protectiveMarking
            self.caseReference = caseReference
        }
    }

    /// Creates bag-info.
    public init(
        sourceOrganization: String, externalIdentifier: String, baggingDate: String, payloadOxum: String,
        bagSoftwareAgent: String?, bundleFormat: Int = BagInfo.currentFormat, inner: Inner? = nil
    ) {
        self.sourceOrganization = sourceOrganization
        self.externalIdentifier = externalIdentifier
        self.baggingDate = baggingDate
        self.payloadOxum = payloadOxum
        self.bagSoftwareAgent = bagSoftwareAgent
        self.bundleFormat = bundleFormat
        self.inner = inner
    }

    /// The labelled values in the order they are written.
    public var fields: [(String, String)] {
        var fields: [(String, String)] = [
            ("Source-Organization", sourceOrganization), ("External-Identifier", externalIdentifier),
            ("Bagging-Date", baggingDate), ("Payload-Oxum", payloadOxum),
        ]
        if let bagSoftwareAgent { fields.append(("Bag-Software-Agent", bagSoftwareAgent)) }
        fields.append(("Exhibit-Bundle-Format", String(bundleFormat)))
        if let innerArchive {
            fields += [
                ("Exhibit-Inner-Entries", String(innerArchive.entries)), ("Exhibit-Inner-Bytes", String(innerArchive.bytes)),
            ]
        }
        if let inner {
            fields += [
                ("Exhibit-Sender-Certificate", inner.senderCertificate),
                ("Exhibit-Recipient-Organization", inner.recipientOrganization), ("Exhibit-Recipient-Id", inner.recipientID),
                ("Exhibit-Recipient-Certificate", inner.recipientCertificate), ("Exhibit-Purpose", inner.purpose),
                ("Exhibit-Policy-Id", inner.policyID), ("Exhibit-Policy-Version", inner.policyVersion),
                ("Exhibit-Policy-SHA256", inner.policySHA256), ("Exhibit-Protective-Marking", inner.protectiveMarking),
            ]
            if let caseReference = inner.caseReference { fields.append(("Exhibit-Case-Reference", caseReference)) }
        }
        return fields
    }

    /// `bag-info.txt`: one `Label: value` line each (line breaks in values become spaces).
    public func marshal() -> String {
        fields.map { "\($0.0): \($0.1.split(whereSeparator: \.isNewline).joined(separator: " "))\n" }.joined()
    }

    /// Parses `bag-info.txt` (RFC 8493 2.2.2: continuation lines start with white space; a repeated label keeps
    /// its first value).
    /// - Parameters:
    ///   - text: the file's text.
    ///   - name: the file's name, for messages.
    ///   - inner: true for the inner bag, whose statements are required.
    /// - Returns: the parsed bag-info.
    /// - Throws: `ExhibitError.verificationFailed` naming a missing or malformed field.
    public static func parse(_ text: String, name: String, inner: Bool) throws -> BagInfo {
        let labels = labelled(text)
        func required(_ label: String) throws -> String {
            guard let value = labels[label], !value.isEmpty else {
                throw ExhibitError.verificationFailed("\(name) has no \(label)")
            }
            return value
        }
        var format = 1
        if let declared = labels["Exhibit-Bundle-Format"] {
            guard let number = Int(declared), number >= 1 else {
                throw ExhibitError.verificationFailed("\(name): Exhibit-Bundle-Format \(declared) is not a format number")
            }
            guard number <= currentFormat else {
                throw ExhibitError.verificationFailed(
                    "\(name): bundle format \(number) is newer than this release reads (\(currentFormat)); upgrade Exhibit")
            }
            format = number
        }
        var info = BagInfo(
            sourceOrganization: try required("Source-Organization"), externalIdentifier: try required("External-Identifier"),
            baggingDate: try required("Bagging-Date"), payloadOxum: try required("Payload-Oxum"),
            bagSoftwareAgent: labels["Bag-Software-Agent"], bundleFormat: format)
        if labels["Exhibit-Inner-Entries"] != nil || labels["Exhibit-Inner-Bytes"] != nil {
            let entries = try required("Exhibit-Inner-Entries")
            let bytes = try required("Exhibit-Inner-Bytes")
            guard let count = Int(entries), count >= 0, let length = Int64(bytes), length >= 0 else {
                throw ExhibitError.verificationFailed(
                    "\(name): Exhibit-Inner-Entries \(entries) or Exhibit-Inner-Bytes \(bytes) is not a whole number")
            }
            info.innerArchive = InnerArchive(entries: count, bytes: length)
        }
        if inner {
            info.inner = Inner(
                senderCertificate: try required("Exhibit-Sender-Certificate"),
                recipientOrganization: try required("Exhibit-Recipient-Organization"),
                recipientID: try required("Exhibit-Recipient-Id"),
                recipientCertificate: try required("Exhibit-Recipient-Certificate"), purpose: try required("Exhibit-Purpose"),
                policyID: try required("Exhibit-Policy-Id"), policyVersion: try required("Exhibit-Policy-Version"),
                policySHA256: try required("Exhibit-Policy-SHA256"),
                protectiveMarking: try required("Exhibit-Protective-Marking"), caseReference: labels["Exhibit-Case-Reference"])
        }
        return info
    }

    /// Label → value, continuation lines joined with a space, the first of repeated labels kept.
    static func labelled(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        var last: String?
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if line.first == " " || line.first == "\t" {
                if let label = last, fields[label] != nil {
                    fields[label, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
                }
            } else if let colon = line.firstIndex(of: ":") {
                let label = line[..<colon].trimmingCharacters(in: .whitespaces)
                if fields[label] == nil {
                    fields[label] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    last = label
                } else {
                    last = nil
                }
            }
        }
        return fields
    }
}
