import Foundation

/// A rectangle of an image, in pixels from the top left.
public struct PixelRegion: Codable, Sendable, Equatable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    /// Creates a region.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Parses `X,Y,W,H`.
    /// - Parameter text: four non-negative integers separated by commas, with a positive width and height.
    /// - Returns: the region, or nil when the text is malformed.
    public static func parse(_ text: String) -> PixelRegion? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard parts.count == 4, let x = parts[0], let y = parts[1], let width = parts[2], let height = parts[3],
            x >= 0, y >= 0, width > 0, height > 0
        else { return nil }
        return PixelRegion(x: x, y: y, width: width, height: height)
    }

    public var description: String { "\(x),\(y),\(width),\(height)" }
}
