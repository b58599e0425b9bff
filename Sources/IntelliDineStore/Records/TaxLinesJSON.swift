import Foundation
import IntelliDineDomain

/// GST at one rate as the API, the day reports and the bills show it; `rate` in percent (CGST and
/// SGST are half each).
public struct TaxJSON: Codable, Sendable, Equatable {
    public var rate: Decimal
    public var taxable_value: Paise
    public var cgst: Paise
    public var sgst: Paise

    public init(_ line: TaxLine) {
        (rate, taxable_value, cgst, sgst) = (line.rate.total.percent, line.taxable, line.tax.cgst, line.tax.sgst)
    }
}

/// GST at each rate as stored on orders and invoices (`tax_lines`): JSON, amounts in paise,
/// `[{"rate_bp":500,"taxable":100000,"cgst":2500,"sgst":2500}]`. Written by hand: it is written on
/// every order placement, the hot path (docs/architecture.md, "Storage").
public enum TaxLinesJSON {
    public static func encode(_ lines: [TaxLine]) -> String {
        "[" + lines.map {
            "{\"rate_bp\":\($0.rate.total.value),\"taxable\":\($0.taxable.value),\"cgst\":\($0.tax.cgst.value),\"sgst\":\($0.tax.sgst.value)}"
        }.joined(separator: ",") + "]"
    }

    public static func decode(_ json: String) -> [TaxLine] {
        // Reports read a month of these (tens of thousands): the flat objects this type writes are
        // scanned by hand; anything else goes through JSONDecoder.
        if let lines = scan(json) { return lines }
        struct Stored: Decodable {
            var rate_bp: Int
            var taxable, cgst, sgst: Int64
        }
        let stored = (try? JSONDecoder().decode([Stored].self, from: Data(json.utf8))) ?? []
        return stored.map {
            TaxLine(rate: GSTRate(total: BasisPoints($0.rate_bp)), taxable: Paise($0.taxable), tax: GSTBreakdown(cgst: Paise($0.cgst), sgst: Paise($0.sgst)))
        }
    }

    /// `[{"rate_bp":500,"taxable":100000,"cgst":2500,"sgst":2500}, …]` with its four integer fields
    /// in any order; nil for anything else.
    static func scan(_ json: String) -> [TaxLine]? {
        var lines: [TaxLine] = []
        var fields: [Substring: Int64] = [:]
        var utf8 = json.utf8[...]
        func skipSpaces() { while let c = utf8.first, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { utf8 = utf8.dropFirst() } }
        func expect(_ byte: UInt8) -> Bool {
            skipSpaces()
            guard utf8.first == byte else { return false }
            utf8 = utf8.dropFirst()
            return true
        }
        guard expect(UInt8(ascii: "[")) else { return nil }
        if expect(UInt8(ascii: "]")) { return [] }
        repeat {
            guard expect(UInt8(ascii: "{")) else { return nil }
            fields.removeAll(keepingCapacity: true)
            repeat {
                guard expect(UInt8(ascii: "\"")), let close = utf8.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                let key = Substring(utf8[utf8.startIndex..<close])
                utf8 = utf8[utf8.index(after: close)...]
                guard expect(UInt8(ascii: ":")) else { return nil }
                skipSpaces()
                var negative = false
                if utf8.first == UInt8(ascii: "-") { negative = true; utf8 = utf8.dropFirst() }
                var value: Int64 = 0
                var digits = 0
                while let c = utf8.first, c >= 0x30, c <= 0x39 {
                    value = value &* 10 &+ Int64(c - 0x30)
                    digits += 1
                    utf8 = utf8.dropFirst()
                }
                guard digits > 0, digits < 19 else { return nil }
                fields[key] = negative ? -value : value
            } while expect(UInt8(ascii: ","))
            guard expect(UInt8(ascii: "}")), fields.count == 4, let rate = fields["rate_bp"], let taxable = fields["taxable"],
                  let cgst = fields["cgst"], let sgst = fields["sgst"] else { return nil }
            lines.append(TaxLine(rate: GSTRate(total: BasisPoints(Int(rate))), taxable: Paise(taxable), tax: GSTBreakdown(cgst: Paise(cgst), sgst: Paise(sgst))))
        } while expect(UInt8(ascii: ","))
        guard expect(UInt8(ascii: "]")) else { return nil }
        skipSpaces()
        return utf8.isEmpty ? lines : nil
    }
}
