import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// A table session and its bill as the API shows it, money in rupees.
struct SessionJSON: Encodable, Sendable {
    struct Part: Encodable, Sendable {
        var id: String
        var position: Int
        var kind: String
        var label: String
        var amount: Paise
        var paid: Paise
        var status: String
        var items: [String]

        init(_ part: BillPartRecord) {
            id = part.id
            position = part.position
            kind = part.kind
            label = part.label
            amount = Paise(part.amountPaise)
            paid = Paise(part.paidPaise)
            status = part.isPaid ? "PAID" : "DUE"
            items = (try? JSONDecoder().decode([String].self, from: Data(part.items.utf8))) ?? []
        }
    }

    struct Line: Encodable, Sendable {
        var id: String
        var order_id: String
        var round: Int
        var name: String
        var quantity: Int
        var subtotal: Paise
        /// The line's share of its order's total, GST included: what a by-items part pays for it.
        var amount: Paise
    }

    var id: String
    var table_id: String
    var table_number: Int
    var status: TableSessionStatus
    var opened_at: String
    var closed_at: String?
    var guests: Int
    var orders: [OrderJSON]
    var lines: [Line]
    var subtotal: Paise
    /// The optional service charge guests asked for, GST at each rate and the round-off, summed
    /// over the bill's orders as each was placed (docs/tax.md).
    var service_charge: Paise
    var taxable_value: Paise
    var taxes: [TaxJSON]
    var cgst: Paise
    var sgst: Paise
    var round_off: Paise
    /// Whether the menu prices of its orders included GST (then `subtotal` already holds it).
    var prices_include_tax: Bool
    var total: Paise
    var paid: Paise
    var due: Paise
    var parts: [Part]
    /// A business buyer named for a B2B invoice; absent for a consumer.
    var buyer: [String: String]?

    init(_ bill: SessionBill) {
        id = bill.session.id
        table_id = bill.session.tableId
        table_number = bill.tableNumber
        status = bill.session.status
        opened_at = bill.session.openedAt
        closed_at = bill.session.closedAt
        guests = bill.guests.count
        orders = bill.orders.map { OrderJSON($0) }
        let gross = Dictionary(uniqueKeysWithValues: bill.lines.map { ($0.id, $0.gross) })
        lines = bill.billable.flatMap { detail in
            detail.items.map {
                Line(id: $0.id, order_id: detail.order.id, round: detail.order.round, name: $0.name, quantity: $0.quantity,
                     subtotal: Paise($0.subtotalPaise), amount: gross[$0.id] ?? .zero)
            }
        }
        subtotal = bill.subtotal
        (cgst, sgst) = (bill.gst.cgst, bill.gst.sgst)
        (service_charge, round_off, prices_include_tax) = (bill.serviceCharge, bill.roundOff, bill.pricesIncludeTax)
        let taxes = bill.taxes
        taxable_value = taxes.reduce(.zero) { $0 + $1.taxable }
        self.taxes = taxes.map(TaxJSON.init)
        total = bill.total
        paid = bill.paid
        due = bill.due
        parts = bill.parts.map(Part.init)
        buyer = bill.session.buyerGstin.isEmpty ? nil : ["gstin": bill.session.buyerGstin, "name": bill.session.buyerName]
    }
}
