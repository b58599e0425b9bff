import Foundation
import HTTPTypes
import HummingbirdTesting
import IntelliDineServer
import Testing

/// Placing an order reads the stock only of the items a stock-band rule covers
/// (`DiscountRule.readsStock`). These check that the items it does cover are still priced by
/// their own stock, for an item rule and for a blanket one.
@Suite("Stock-band discount rules price each item by its own stock")
struct StockBandRuleTests {
    @Test("A blanket rule for stock at most 50 % takes paneer (45 %) off and leaves naan (62 %); the demo's dal rule still fires")
    func blanketAndItemRules() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let guest = try await client.loginGuest(box)
            let rule = try await client.call(
                .put, "/api/discounts/rules/rule-low-stock", token: manager,
                json: ["discount_percentage": 10, "reason": "Clearing stock", "confidence": 0.8, "max_stock_percentage": 50])
            #expect(rule.status == .ok, "\(rule.text)")

            let placed = try await client.placeOrder(token: guest.token, items: [
                ["menu_item_id": "item_001", "quantity": 1], ["menu_item_id": "item_005", "quantity": 1],
                ["menu_item_id": "item_003", "quantity": 1],
            ])
            #expect(placed.status == .created, "\(placed.text)")
            let lines = (placed.order["items"] as? [[String: Any]]) ?? []
            let byItem = Dictionary(uniqueKeysWithValues: lines.map { ($0["menu_item_id"] as? String ?? "", $0) })
            #expect(byItem["item_001"]?["discount_reason"] as? String == "Clearing stock")
            #expect(rupees(byItem["item_001"]?["discounted_unit_price"]) == "252.0")
            #expect(rupees(byItem["item_005"]?["discounted_unit_price"]) == "50.0")
            // The item rule (dal at 28 %, at most 30 %) comes before the blanket one.
            #expect(byItem["item_003"]?["discount_reason"] as? String == "Low inventory - clearing stock")
            #expect(rupees(byItem["item_003"]?["discounted_unit_price"]) == "212.5")
        }
    }
}
