import IntelliDineDomain

/// `order.created` is written on every order placement, so it writes its own JSON rather than go
/// through `JSONEncoder` (`JSONText`). Keys in byte order, nil optionals left out: the same bytes
/// as the encoder's, which `JSONTextTests` checks.
extension OrderCreatedPayload: SelfWritingPayload {
    func write(to json: inout JSONText) {
        json.object { json in
            json.field("customer_id", ifPresent: customer_id)
            json.field("event_type", Self.eventType)
            json.key("items")
            json.array(items) { json, item in item.write(to: &json) }
            json.field("order_id", order_id)
            json.field("round", round, writer: .round)
            if let round_off { json.field("round_off", round_off) }
            if let service_charge { json.field("service_charge", service_charge) }
            json.field("table_id", table_id)
            json.field("table_number", table_number)
            json.field("table_session_id", ifPresent: table_session_id, writer: .tableSessionId)
            if let taxes {
                json.key("taxes")
                json.array(taxes) { json, tax in
                    json.object { json in
                        json.field("cgst", tax.cgst)
                        json.key("rate")
                        json.decimal(tax.rate)
                        json.field("sgst", tax.sgst)
                        json.field("taxable", tax.taxable)
                    }
                }
            }
            json.field("tenant_id", tenant_id)
            json.field("ticket_number", ticket_number, writer: .ticketNumber)
            json.field("timestamp", timestamp)
            json.field("total", total)
        }
    }
}

extension OrderCreatedPayload.Item {
    func write(to json: inout JSONText) {
        json.object { json in
            json.key("discount_applied")
            json.decimal(discount_applied)
            json.field("item_id", item_id)
            json.field("name", name)
            json.field("options", ifPresent: options)
            json.field("quantity", quantity)
            json.field("special_instructions", ifPresent: special_instructions)
            json.field("station", ifPresent: station)
            json.field("unit_price", unit_price)
            json.field("variant", ifPresent: variant)
        }
    }
}

extension ChosenOption {
    /// `{"group","id","name","price"}`, as the order's answer and its event show a chosen add-on.
    public func write(to json: inout JSONText) {
        json.object { json in
            json.field("group", group)
            json.field("id", id)
            json.field("name", name)
            json.field("price", price)
        }
    }
}

extension JSONText {
    /// Chosen add-ons and choices as an array of objects; left out when nil.
    public mutating func field(_ name: StaticString, ifPresent options: [ChosenOption]?) {
        guard let options else { return }
        key(name)
        array(options) { json, option in option.write(to: &json) }
    }
}
