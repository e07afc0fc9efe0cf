extension ByteScan {
    /// How many bytes equal to `byte` are in `range` of `text`, sixteen at a time.
    static func count(of byte: UInt8, in text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var total = 0
        var index = range.lowerBound
        if let base = text.baseAddress {
            let raw = UnsafeRawPointer(base)
            let wanted = SIMD16<UInt8>(repeating: byte)
            let one = SIMD16<UInt8>(repeating: 1)
            let zero = SIMD16<UInt8>(repeating: 0)
            while index &+ 16 <= range.upperBound {
                let block = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                total &+= Int(one.replacing(with: zero, where: block .!= wanted).wrappedSum())
                index &+= 16
            }
        }
        while index < range.upperBound {
            if text[index] == byte { total += 1 }
            index += 1
        }
        return total
    }
}
