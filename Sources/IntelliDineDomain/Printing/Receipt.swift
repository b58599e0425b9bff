/// A guest's bill, a tax invoice or a day's report, laid out for an 80 mm receipt printer
/// (docs/day-close.md, docs/gstr1.md). Rendered to ESC/POS by `ESCPOS.render(_:)`.
public struct Receipt: Sendable, Equatable {
    public enum Line: Sendable, Equatable {
        /// Large and centred: the restaurant's name, "TAX INVOICE".
        case title(String)
        case centered(String)
        case text(String)
        /// A label on the left, an amount on the right.
        case amount(String, Paise)
        /// The same, in bold: the total, the amount due.
        case total(String, Paise)
        case rule
        /// A QR code printed with the printer's own QR command (a UPI payment request).
        case qr(String)
    }

    public var lines: [Line]

    public init(_ lines: [Line]) { self.lines = lines }
}

/// The UPI payment request a guest's UPI app reads from a QR code (NPCI's deep-link format).
public enum UPIPayment {
    /// `upi://pay?pa=<VPA>&pn=<payee>&am=<amount>&cu=INR&tn=<note>`, each value percent-encoded.
    public static func uri(vpa: String, payee: String, amount: Paise, note: String) -> String {
        let rupees = "\(amount.value / 100).\(amount.value % 100 < 10 ? "0" : "")\(amount.value % 100)"
        return "upi://pay?pa=\(encode(vpa))&pn=\(encode(payee))&am=\(rupees)&cu=INR&tn=\(encode(note))"
    }

    /// RFC 3986 percent-encoding: everything but letters, digits and `-._~` (and `@` in a VPA).
    static func encode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            let c = Character(UnicodeScalar(byte))
            if byte < 0x80 && (c.isLetter || c.isNumber || "-._~@".contains(c)) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}

extension ESCPOS {
    /// "Rs 1,088.55": the printer's code page has no rupee sign.
    public static func money(_ amount: Paise) -> String { amount.formatted.replacingOccurrences(of: "₹", with: "Rs ") }

    public static func render(_ receipt: Receipt) -> [UInt8] {
        var out = initialize
        for line in receipt.lines {
            switch line {
            case .title(let text): out += alignCenter + doubleSize + Self.text(String(text.prefix(width / 2))) + [0x0A] + normal + alignLeft
            case .centered(let text): out += alignCenter + Self.text(text) + [0x0A] + alignLeft
            case .text(let text): out += Self.text(text) + [0x0A]
            case .amount(let label, let amount): out += Self.text(pair(label, money(amount))) + [0x0A]
            case .total(let label, let amount): out += boldOn + Self.text(pair(label, money(amount))) + boldOff + [0x0A]
            case .rule: out += Self.text(String(repeating: "-", count: width)) + [0x0A]
            case .qr(let data): out += alignCenter + qr(data) + [0x0A] + alignLeft
            }
        }
        return out + feedAndCut
    }

    /// `label` and `value` on one line, the value right-aligned; a long label is cut, never the value.
    static func pair(_ label: String, _ value: String) -> String {
        let room = max(1, width - value.count - 1)
        let cut = String(label.prefix(room))
        return cut + String(repeating: " ", count: width - cut.count - value.count) + value
    }

    /// GS ( k: model 2, module size 6, error correction M, store the data, print it.
    static func qr(_ data: String) -> [UInt8] {
        let bytes = text(data)
        let length = bytes.count + 3
        return [0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]
            + [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06]
            + [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31]
            + [0x1D, 0x28, 0x6B, UInt8(length & 0xFF), UInt8(length >> 8), 0x31, 0x50, 0x30] + bytes
            + [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30]
    }
}
