/// The numbering of GST tax invoices: a gap-free series per restaurant and financial year
/// (April to March), "INV/2627/000042". CGST Rule 46(b) allows at most 16 characters, and GSTR-1
/// carries the number as it is: the year is written as its two short years.
public enum TaxInvoice {
    /// Restaurant service's accounting code on every invoice.
    public static let sac = "996331"

    /// The Indian financial year a local date ("2026-11-25") falls in: "2026-27".
    public static func financialYear(ofLocalDate date: String) -> String {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return "0000-00" }
        let start = parts[1] >= 4 ? parts[0] : parts[0] - 1
        let end = (start + 1) % 100
        return "\(start)-\(end < 10 ? "0" : "")\(end)"
    }

    public static func number(financialYear: String, sequence: Int) -> String {
        let digits = String(sequence)
        let years = financialYear.split(separator: "-")
        let short = years.count == 2 ? String(years[0].suffix(2)) + years[1] : financialYear
        return "INV/\(short)/" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
