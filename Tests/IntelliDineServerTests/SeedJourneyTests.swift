import Foundation
import GRDB
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

@Suite("The demo journey, end to end over real HTTP")
struct SeedJourneyTests {
    @Test("From the OTP request to the cash payment, with the demo journey's numbers, on a live socket")
    func walkthrough() async throws {
        let box = try await TestBox.make()
        try await box.test(.live) { client in
            // 7:01:05 — the guest asks for a code; it reaches the SMS spool.
            let otp = try await client.call(.post, "/api/auth/customer/otp", json: ["phone_number": "9876543210"])
            #expect(otp.status == .ok)
            #expect(otp["message"] as? String == "OTP sent to 9876543210")
            #expect(otp["phone_masked"] as? String == "987****3210")
            #expect(otp["expires_in"] as? Int == 300)
            let code = try box.lastOTP(to: "9876543210")
            let sms = try String(contentsOfFile: box.config.resolvedSMSSpoolDir + "/" + box.spoolFiles()[0], encoding: .utf8)
            #expect(sms == "To: 919876543210\n\nYour Intellidine OTP is \(code). Valid for 5 minutes.\n")

            // 7:02 — the code is verified; a customer is created; an 8-hour token comes back.
            let verified = try await client.call(
                .post, "/api/auth/customer/verify-otp?tenant_id=\(demoTenant)", json: ["phone_number": "9876543210", "otp": code])
            #expect(verified.status == .ok)
            #expect(verified["token_type"] as? String == "Bearer")
            #expect(verified["expires_in"] as? Int == 28_800)
            let customer = try #require(verified["customer"] as? [String: Any])
            let customerId = try #require(customer["id"] as? String)
            #expect(customerId.hasPrefix("cust-"))
            #expect(customer["phone"] as? String == "9876543210")
            let token = try #require(verified["access_token"] as? String)

            // 7:03 — the menu, categories in display order.
            let menu = try await client.call(.get, "/api/menu/items?tenant_id=\(demoTenant)", token: token)
            #expect(menu.status == .ok)
            let categories = try #require(menu["categories"] as? [[String: Any]])
            #expect(categories.map { $0["name"] as? String } == ["Appetizers", "Mains", "Breads"])
            let items = try #require(menu["items"] as? [[String: Any]])
            let paneer = try #require(items.first { $0["id"] as? String == "item_001" })
            #expect(paneer["name"] as? String == "Paneer Tikka")
            #expect(rupees(paneer["price"]) == "280.0")
            #expect(paneer["preparation_time"] as? Int == 15)
            #expect(paneer["dietary_tags"] as? [String] == ["vegetarian", "spicy"])

            // 7:08 — the order, with Dal Makhani 15 % off.
            let placed = try await client.placeSeedOrder(token: token, customerId: customerId)
            #expect(placed.status == .created)
            let answer = try placed.decode(PlacedOrderAnswer.self)
            #expect(answer.success)
            #expect(answer.message == "✅ Order placed! Your food will be ready in 20 minutes.")
            #expect(answer.next_steps == "Please wait at your table")
            let order = answer.order
            let orderId = order.id
            #expect(orderId.hasPrefix("ord-"))
            #expect(order.status == "PENDING")
            #expect(order.table_number == 5)
            #expect(order.subtotal == rs("922.5"))
            #expect(order.gst == rs("166.05"))
            #expect(order.cgst + order.sgst == order.gst)
            #expect(order.total == rs("1088.55"))
            #expect(order.original_total == rs("1132.8"))
            #expect(order.discount_saved == rs("44.25"))
            #expect(order.amount_due == order.total && order.amount_paid == 0)
            #expect(order.estimated_preparation_time == 20)
            #expect(placed.text.contains("\"total\":1088.55"))
            #expect(order.items.map(\.discount_percentage) == [0, 15, 0])
            #expect(order.items.map(\.subtotal) == [rs("560"), rs("212.5"), rs("150")])

            // 7:09 to 7:27 — kitchen and waiter move it along.
            let kitchen = try await client.loginStaff("kitchen_staff1")
            let waiter = try await client.loginStaff("waiter1")
            for (status, who, notes) in [("PREPARING", kitchen, "Started cooking"), ("READY", kitchen, nil), ("SERVED", waiter, nil)] {
                var body: [String: Any] = ["status": status]
                if let notes { body["notes"] = notes }
                let changed = try await client.call(.patch, "/api/orders/\(orderId)/status?tenant_id=\(demoTenant)", token: who, json: body)
                #expect(changed.status == .ok, "\(status): \(changed.text)")
                #expect(try changed.decode(OrderEnvelope.self).order.status == status)
            }

            // 7:50 — cash: ₹1,100 for ₹1,088.55, ₹11.45 change; the order completes.
            let paid = try await client.call(
                .patch, "/api/payments/\(orderId)/cash?tenant_id=\(demoTenant)", token: waiter,
                json: ["amount_received": 1100, "payment_method": "CASH"])
            #expect(paid.status == .ok, "\(paid.text)")
            let cash = try paid.decode(CashAnswer.self)
            #expect(cash.payment.change == rs("11.45"))
            #expect(cash.payment.amount == rs("1088.55"))
            #expect(cash.payment.amount_received == 1100)
            #expect(cash.payment.collected_by == "waiter1")
            #expect(cash.order.status == "COMPLETED")
            #expect(cash.order.amount_due == 0)

            // The guest sees the finished order and its whole history.
            let final = try await client.call(.get, "/api/orders/\(orderId)", token: token).decode(OrderEnvelope.self).order
            #expect(final.status == "COMPLETED")
            let history = try #require(final.status_history)
            #expect(history.map(\.status) == ["PENDING", "PREPARING", "READY", "SERVED", "COMPLETED"])
            #expect(history.map(\.changed_by) == [customerId, "kitchen_staff1", "kitchen_staff1", "waiter1", "waiter1"])
            #expect(history[1].notes == "Started cooking")

            // The log holds the order's events (docs/events.md), in order, each written with its change.
            let events = try await box.database.events(forAggregate: orderId)
            #expect(events.map(\.type) == [
                "order.created", "order.status_changed", "order.status_changed", "order.status_changed",
                "payment.completed", "order.status_changed",
            ])
            let created = try JSONSerialization.jsonObject(with: Data(events[0].payload.utf8)) as! [String: Any]
            #expect(rupees(created["total"]) == "1088.55")
            #expect((created["items"] as? [[String: Any]])?.map { $0["discount_applied"] as? Int } == [0, 15, 0])
        }
    }

    @Test("The discount engine call answers in the recommendation call's shape for the demo journey's request")
    func recommendations() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let answer = try await client.call(.post, "/api/discounts/recommendations", token: manager, json: [
                "tenant_id": demoTenant,
                "items": [
                    ["item_id": "item_001", "stock_percentage": 45], ["item_id": "item_003", "stock_percentage": 28],
                    ["item_id": "item_005", "stock_percentage": 62],
                ],
                "current_time": "2025-10-22T19:08:00",
            ])
            #expect(answer.status == .ok, "\(answer.text)")
            let predictions = try #require(answer["predictions"] as? [[String: Any]])
            #expect(predictions.map { $0["discount_percentage"] as? Int } == [0, 15, 0])
            #expect(predictions.map { $0["reason"] as? String } == ["Peak dinner hour", "Low inventory - clearing stock", "Peak dinner hour"])
            #expect(predictions[1]["confidence"] as? Double == 0.78)

            // Without a stock figure in the request, the box's own stock is used: dal is at 28 %.
            let fromStock = try await client.call(.post, "/api/discounts/recommendations", token: manager, json: [
                "items": [["item_id": "item_003"], ["item_id": "item_005"]], "current_time": "2025-10-22T16:00:00",
            ])
            let stockAnswers = try #require(fromStock["predictions"] as? [[String: Any]])
            #expect(stockAnswers.map { $0["stock_percentage"] as? Int } == [28, 62])
            #expect(stockAnswers.map { $0["discount_percentage"] as? Int } == [15, 0])
            #expect(stockAnswers[1]["reason"] as? String == "No discount applies")

            let guest = try await client.loginGuest(box)
            let refused = try await client.call(.post, "/api/discounts/recommendations", token: guest.token, json: ["items": [["item_id": "item_001"]]])
            #expect(refused.status == .forbidden)
        }
    }
}
