import Foundation
import IntelliDineDomain

/// GSTR-1 in the field names of the GST offline tool's JSON import (`b2b`, `b2cs`, `hsn`,
/// `doc_issue`), and as CSV, one file per table. The mapping is in docs/gstr1.md. Amounts are
/// rupees with two decimals, as the tool writes them.
enum GSTR1Export {
    struct Item: Encodable {
        var rt: Decimal
        var txval: Paise
        var iamt: Paise = .zero
        var camt: Paise
        var samt: Paise
        var csamt: Paise = .zero

        init(_ line: TaxLine) {
            (rt, txval, camt, samt) = (line.rate.total.percent, line.taxable, line.tax.cgst, line.tax.sgst)
        }
    }

    struct B2BParty: Encodable {
        struct Invoice: Encodable {
            struct Line: Encodable {
                var num: Int
                var itm_det: Item
            }
            var inum: String
            var idt: String
            var val: Paise
            var pos: String
            var rchrg = "N"
            var inv_typ = "R"
            var itms: [Line]
        }
        var ctin: String
        var inv: [Invoice]
    }

    struct B2CS: Encodable {
        var sply_ty = "INTRA"
        var pos: String
        var typ = "OE"
        var rt: Decimal
        var txval: Paise
        var iamt: Paise = .zero
        var camt: Paise
        var samt: Paise
        var csamt: Paise = .zero
    }

    struct HSNRow: Encodable {
        var num: Int
        var hsn_sc = TaxInvoice.sac
        var desc = "Restaurant service"
        /// Services have no unit of quantity: "NA" and 0, as the portal asks for SAC codes.
        var uqc = "NA"
        var qty = 0
        var rt: Decimal
        var txval: Paise
        var iamt: Paise = .zero
        var camt: Paise
        var samt: Paise
        var csamt: Paise = .zero
    }

    struct HSN: Encodable {
        var hsn_b2b: [HSNRow]
        var hsn_b2c: [HSNRow]
    }

    struct DocIssue: Encodable {
        struct Detail: Encodable {
            struct Series: Encodable {
                var num: Int
                var from: String
                var to: String
                var totnum: Int
                var cancel: Int
                var net_issue: Int
            }
            var doc_num = 1
            var doc_typ = "Invoices for outward supply"
            var docs: [Series]
        }
        var doc_det: [Detail]
    }

    struct Return: Encodable {
        var gstin: String
        /// The period, MMYYYY.
        var fp: String
        var version = "GST3.2"
        var b2b: [B2BParty]
        var b2cs: [B2CS]
        var hsn: HSN
        var doc_issue: DocIssue
    }

    static func json(_ month: GSTR1.Month) -> Return {
        let parts = month.month.split(separator: "-")
        let byBuyer = Dictionary(grouping: month.b2b, by: \.buyerGSTIN)
        let b2b = byBuyer.keys.sorted().map { ctin in
            B2BParty(ctin: ctin, inv: byBuyer[ctin]!.map { invoice in
                B2BParty.Invoice(
                    inum: invoice.number, idt: portalDate(invoice.localDate), val: invoice.total, pos: month.placeOfSupply,
                    // Item numbers follow the portal: the rate in hundredths, then 01 (18 % → 1801).
                    itms: invoice.taxes.map { B2BParty.Invoice.Line(num: $0.rate.total.value + 1, itm_det: Item($0)) })
            })
        }
        func hsnRows(_ lines: [TaxLine]) -> [HSNRow] {
            lines.enumerated().map { HSNRow(num: $0.offset + 1, rt: $0.element.rate.total.percent, txval: $0.element.taxable, camt: $0.element.tax.cgst, samt: $0.element.tax.sgst) }
        }
        return Return(
            gstin: month.gstin, fp: parts.count == 2 ? "\(parts[1])\(parts[0])" : month.month, b2b: b2b,
            b2cs: month.b2cs.map {
                B2CS(pos: month.placeOfSupply, rt: $0.rate.total.percent, txval: $0.taxable, camt: $0.tax.cgst, samt: $0.tax.sgst)
            },
            hsn: HSN(hsn_b2b: hsnRows(month.hsnB2B), hsn_b2c: hsnRows(month.hsnB2C)),
            doc_issue: DocIssue(doc_det: [DocIssue.Detail(docs: month.documents.enumerated().map {
                .init(num: $0.offset + 1, from: $0.element.from, to: $0.element.to, totnum: $0.element.count,
                      cancel: $0.element.cancelled, net_issue: $0.element.netIssued)
            })]))
    }

    /// "2026-12-03" → "03-12-2026", the portal's date format.
    static func portalDate(_ date: String) -> String {
        date.split(separator: "-").reversed().joined(separator: "-")
    }

    enum Table: String, CaseIterable {
        case b2b, b2cs, hsn, docs
    }

    /// One table as CSV with the offline tool's column headings.
    static func csv(_ month: GSTR1.Month, table: Table) -> String {
        func money(_ paise: Paise) -> String {
            let value = paise.value
            return "\(value / 100).\(String(format: "%02d", abs(value % 100)))"
        }
        var rows: [[String]]
        switch table {
        case .b2b:
            rows = [["GSTIN/UIN of Recipient", "Receiver Name", "Invoice Number", "Invoice date", "Invoice Value", "Place Of Supply",
                     "Reverse Charge", "Invoice Type", "Rate", "Taxable Value", "Central Tax", "State/UT Tax", "Cess Amount"]]
            for invoice in month.b2b {
                for line in invoice.taxes {
                    rows.append([invoice.buyerGSTIN, invoice.buyerName, invoice.number, portalDate(invoice.localDate), money(invoice.total),
                                 month.placeOfSupply, "N", "Regular", "\(line.rate.total.percent)", money(line.taxable),
                                 money(line.tax.cgst), money(line.tax.sgst), "0.00"])
                }
            }
        case .b2cs:
            rows = [["Type", "Place Of Supply", "Rate", "Taxable Value", "Central Tax", "State/UT Tax", "Cess Amount"]]
            rows += month.b2cs.map { ["OE", month.placeOfSupply, "\($0.rate.total.percent)", money($0.taxable), money($0.tax.cgst), money($0.tax.sgst), "0.00"] }
        case .hsn:
            rows = [["Supply", "HSN", "Description", "UQC", "Total Quantity", "Rate", "Taxable Value", "Integrated Tax Amount",
                     "Central Tax Amount", "State/UT Tax Amount", "Cess Amount"]]
            for (supply, lines) in [("B2B", month.hsnB2B), ("B2C", month.hsnB2C)] {
                rows += lines.map { [supply, TaxInvoice.sac, "Restaurant service", "NA", "0", "\($0.rate.total.percent)", money($0.taxable), "0.00",
                                     money($0.tax.cgst), money($0.tax.sgst), "0.00"] }
            }
        case .docs:
            rows = [["Nature of Document", "Sr. No. From", "Sr. No. To", "Total Number", "Cancelled", "Net Issued"]]
            rows += month.documents.map { ["Invoices for outward supply", $0.from, $0.to, "\($0.count)", "\($0.cancelled)", "\($0.netIssued)"] }
        }
        return CSV.text(rows)
    }
}
