import Foundation
import GRDB
import IntelliDineDomain

/// A session with everything its bill shows.
public struct SessionBill: Sendable {
    public var session: TableSessionRecord
    public var tableNumber: Int
    public var guests: [String]
    public var orders: [OrderDetail]
    public var parts: [BillPartRecord]
    /// Every line with its share of its order's total, tax included.
    public var lines: [BillSplit.Line]

    /// Orders that count: cancelled ones are off the bill.
    public var billable: [OrderDetail] { orders.filter { $0.order.status != .cancelled } }
    public var total: Paise { Paise(billable.reduce(0) { $0 + $1.order.totalPaise }) }
    /// The orders' figures added up as each was placed (docs/tax.md): the bill's screen, its print
    /// and its API answer all read them here.
    public var subtotal: Paise { Paise(billable.reduce(0) { $0 + $1.order.subtotalPaise }) }
    public var serviceCharge: Paise { Paise(billable.reduce(0) { $0 + $1.order.serviceChargePaise }) }
    public var roundOff: Paise { Paise(billable.reduce(0) { $0 + $1.order.roundOffPaise }) }
    public var taxes: [TaxLine] { TaxLine.sumByRate(billable.map(\.order.taxes)) }
    public var gst: GSTBreakdown { GSTBreakdown(cgst: Paise(billable.reduce(0) { $0 + $1.order.cgstPaise }), sgst: Paise(billable.reduce(0) { $0 + $1.order.sgstPaise })) }
    public var pricesIncludeTax: Bool { billable.contains { $0.order.pricesIncludeTax } }
    public var paid: Paise { Paise(billable.reduce(0) { $0 + $1.order.paidPaise }) }
    public var due: Paise { total - paid }
}
