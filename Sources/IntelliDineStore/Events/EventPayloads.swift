import Foundation
import IntelliDineDomain

/// `order.created` (docs/events.md, `order.created`): the order as the kitchen, the SMS and the
/// cloud need it, with the ticket number, the table and the round.
struct OrderCreatedPayload: Encodable {
    struct Item: Encodable {
        var item_id: String
        var name: String
        var quantity: Int
        var unit_price: Paise
        var discount_applied: Decimal
        var special_instructions: String?
        var variant: String?
        var options: [ChosenOption]?
    }
    var event_type = "order.created"
    var order_id: String
    var ticket_number: Int
    var tenant_id: String
    var customer_id: String?
    var table_id: String
    var table_number: Int
    /// The table's session and which of its orders this is (the kitchen shows the round).
    var table_session_id: String?
    var round: Int
    var total: Paise
    var items: [Item]
    var timestamp: String
}

/// `order.status_changed` (docs/events.md, `order.status_changed`), with the notes and the ticket number.
struct OrderStatusChangedPayload: Encodable {
    var event_type = "order.status_changed"
    var order_id: String
    var ticket_number: Int
    var tenant_id: String
    var table_number: Int
    var old_status: String
    var new_status: String
    var changed_by: String
    var notes: String?
    var timestamp: String
}

/// `payment.completed` (docs/events.md, `payment.completed`).
struct PaymentCompletedPayload: Encodable {
    var event_type = "payment.completed"
    var order_id: String
    var tenant_id: String
    var payment_id: String
    var amount: Paise
    var method: String
    var timestamp: String
}

/// `menu.item_changed`: a price, availability (86) or other edit, for the cloud's copy of the menu.
struct MenuItemChangedPayload: Encodable {
    var event_type = "menu.item_changed"
    var tenant_id: String
    var item_id: String
    var name: String
    var price: Paise
    var is_available: Bool
    var is_deleted: Bool
    var timestamp: String
}

/// `inventory.low_stock`: an ingredient fell under its low-stock line.
struct LowStockPayload: Encodable {
    var event_type = "inventory.low_stock"
    var tenant_id: String
    var ingredient_id: String
    var name: String
    var available: Int
    var par_level: Int
    var stock_percentage: Int
    var timestamp: String
}

/// `inventory.restocked`: a delivery was booked in.
struct RestockedPayload: Encodable {
    var event_type = "inventory.restocked"
    var tenant_id: String
    var ingredient_id: String
    var added: Int
    var stock: Int
    var by: String
    var timestamp: String
}
