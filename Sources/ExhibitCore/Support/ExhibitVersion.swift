/// This release of Exhibit, as recorded in bundles (`Bag-Software-Agent`) and shown by `--version`.
public enum ExhibitVersion {
    /// The release number.
    public static let number = "0.2.0"
    /// `Exhibit 0.2.0`.
    public static let agent = "Exhibit \(number)"
}
