import Foundation
import IntelliDineStore

/// The 201 body of a placed order, written with `JSONText` instead of `JSONEncoder`, before the
/// order's write with holes for what only the write decides (its ticket number, table session and
/// round), which the write fills (`JSONText.filled`). The bytes are those the
/// `Encodable` conformance gives under `JSONBody`'s encoder, which `JSONTextTests` checks; a field
/// added to `OrderJSON` must be added here too, or that test fails.
extension PlacedOrderJSON {
    /// `{"message", "next_steps", "order", "success": true}`, with the write's holes.
    var template: JSONText {
        var json = JSONText(capacity: 2048)
        json.leavesWriterFieldsOpen = true
        json.object { json in
            json.field("message", message)
            json.field("next_steps", next_steps)
            json.key("order")
            order.write(to: &json)
            json.field("success", true)
        }
        return json
    }
}

extension OrderJSON {
    /// The order's fields and its totals block in one object, keys in byte order. Only what a
    /// placed order has: its status history and payments are not part of that answer.
    func write(to json: inout JSONText) {
        let order = self.json.fields
        let totals = self.json.block
        assert(order.status_history == nil && order.payments == nil, "written only for a placed order")
        json.object { json in
            json.field("amount_due", order.amount_due)
            json.field("amount_paid", order.amount_paid)
            json.field("cgst", totals.cgst)
            json.field("created_at", order.created_at)
            json.field("customer_id", ifPresent: order.customer_id)
            json.field("discount", totals.discount)
            json.field("discount_saved", totals.discount_saved)
            json.field("estimated_preparation_time", order.estimated_preparation_time)
            json.field("gst", totals.gst)
            json.key("gst_rate")
            json.decimal(totals.gst_rate)
            json.field("id", order.id)
            json.key("items")
            json.array(order.items) { json, item in item.write(to: &json) }
            json.field("original_subtotal", totals.original_subtotal)
            json.field("original_total", totals.original_total)
            json.field("prices_include_tax", totals.prices_include_tax)
            json.field("round", order.round, writer: .round)
            json.field("round_off", totals.round_off)
            json.field("service_charge", totals.service_charge)
            json.field("sgst", totals.sgst)
            json.field("status", order.status.rawValue)
            json.field("subtotal", totals.subtotal)
            json.field("table_id", order.table_id)
            json.field("table_number", order.table_number)
            json.field("table_session_id", ifPresent: order.table_session_id, writer: .tableSessionId)
            json.field("taxable_value", totals.taxable_value)
            json.key("taxes")
            json.array(totals.taxes) { json, tax in
                json.object { json in
                    json.field("cgst", tax.cgst)
                    json.key("rate")
                    json.decimal(tax.rate)
                    json.field("sgst", tax.sgst)
                    json.field("taxable_value", tax.taxable_value)
                }
            }
            json.field("ticket_number", order.ticket_number, writer: .ticketNumber)
            json.field("total", totals.total)
            json.field("updated_at", order.updated_at)
        }
    }
}

extension OrderJSON.Item {
    func write(to json: inout JSONText) {
        json.object { json in
            json.key("discount_percentage")
            json.decimal(discount_percentage)
            json.field("discount_reason", ifPresent: discount_reason)
            json.field("discounted_unit_price", discounted_unit_price)
            json.field("id", id)
            json.field("kitchen_status", kitchen_status.rawValue)
            json.field("menu_item_id", menu_item_id)
            json.field("name", name)
            json.field("options", ifPresent: options)
            json.field("quantity", quantity)
            json.field("special_instructions", ifPresent: special_instructions)
            json.field("station", station)
            json.field("subtotal", subtotal)
            json.field("unit_price", unit_price)
            json.field("variant", ifPresent: variant)
        }
    }
}
