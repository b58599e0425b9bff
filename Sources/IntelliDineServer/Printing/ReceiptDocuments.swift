import Foundation
import IntelliDineDomain
import IntelliDineStore

/// The counter's printed documents, laid out for 80 mm: the guest's bill with a UPI QR for the
/// amount due, the GST tax invoice, and the day's X or Z report.
enum ReceiptDocuments {
    static func header(name: String, address: String, gstin: String, fssai: String) -> [Receipt.Line] {
        var lines: [Receipt.Line] = [.title(name)]
        if !address.isEmpty { lines.append(.centered(address)) }
        if !gstin.isEmpty { lines.append(.centered("GSTIN \(gstin)")) }
        if !fssai.isEmpty { lines.append(.centered("FSSAI Lic. No. \(fssai)")) }
        return lines
    }

    /// GST at each rate as CGST and SGST lines, then service charge and round-off where there are any.
    static func money(subtotal: Paise, serviceCharge: Paise, taxes: [TaxLine], roundOff: Paise, pricesIncludeTax: Bool) -> [Receipt.Line] {
        var lines: [Receipt.Line] = [.amount("Subtotal" + (pricesIncludeTax ? " (GST included)" : ""), subtotal)]
        if serviceCharge > .zero { lines.append(.amount("Service charge (optional)", serviceCharge)) }
        for tax in taxes {
            let half = tax.rate.total.percent / 2
            lines.append(.amount("CGST \(half)% on \(ESCPOS.money(tax.taxable))", tax.tax.cgst))
            lines.append(.amount("SGST \(half)%", tax.tax.sgst))
        }
        if roundOff != .zero { lines.append(.amount("Round-off", roundOff)) }
        return lines
    }

    static func items(_ orders: [OrderDetail]) -> [Receipt.Line] {
        orders.flatMap(\.items).map { .amount("\($0.quantity) x \($0.name)" + ($0.variant.map { " (\($0))" } ?? ""), Paise($0.subtotalPaise)) }
    }

    /// The bill a waiter brings to the table: what is due, and a UPI QR for it when the restaurant has a UPI ID.
    static func bill(_ bill: SessionBill, tenant: TenantRecord, printedAt: String) -> Receipt {
        var lines = header(name: tenant.name, address: tenant.address, gstin: tenant.gstin, fssai: tenant.fssai)
        if !tenant.receiptHeader.isEmpty { lines.append(.centered(tenant.receiptHeader)) }
        lines += [.rule, .text("BILL  Table \(bill.tableNumber)  \(printedAt)"), .rule] + items(bill.billable) + [.rule]
        lines += money(subtotal: bill.subtotal, serviceCharge: bill.serviceCharge, taxes: bill.taxes, roundOff: bill.roundOff, pricesIncludeTax: bill.pricesIncludeTax)
        lines.append(.total("TOTAL", bill.total))
        if bill.paid > .zero { lines += [.amount("Paid", bill.paid), .total("DUE", bill.due)] }
        if bill.due > .zero, let uri = upi(tenant: tenant, amount: bill.due, note: "Table \(bill.tableNumber) bill") {
            lines += [.rule, .centered("Scan to pay by UPI"), .qr(uri), .centered(tenant.upiId)]
        }
        if !tenant.receiptFooter.isEmpty { lines += [.rule, .centered(tenant.receiptFooter)] }
        return Receipt(lines)
    }

    /// The UPI payment request for `amount`, or nil when the restaurant has no UPI ID.
    static func upi(tenant: TenantRecord, amount: Paise, note: String) -> String? {
        tenant.upiId.isEmpty ? nil : UPIPayment.uri(vpa: tenant.upiId, payee: tenant.name, amount: amount, note: note)
    }

    /// The GST tax invoice as issued: the restaurant's details as they were, SAC, every rate.
    static func invoice(_ document: InvoiceDocument) -> Receipt {
        let invoice = document.invoice
        var lines = header(name: invoice.issuerName, address: invoice.issuerAddress, gstin: invoice.issuerGstin, fssai: invoice.issuerFssai)
        lines += [.rule, .centered("TAX INVOICE"), .text("No. \(invoice.id)  Date \(invoice.localDate)"),
                  .text("Table \(document.bill.tableNumber)  SAC \(TaxInvoice.sac)  Place of supply \(String(invoice.issuerGstin.prefix(2)))")]
        if !invoice.buyerGstin.isEmpty { lines += [.text("Billed to \(invoice.buyerName)"), .text("GSTIN \(invoice.buyerGstin)")] }
        lines += [.rule] + items(document.bill.billable) + [.rule]
        // The invoice's own figures, as issued.
        lines += money(
            subtotal: document.bill.subtotal, serviceCharge: Paise(invoice.serviceChargePaise), taxes: TaxLinesJSON.decode(invoice.taxLines),
            roundOff: Paise(invoice.roundOffPaise), pricesIncludeTax: document.bill.pricesIncludeTax)
        lines += [.amount("Taxable value", Paise(invoice.taxablePaise)), .total("TOTAL", Paise(invoice.totalPaise)), .text("Paid by \(invoice.paymentMethods)")]
        return Receipt(lines)
    }

    /// The day's report: X (as it stands) or Z (closed, with the cash count).
    static func day(_ report: DayReport, close: DayCloseRecord?, tenant: TenantRecord) -> Receipt {
        var lines: [Receipt.Line] = [.title(tenant.name)]
        lines.append(.centered(close.map { "Z REPORT No. \($0.number)" } ?? "X REPORT (day not closed)"))
        lines += [.centered(report.business_date), .rule, .text("Orders \(report.orders)"), .total("Sales", report.sales)]
        for tax in report.taxes {
            lines.append(.amount("GST \(tax.rate)% on \(ESCPOS.money(tax.taxable_value))", tax.cgst + tax.sgst))
        }
        if report.service_charge > .zero { lines.append(.amount("Service charge", report.service_charge)) }
        lines += [.amount("Discounts: rules", report.discounts_by_rules), .amount("Discounts: model", report.discounts_by_model), .rule]
        for (method, amount) in report.payments_by_method.sorted(by: { $0.key < $1.key }) { lines.append(.amount(method, amount)) }
        lines += [.amount("Cash in", report.cash_in), .amount("Cash out", report.cash_out)]
        for cancelled in report.cancellations {
            lines.append(.text("Cancelled #\(cancelled.ticket_number) T\(cancelled.table_number) \(ESCPOS.money(cancelled.total)) \(cancelled.cancelled_by): \(cancelled.reason)"))
        }
        if let close {
            lines += [.rule, .amount("Opening float", Paise(close.openingFloatPaise)), .amount("Expected cash", Paise(close.expectedCashPaise)),
                      .amount("Counted cash", Paise(close.countedCashPaise)), .total("Variance", Paise(close.variancePaise))]
            if !close.varianceReason.isEmpty { lines.append(.text("Why: \(close.varianceReason)")) }
            lines.append(.text("Closed by \(close.closedBy)"))
        }
        return Receipt(lines)
    }
}
