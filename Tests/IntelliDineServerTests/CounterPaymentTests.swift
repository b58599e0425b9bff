import Foundation
import HTTPTypes
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

/// UPI and card at the counter through the real server: recorded with their references, on an
/// order or a split bill's part, and a UPI reference shown twice counted once.
@Suite("UPI and card at the counter")
struct CounterPaymentTests {
    @Test("A UPI payment settles an order; the same UTR on another order is flagged, not counted; bad references and methods are refused")
    func upiOnceOnly() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let waiter = try await client.loginStaff("waiter1")
            let guest = try await client.loginGuest(box)
            let first = try #require(try await client.placeOrder(token: guest.token, table: "tbl-001", items: [["menu_item_id": "item_005", "quantity": 1]]).order["id"] as? String)
            let second = try #require(try await client.placeOrder(token: guest.token, table: "tbl-002", items: [["menu_item_id": "item_005", "quantity": 2]]).order["id"] as? String)

            for (body, word) in [(["method": "UPI", "reference": "12345"], "12 digits"), (["method": "BITCOIN", "reference": "412345678901"], "UPI or CARD"),
                                 (["method": "CASH", "reference": "412345678901"], "UPI or CARD"), (["method": "CARD", "reference": "a!"], "approval code")] {
                let refused = try await client.call(.post, "/api/payments/\(first)/counter", token: waiter, json: body)
                #expect(refused.status == .unprocessableContent, "\(body)")
                #expect((refused.error?["message"] as? String)?.contains(word) == true, "\(refused.text)")
            }
            #expect(try await client.call(.post, "/api/payments/\(first)/counter", token: guest.token, json: ["method": "UPI", "reference": "412345678901"]).status == .forbidden)

            let paid = try await client.call(.post, "/api/payments/\(first)/counter", token: waiter, json: ["method": "upi", "reference": " 412345678901 "])
            #expect(paid.status == .ok, "\(paid.text)")
            let payment = try #require(paid["payment"] as? [String: Any])
            #expect(payment["method"] as? String == "UPI" && payment["reference"] as? String == "412345678901")
            #expect(rupees(payment["amount"]) == "59.0")
            #expect(rupees((paid["order"] as? [String: Any])?["amount_due"]) == "0.0")
            #expect(try await client.call(.post, "/api/payments/\(first)/counter", token: waiter, json: ["method": "UPI", "reference": "412345678901"]).errorCode == "ORDER_ALREADY_PAID")

            // The same UTR shown again for another table: kept aside for a manager, the order still owes.
            let again = try await client.call(.post, "/api/payments/\(second)/counter", token: waiter, json: ["method": "UPI", "reference": "412345678901"])
            #expect(again.errorCode == "REFERENCE_ALREADY_USED", "\(again.text)")
            let order = try await client.call(.get, "/api/orders/\(second)", token: waiter)
            #expect(rupees(order.order["amount_due"]) == "118.0")
            let manager = try await client.loginStaff("manager1")
            let flagged = try await client.call(.get, "/api/payments/flagged", token: manager)
            let rows = flagged["payments"] as? [[String: Any]] ?? []
            #expect(rows.contains { $0["order_id"] as? String == second && $0["reference"] as? String == "412345678901" }, "\(flagged.text)")
            // A card payment with its approval code settles it.
            let card = try await client.call(.post, "/api/payments/\(second)/counter", token: waiter, json: ["method": "CARD", "reference": "A1B2C3"])
            #expect(card.status == .ok, "\(card.text)")
        }
    }

    @Test("A split bill's parts paid by UPI and by card close the table, and the invoice names both methods")
    func splitParts() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let waiter = try await client.loginStaff("waiter1")
            let guest = try await client.loginGuest(box)
            let placed = try await client.placeSeedOrder(token: guest.token)
            let sessionId = try #require(placed.order["table_session_id"] as? String)
            let split = try await client.call(.post, "/api/sessions/\(sessionId)/split", token: waiter, json: ["mode": "equal", "parts": 2])
            let parts = try #require((split["session"] as? [String: Any])?["parts"] as? [[String: Any]])
            let upi = try await client.call(.post, "/api/sessions/\(sessionId)/parts/\(parts[0]["id"] as! String)/counter", token: waiter,
                                            json: ["method": "UPI", "reference": "512345678901"])
            #expect(upi.status == .ok, "\(upi.text)")
            #expect((upi["part"] as? [String: Any])?["status"] as? String == "PAID")
            let card = try await client.call(.post, "/api/sessions/\(sessionId)/parts/\(parts[1]["id"] as! String)/counter", token: waiter,
                                             json: ["method": "CARD", "reference": "778899"])
            #expect(card.status == .ok, "\(card.text)")
            #expect((card["session"] as? [String: Any])?["status"] as? String == "CLOSED")
            let invoice = try await client.call(.get, "/api/sessions/\(sessionId)/invoice", token: waiter)
            #expect((invoice["invoice"] as? [String: Any])?["payment_methods"] as? String == "CARD, UPI")
        }
    }
}
