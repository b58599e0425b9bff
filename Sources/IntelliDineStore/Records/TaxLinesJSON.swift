import Foundation
import IntelliDineDomain

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
        struct Stored: Decodable {
            var rate_bp: Int
            var taxable, cgst, sgst: Int64
        }
        let stored = (try? JSONDecoder().decode([Stored].self, from: Data(json.utf8))) ?? []
        return stored.map {
            TaxLine(rate: GSTRate(total: BasisPoints($0.rate_bp)), taxable: Paise($0.taxable), tax: GSTBreakdown(cgst: Paise($0.cgst), sgst: Paise($0.sgst)))
        }
    }
}
