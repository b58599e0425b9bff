/// An Indian mobile number, normalised to its 10 digits ("9876543210").
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    /// The 10-digit national number.
    public let national: String

    /// Accepts `9876543210`, `09876543210`, `919876543210` and `+91 98765-43210`; spaces,
    /// dashes and brackets are ignored. Indian mobile numbers start with 6, 7, 8 or 9.
    public init?(_ raw: String) {
        var text = raw.filter { !" -().".contains($0) }
        if text.hasPrefix("+") {
            guard text.hasPrefix("+91") else { return nil }
            text.removeFirst(3)
        } else if text.count == 12, text.hasPrefix("91") {
            text.removeFirst(2)
        } else if text.count == 11, text.hasPrefix("0") {
            text.removeFirst()
        }
        guard text.count == 10, text.allSatisfy({ $0.isASCII && $0.isNumber }),
              let first = text.first, "6789".contains(first) else { return nil }
        national = text
    }

    /// With the country code and no plus, as SMS gateways and smstools3 expect ("919876543210").
    public var international: String { "91" + national }

    /// Shown back to the guest: "987****3210".
    public var masked: String { String(national.prefix(3)) + "****" + String(national.suffix(4)) }

    public var description: String { national }
}
