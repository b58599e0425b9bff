import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// A GST tax invoice (docs/glossary.md, "Tax invoice"): the restaurant's name, address and GSTIN,
/// the number from the gap-free series, SAC 996331, every line, the taxable value, CGST and SGST,
/// the total and how it was paid.
struct InvoiceJSON: Encodable, Sendable {
    struct Line: Encodable, Sendable {
        var name: String
        var quantity: Int
        var unit_price: Paise
        var discount_percentage: Decimal
        var amount: Paise
    }
    var number: String
    var issued_at: String
    var date: String
    var restaurant: [String: String]
    var table_number: Int
    var sac = TaxInvoice.sac
    var lines: [Line]
    var service_charge: Paise
    var taxable_value: Paise
    /// GST at each rate; `cgst_rate` and `sgst_rate` are given when the bill has one rate.
    var taxes: [TaxJSON]
    var cgst_rate: Decimal?
    var cgst: Paise
    var sgst_rate: Decimal?
    var sgst: Paise
    var round_off: Paise
    var total: Paise
    var payment_methods: String
    /// "B2B" with the buyer's GSTIN and name, or "B2C" for a consumer.
    var kind: String
    var buyer: [String: String]?

    init(_ document: InvoiceDocument) {
        let invoice = document.invoice
        number = invoice.id
        issued_at = invoice.issuedAt
        date = invoice.localDate
        // As it was when the invoice was issued, not as the profile says now.
        restaurant = ["name": invoice.issuerName, "address": invoice.issuerAddress, "gstin": invoice.issuerGstin]
        // FSSAI requires its licence number on every bill.
        if !invoice.issuerFssai.isEmpty { restaurant["fssai"] = invoice.issuerFssai }
        table_number = document.bill.tableNumber
        lines = document.bill.billable.flatMap { $0.items }.map {
            Line(name: $0.name + ($0.variant.map { " (\($0))" } ?? ""), quantity: $0.quantity, unit_price: Paise($0.unitPricePaise),
                 discount_percentage: BasisPoints($0.discountBp).percent, amount: Paise($0.subtotalPaise))
        }
        service_charge = Paise(invoice.serviceChargePaise)
        taxable_value = Paise(invoice.taxablePaise)
        // The rates the bill was charged at, as issued, not the restaurant's rate today.
        let taxes = TaxLinesJSON.decode(invoice.taxLines)
        self.taxes = taxes.map(TaxJSON.init)
        let half = taxes.count == 1 ? taxes[0].rate.total.percent / 2 : nil
        cgst_rate = half
        cgst = Paise(invoice.cgstPaise)
        sgst_rate = half
        sgst = Paise(invoice.sgstPaise)
        round_off = Paise(invoice.roundOffPaise)
        total = Paise(invoice.totalPaise)
        payment_methods = invoice.paymentMethods
        kind = invoice.buyerGstin.isEmpty ? "B2C" : "B2B"
        buyer = invoice.buyerGstin.isEmpty ? nil : ["gstin": invoice.buyerGstin, "name": invoice.buyerName]
    }
}
