import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

@Suite("Kitchen stations: each station bumps its own lines; the order is ready when the last is done")
struct KitchenStationsTests {
    func lines(_ answer: JSONResponse) -> [String: String] {
        Dictionary(uniqueKeysWithValues: (answer.order["items"] as? [[String: Any]] ?? []).map {
            ($0["menu_item_id"] as! String, $0["kitchen_status"] as! String)
        })
    }

    @Test("Breads finishes its naan while the tandoor cooks; READY only after the last station; every step in the log")
    func perStation() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let guest = try await client.loginGuest(box)
            let kitchen = try await client.loginStaff("kitchen_staff1")
            // Paneer Tikka is an appetizer (cat-1), Garlic Naan a bread (cat-3).
            let placed = try await client.placeOrder(token: guest.token, items: [
                ["menu_item_id": "item_001", "quantity": 1], ["menu_item_id": "item_005", "quantity": 2],
            ])
            let id = try #require(placed.order["id"] as? String)
            #expect((placed.order["items"] as? [[String: Any]])?.map { $0["station"] as? String } == ["cat-1", "cat-3"])
            let station = { (name: String, status: String) in
                try await client.call(.patch, "/api/orders/\(id)/stations/\(name)", token: kitchen, json: ["status": status])
            }

            let naanDone = try await station("cat-3", "DONE")
            #expect(naanDone.status == .ok, "\(naanDone.text)")
            #expect(lines(naanDone) == ["item_001": "NEW", "item_005": "DONE"])
            #expect(naanDone.order["status"] as? String == "PREPARING")
            let paneerCooking = try await station("cat-1", "COOKING")
            #expect(lines(paneerCooking) == ["item_001": "COOKING", "item_005": "DONE"])
            #expect(paneerCooking.order["status"] as? String == "PREPARING")
            // Starting again changes nothing and logs nothing.
            let before = try await box.database.events(forAggregate: id).count
            #expect(try await station("cat-1", "COOKING").status == .ok)
            #expect(try await box.database.events(forAggregate: id).count == before)
            let ready = try await station("cat-1", "DONE")
            #expect(ready.order["status"] as? String == "READY")
            #expect(lines(ready) == ["item_001": "DONE", "item_005": "DONE"])

            let events = try await box.database.events(forAggregate: id)
            #expect(events.map(\.type) == [
                "order.created", "order.status_changed", "order.lines_changed", "order.lines_changed", "order.status_changed",
                "order.lines_changed",
            ])
            let created = try JSONSerialization.jsonObject(with: Data(events[0].payload.utf8)) as! [String: Any]
            #expect((created["items"] as? [[String: Any]])?.map { $0["station"] as? String } == ["cat-1", "cat-3"])
            let first = try JSONSerialization.jsonObject(with: Data(events[2].payload.utf8)) as! [String: Any]
            #expect(first["station"] as? String == "cat-3")
            #expect((first["lines"] as? [[String: Any]])?.map { $0["status"] as? String } == ["NEW", "DONE"])

            // Refusals: a station with nothing in the order, an order out of the kitchen, a guest, a bad status.
            #expect(try await station("cat-2", "DONE").errorCode == "INVALID_STATUS_TRANSITION")
            let other = try await client.placeOrder(token: guest.token, items: [["menu_item_id": "item_005", "quantity": 1]])
            let otherId = try #require(other.order["id"] as? String)
            #expect(try await client.call(.patch, "/api/orders/\(otherId)/stations/cat-1", token: kitchen, json: ["status": "DONE"]).errorCode
                    == "NOTHING_FOR_STATION")
            #expect(try await client.call(.patch, "/api/orders/\(otherId)/stations/cat-3", token: guest.token, json: ["status": "DONE"]).status
                    == .forbidden)
            #expect(try await client.call(.patch, "/api/orders/\(otherId)/stations/cat-3", token: kitchen, json: ["status": "NEW"]).errorCode
                    == "VALIDATION_FAILED")
            // The whole order started at once (the expo screen): its lines start with it.
            let started = try await client.call(.patch, "/api/orders/\(otherId)/status", token: kitchen, json: ["status": "PREPARING"])
            #expect(lines(started) == ["item_005": "COOKING"])
            let bumped = try await client.call(.patch, "/api/orders/\(otherId)/status", token: kitchen, json: ["status": "READY"])
            #expect(lines(bumped) == ["item_005": "DONE"])
            #expect(try await box.database.events(forAggregate: otherId).filter { $0.type == "order.lines_changed" }.isEmpty)
        }
    }
}
