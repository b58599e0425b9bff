import IntelliDineJSON
import NIOCore

extension OrdersController.PlaceRequest {
    /// The order's body read straight from its bytes, for the shape every guest's phone sends:
    /// `JSONDecoder` was about 4 % of an order's CPU (BENCHMARKS.md). Anything else gives nil, and
    /// `JSONDecoder` reads the body as before, refusing it in its own words if it must: text that is
    /// not UTF-8 or not JSON, a `null`, a key this does not know (`unit_price` among them), a key
    /// given twice, a quantity with a fraction or an exponent. What it does read, it reads as
    /// `JSONDecoder` would (`PlaceRequestScanTests`).
    static func scanned(_ body: ByteBuffer) -> Self? {
        body.withUnsafeReadableBytes { bytes in
            guard JSONScanner.isUTF8(bytes) else { return nil }
            var scanner = JSONScanner(bytes)
            var tableId: String?, customerId: String?, items: [Line]?, serviceCharge: Bool?
            do throws(JSONScanner.Malformed) {
                var seen = Keys()
                try scanner.object { scanner, key throws(JSONScanner.Malformed) in
                    try seen.once(key)
                    switch key {
                    case "table_id": tableId = try scanner.string()
                    case "customer_id": customerId = try scanner.string()
                    case "service_charge": serviceCharge = try scanner.bool()
                    case "items":
                        var lines: [Line] = []
                        try scanner.array { scanner throws(JSONScanner.Malformed) in lines.append(try Line.scanned(&scanner)) }
                        items = lines
                    default: throw JSONScanner.Malformed()
                    }
                }
                try scanner.finish()
            } catch {
                return nil
            }
            guard let tableId, let items else { return nil }
            return Self(table_id: tableId, customer_id: customerId, items: items, service_charge: serviceCharge)
        }
    }
}

extension OrdersController.PlaceRequest.Line {
    fileprivate static func scanned(_ scanner: inout JSONScanner) throws(JSONScanner.Malformed) -> Self {
        var menuItemId: String?, quantity: Int?, note: String?, variantId: String?, options: [String]?
        var seen = Keys()
        try scanner.object { scanner, key throws(JSONScanner.Malformed) in
            try seen.once(key)
            switch key {
            case "menu_item_id": menuItemId = try scanner.string()
            case "quantity":
                guard let whole = try scanner.integer(), let value = Int(exactly: whole) else { throw JSONScanner.Malformed() }
                quantity = value
            case "special_instructions": note = try scanner.string()
            case "variant_id": variantId = try scanner.string()
            case "options":
                var chosen: [String] = []
                try scanner.array { scanner throws(JSONScanner.Malformed) in chosen.append(try scanner.string()) }
                options = chosen
            default: throw JSONScanner.Malformed()
            }
        }
        guard let menuItemId, let quantity else { throw JSONScanner.Malformed() }
        return Self(
            menu_item_id: menuItemId, quantity: quantity, special_instructions: note, variant_id: variantId, options: options)
    }
}

/// The keys an object has given so far: a second of the same is left to `JSONDecoder`.
private struct Keys {
    private var seen: [String] = []

    mutating func once(_ key: String) throws(JSONScanner.Malformed) {
        guard !seen.contains(key) else { throw JSONScanner.Malformed() }
        seen.append(key)
    }
}
