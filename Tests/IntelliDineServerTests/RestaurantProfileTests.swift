import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

@Suite("The restaurant's profile: staff read it, a manager edits it, bad values are refused")
struct RestaurantProfileTests {
    @Test("A manager sets the GSTIN, FSSAI number, UPI ID and hours; a typo in the GSTIN or a bad value is refused and nothing changes; the invoice prints the FSSAI number")
    func profile() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let manager = try await client.loginStaff("manager1")
            let waiter = try await client.loginStaff("waiter1")
            let shown = try await client.call(.get, "/api/restaurant", token: waiter)
            let restaurant = try #require(shown["restaurant"] as? [String: Any])
            #expect(restaurant["gstin"] as? String == "29ABCDE1234F1ZW" && restaurant["state_code"] as? String == "29")
            #expect(restaurant["fssai"] as? String == "11223344556677")

            let saved = try await client.call(.patch, "/api/restaurant", token: manager, json: [
                "name": "Spice Garden Indiranagar", "gstin": "29aagcb7383j1z4", "fssai": "10019043000123",
                "upi_id": "spicegarden@okicici", "opening_hours": "11:30-23:00", "timezone": "Asia/Kolkata",
            ])
            #expect(saved.status == .ok, "\(saved.text)")
            let now = try #require(saved["restaurant"] as? [String: Any])
            #expect(now["gstin"] as? String == "29AAGCB7383J1Z4")
            #expect(now["name"] as? String == "Spice Garden Indiranagar")

            let refused: [([String: Any], String)] = [
                (["gstin": "29AAGCB7383J1Z5"], "GSTIN"), (["fssai": "1234"], "FSSAI"), (["upi_id": "spicegarden"], "UPI"),
                (["opening_hours": "noon till late"], "Opening hours"), (["timezone": "Mars/Olympus"], "time zone"),
                (["name": "  "], "name"),
            ]
            for (body, word) in refused {
                let answer = try await client.call(.patch, "/api/restaurant", token: manager, json: body)
                #expect(answer.status == .unprocessableContent, "\(body)")
                #expect((answer.error?["message"] as? String)?.contains(word) == true, "\(answer.text)")
            }
            #expect(try await client.call(.patch, "/api/restaurant", token: waiter, json: ["name": "Mine now"]).status == .forbidden)
            let after = try await box.database.requireTenant(id: demoTenant)
            #expect(after.gstin == "29AAGCB7383J1Z4" && after.name == "Spice Garden Indiranagar" && after.fssai == "10019043000123")
            // An invoice issued before the change keeps the details it was issued with; one issued
            // after carries the new ones.
            let guest = try await client.loginGuest(box)
            let order = try await client.placeOrder(token: guest.token, items: [["menu_item_id": "item_005", "quantity": 1]])
            let orderId = try #require(order.order["id"] as? String)
            let sessionId = try #require(order.order["table_session_id"] as? String)
            for status in ["PREPARING", "READY", "SERVED"] {
                _ = try await client.call(.patch, "/api/orders/\(orderId)/status", token: manager, json: ["status": status])
            }
            #expect(try await client.call(.patch, "/api/payments/\(orderId)/cash", token: manager, json: ["amount_received": 100]).status == .ok)
            let issued = try await client.call(.get, "/api/sessions/\(sessionId)/invoice", token: manager)
            #expect((issued["invoice"] as? [String: Any]).flatMap { $0["restaurant"] as? [String: Any] }?["name"] as? String == "Spice Garden Indiranagar")
            _ = try await client.call(.patch, "/api/restaurant", token: manager, json: ["name": "Spice Garden HSR", "gstin": "27AAPFU0939F1ZV"])
            let later = try await client.call(.get, "/api/sessions/\(sessionId)/invoice", token: manager)
            let header = try #require((later["invoice"] as? [String: Any]).flatMap { $0["restaurant"] as? [String: Any] })
            #expect(header["name"] as? String == "Spice Garden Indiranagar" && header["gstin"] as? String == "29AAGCB7383J1Z4")
            #expect(header["fssai"] as? String == "10019043000123")

            // Clearing: an empty UPI ID takes it off.
            let cleared = try await client.call(.patch, "/api/restaurant", token: manager, json: ["upi_id": ""])
            #expect((cleared["restaurant"] as? [String: Any])?["upi_id"] as? String == "")
        }
    }

    @Test("A logo uploaded as taken is made phone-sized and shown to guests; printers are added and taken out of use on the same screen")
    func logoAndPrinters() async throws {
        let box = try await TestBox.make()
        try await box.test(.live) { client in
            let manager = try await client.loginStaff("manager1")
            let logo = try DishPhotoTests.fixture("plate.png")
            let put = { (token: String, bytes: [UInt8]) in
                try await client.executeRequest(
                    uri: "/api/restaurant/logo", method: .put, headers: [.authorization: "Bearer \(token)", .contentType: "image/png"],
                    body: ByteBuffer(bytes: bytes))
            }
            let uploaded = try await put(manager, logo)
            #expect(uploaded.status == .ok, "\(String(buffer: uploaded.body))")
            let table = try await client.call(.get, "/api/tables/tbl-005?tenant_id=\(demoTenant)")
            let url = try #require((table["restaurant"] as? [String: Any])?["logo_url"] as? String, "\(table.text)")
            #expect(url.hasPrefix("/photos/") && url.hasSuffix(".webp"))
            // The page tells the time on the restaurant's clock, not the phone's.
            #expect((table["restaurant"] as? [String: Any])?["timezone"] as? String == "Asia/Kolkata")
            let served = try await client.executeRequest(uri: url, method: .get, headers: [:], body: nil)
            #expect(served.status == .ok && DishPhotoTests.isWebP(Array(served.body.readableBytesView)))
            #expect(try await put(manager, Array("not an image".utf8)).status == .unsupportedMediaType)
            #expect(try await put(try await client.loginStaff("waiter1"), logo).status == .forbidden)

            let added = try await client.call(.post, "/api/printers", token: manager, json: ["name": "Tandoor", "host": "192.168.1.40"])
            #expect(added.status == .created, "\(added.text)")
            let id = try #require((added["printer"] as? [String: Any])?["id"] as? String)
            #expect(try await client.call(.delete, "/api/printers/\(id)", token: manager).status == .ok)
            let listed = try await client.call(.get, "/api/printers", token: manager)
            #expect((listed["printers"] as? [[String: Any]])?.first { $0["id"] as? String == id }?["is_active"] as? Bool == false)
            #expect(try await client.call(.delete, "/api/printers/\(id)", token: manager).errorCode == "PRINTER_NOT_FOUND")
        }
    }
}
