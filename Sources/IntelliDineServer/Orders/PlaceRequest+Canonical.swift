import Foundation
import IntelliDineStore

extension OrdersController.PlaceRequest {
    /// The request re-written with its keys in byte order, for the `Idempotency-Key` hash: what
    /// `JSONBody`'s encoder writes for it (`JSONTextTests`), so a claim stored by an older build
    /// still matches its retry.
    var canonicalJSON: Data {
        var json = JSONText(capacity: 512)
        json.object { json in
            json.field("customer_id", ifPresent: customer_id)
            json.key("items")
            json.array(items) { json, line in
                json.object { json in
                    json.field("menu_item_id", line.menu_item_id)
                    if let options = line.options {
                        json.key("options")
                        json.array(options) { json, option in json.string(option) }
                    }
                    json.field("quantity", line.quantity)
                    json.field("special_instructions", ifPresent: line.special_instructions)
                    if let price = line.unit_price { json.field("unit_price", price) }
                    json.field("variant_id", ifPresent: line.variant_id)
                }
            }
            if let service_charge { json.field("service_charge", service_charge) }
            json.field("table_id", table_id)
        }
        return json.data
    }
}
