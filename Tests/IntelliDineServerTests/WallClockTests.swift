import Foundation
import IntelliDineServer
import Testing

@Suite("The wall clock seam")
struct WallClockTests {
    @Test("Given a box whose clock reads the demo journey's dinner rush, then the order is stamped and priced at that moment")
    func ordersTakeTheClocksTime() async throws {
        // 2025-10-22 19:08 in Kolkata.
        let dinner = Date(timeIntervalSince1970: 1_761_140_280)
        let box = try await TestBox.make(clock: WallClock { dinner })
        try await box.test { client in
            let guest = try await client.loginGuest(box)
            let placed = try await client.placeSeedOrder(token: guest.token)
            #expect(placed.status == .created, "\(placed.text)")
            #expect((placed.order["created_at"] as? String)?.hasPrefix("2025-10-22T13:38:00") == true, "\(placed.order)")
            // Priced at 19:08: the dinner peak is the reason the engine gives the undiscounted items.
            let manager = try await client.loginStaff("manager1")
            let current = try await client.call(.get, "/api/discounts/current", token: manager)
            #expect((current["at"] as? String)?.hasPrefix("2025-10-22T13:38:00") == true, "\(current.text)")
        }
    }
}
