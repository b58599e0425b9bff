import Foundation
import IntelliDineDomain

// The payload of each event type (docs/events.md has each one's producers, consumers and an
// example). Money is `Paise`, written as rupees; times are ISO 8601 UTC strings.

/// `order.created`: the order as the kitchen and the cloud need it, with the ticket number and table.
public struct OrderCreatedPayload: EventPayload {
    public static let eventType = "order.created"

    public struct Item: Codable, Sendable {
        public var item_id: String
        public var name: String
        public var quantity: Int
        public var unit_price: Paise
        public var discount_applied: Decimal
        public var special_instructions: String?
        public var variant: String?
        public var options: [ChosenOption]?
        /// The kitchen station that cooks the line (its menu category).
        public var station: String?
    }
    public var order_id: String
    public var ticket_number: Int
    public var tenant_id: String
    public var customer_id: String?
    public var table_id: String
    public var table_number: Int
    /// The table's session and which of its orders this is (the kitchen shows the round).
    public var table_session_id: String?
    public var round: Int
    public var total: Paise
    public var service_charge: Paise?
    public var round_off: Paise?
    public var taxes: [Tax]?
    public var items: [Item]
    public var timestamp: String

    /// GST at one rate (docs/tax.md); `rate` in percent.
    public struct Tax: Codable, Sendable {
        public var rate: Decimal
        public var taxable: Paise
        public var cgst: Paise
        public var sgst: Paise

        public init(_ line: TaxLine) {
            (rate, taxable, cgst, sgst) = (line.rate.total.percent, line.taxable, line.tax.cgst, line.tax.sgst)
        }
    }
}

/// `order.status_changed`: one step of the status machine, with who made it and their notes.
public struct OrderStatusChangedPayload: EventPayload {
    public static let eventType = "order.status_changed"

    public var order_id: String
    public var ticket_number: Int
    public var tenant_id: String
    public var table_number: Int
    public var old_status: String
    public var new_status: String
    public var changed_by: String
    public var notes: String?
    public var timestamp: String
}

/// `order.lines_changed`: a kitchen station started or finished its lines of an order. `lines` is
/// every line of the order, in order, as it now is.
public struct OrderLinesChangedPayload: EventPayload {
    public static let eventType = "order.lines_changed"

    public struct Line: Codable, Sendable {
        public var position: Int
        public var station: String
        public var status: String
    }
    public var order_id: String
    public var ticket_number: Int
    public var tenant_id: String
    public var table_number: Int
    /// The station that acted (a menu category id).
    public var station: String
    public var lines: [Line]
    public var changed_by: String
    public var timestamp: String
}

/// `order.payment_requested`: a guest asked to pay (the waiter brings the bill or the card machine).
public struct PaymentRequestedPayload: EventPayload {
    public static let eventType = "order.payment_requested"

    public var order_id: String
    public var ticket_number: Int
    public var tenant_id: String
    public var table_number: Int
    public var method: String
    public var amount_due: Paise
    public var timestamp: String
}

/// `payment.completed`: money taken and applied to an order.
public struct PaymentCompletedPayload: EventPayload {
    public static let eventType = "payment.completed"

    public var order_id: String
    public var tenant_id: String
    public var payment_id: String
    public var amount: Paise
    public var method: String
    public var timestamp: String
}

/// `payment.flagged`: money arrived that could not be accepted as it is.
public struct PaymentFlaggedPayload: EventPayload {
    public static let eventType = "payment.flagged"

    public var order_id: String
    public var tenant_id: String
    public var payment_id: String
    public var razorpay_payment_id: String
    public var amount: Paise
    public var expected: Paise
    public var reason: String
    public var timestamp: String
}

/// `menu.item_changed`: a price, availability (86) or other edit, for the cloud's copy of the menu.
public struct MenuItemChangedPayload: EventPayload {
    public static let eventType = "menu.item_changed"

    public var tenant_id: String
    public var item_id: String
    public var name: String
    public var price: Paise
    public var is_available: Bool
    public var is_deleted: Bool
    public var timestamp: String
}

/// `inventory.low_stock`: an ingredient fell under its low-stock line.
public struct LowStockPayload: EventPayload {
    public static let eventType = "inventory.low_stock"

    public var tenant_id: String
    public var ingredient_id: String
    public var name: String
    public var available: Int
    public var par_level: Int
    public var stock_percentage: Int
    public var timestamp: String
}

/// `inventory.restocked`: a delivery was booked in.
public struct RestockedPayload: EventPayload {
    public static let eventType = "inventory.restocked"

    public var tenant_id: String
    public var ingredient_id: String
    public var added: Int
    public var stock: Int
    public var by: String
    public var timestamp: String
}

/// `table.call`: a guest called a waiter or asked for the bill; the waiters' screens show it live.
public struct TableCallPayload: EventPayload {
    public static let eventType = "table.call"

    public var call_id: String
    public var tenant_id: String
    public var table_id: String
    public var table_number: Int
    public var kind: String
    public var status: String
    public var acknowledged_by: String?
    public var timestamp: String
}

/// `table.call_acknowledged`: a waiter answered a call ("On my way").
public struct TableCallAcknowledgedPayload: EventPayload {
    public static let eventType = "table.call_acknowledged"

    public var call_id: String
    public var tenant_id: String
    public var table_id: String
    public var table_number: Int
    public var kind: String
    public var status: String
    public var acknowledged_by: String?
    public var timestamp: String
}

/// `day.closed`: a manager closed a business day (docs/day-close.md); its Z report is frozen on the box.
public struct DayClosedPayload: EventPayload {
    public static let eventType = "day.closed"

    public var tenant_id: String
    public var business_date: String
    /// The close's number, 1, 2, … per restaurant.
    public var number: Int
    public var sales: Paise
    public var gst: Paise
    public var payments_by_method: [String: Paise]
    public var expected_cash: Paise
    public var counted_cash: Paise
    /// Counted minus expected: negative when cash is missing.
    public var variance: Paise
    public var closed_by: String
    public var timestamp: String
}

/// `invoice.issued`: a settled table bill's tax invoice, numbered in the transaction that settled
/// it. The cloud's invoice projection and the accountant's export read it.
public struct InvoiceIssuedPayload: EventPayload {
    public static let eventType = "invoice.issued"

    public var tenant_id: String
    /// `INV/2627/000042`: the gap-free series of the financial year.
    public var invoice_number: String
    public var table_session_id: String
    public var table_number: Int
    /// The business date in the restaurant's zone (`YYYY-MM-DD`), as printed.
    public var date: String
    public var taxable_value: Paise
    public var cgst: Paise
    public var sgst: Paise
    public var service_charge: Paise
    public var round_off: Paise
    public var total: Paise
    public var taxes: [OrderCreatedPayload.Tax]
    public var payment_methods: String
    /// Present on a B2B invoice: the buyer's GSTIN.
    public var buyer_gstin: String?
    public var timestamp: String
}
