import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import IntelliDineServer
import IntelliDineStore
import Synchronization
import Testing

@Suite("The live stream behind the kitchen display and the guest's tracking page")
struct LiveStreamTests {
    static let upgrade: HTTPFields = [.upgrade: "websocket", .connection: "Upgrade"]

    @Test("Tickets are single-use, need a token, and a guest may follow only their own order")
    func tickets() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let anonymous = try await client.call(.post, "/api/stream/tickets")
            #expect(anonymous.status == .unauthorized)

            let kitchen = try await client.loginStaff("kitchen_staff1")
            let ticket = try #require(try await client.call(.post, "/api/stream/tickets", token: kitchen)["ticket"] as? String)
            // Used once without a WebSocket: refused, and the ticket is spent.
            let plain = try await client.call(.get, "/api/stream?ticket=\(ticket)")
            #expect(plain.status == .badRequest)
            #expect(plain.errorCode == "WEBSOCKET_REQUIRED")
            let again = try await client.call(.get, "/api/stream?ticket=\(ticket)", headers: Self.upgrade)
            #expect(again.status == .unauthorized)
            #expect(again.errorCode == "INVALID_TICKET")
            let forged = try await client.call(.get, "/api/stream?ticket=\(String(repeating: "a", count: 64))", headers: Self.upgrade)
            #expect(forged.errorCode == "INVALID_TICKET")
            let fresh = try #require(try await client.call(.post, "/api/stream/tickets", token: kitchen)["ticket"] as? String)
            let badSeq = try await client.call(.get, "/api/stream?ticket=\(fresh)&after=-4", headers: Self.upgrade)
            #expect(badSeq.status == .unprocessableContent)

            // A guest follows one order, their own.
            let guest = try await client.loginGuest(box)
            let other = try await client.loginGuest(box, phone: "9123456780")
            let order = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            func guestTicket(_ token: String) async throws -> String {
                try #require(try await client.call(.post, "/api/stream/tickets", token: token)["ticket"] as? String)
            }
            let noOrder = try await client.call(.get, "/api/stream?ticket=\(try await guestTicket(guest.token))", headers: Self.upgrade)
            #expect(noOrder.errorCode == "ORDER_ID_REQUIRED")
            let notTheirs = try await client.call(
                .get, "/api/stream?ticket=\(try await guestTicket(other.token))&order_id=\(order)", headers: Self.upgrade)
            #expect(notTheirs.status == .forbidden)
            #expect(notTheirs.errorCode == "NOT_YOUR_ORDER")

            // A signed-out session's ticket no longer opens anything.
            let late = try await guestTicket(guest.token)
            _ = try await client.call(.post, "/api/auth/logout", token: guest.token)
            let revoked = try await client.call(.get, "/api/stream?ticket=\(late)&order_id=\(order)", headers: Self.upgrade)
            #expect(revoked.errorCode == "INVALID_TICKET")
        }
    }

    @Test("The kitchen gets a snapshot of open orders, then every order event as it commits")
    func snapshotThenLive() async throws {
        let box = try await TestBox.make()
        try await box.test(.live) { client in
            let guest = try await client.loginGuest(box)
            let kitchen = try await client.loginStaff("kitchen_staff1")
            let first = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)

            let stream = try await StreamClient.open(client, token: kitchen)
            let snapshot = stream.received[0]
            #expect(snapshot["type"] as? String == "snapshot")
            let orders = try #require(snapshot["orders"] as? [[String: Any]])
            #expect(orders.map { $0["id"] as? String } == [first])
            #expect((orders[0]["items"] as? [Any])?.count == 3)
            let snapshotSeq = try #require((snapshot["seq"] as? NSNumber)?.int64Value)

            let second = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            _ = try await client.call(.patch, "/api/orders/\(first)/status", token: kitchen, json: ["status": "PREPARING"])
            try await stream.waitFor("two events") { stream.events.count == 2 }
            let events = stream.events
            #expect(events[0]["event_type"] as? String == "order.created")
            #expect(events[0]["order_id"] as? String == second)
            let created = try #require(events[0]["data"] as? [String: Any])
            #expect(created["table_number"] as? Int == 5)
            #expect((created["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Paneer Tikka", "Dal Makhani", "Garlic Naan"])
            #expect(events[1]["event_type"] as? String == "order.status_changed")
            #expect((events[1]["data"] as? [String: Any])?["new_status"] as? String == "PREPARING")
            let seqs = events.compactMap { ($0["seq"] as? NSNumber)?.int64Value }
            #expect(seqs.allSatisfy { $0 > snapshotSeq } && seqs == seqs.sorted())
            await stream.stop()
        }
    }

    @Test("/metrics times each event frame from its commit to a kitchen socket; a guest's own order stream is not counted")
    func kitchenLatencyMetric() async throws {
        let box = try await TestBox.make()
        try await box.test(.live) { client in
            let guest = try await client.loginGuest(box)
            let kitchen = try await client.loginStaff("kitchen_staff1")
            let manager = try await client.loginStaff("manager1")
            let board = try await StreamClient.open(client, token: kitchen)
            let order = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            let follower = try await StreamClient.open(client, token: guest.token, query: "order_id=\(order)")
            _ = try await client.call(.patch, "/api/orders/\(order)/status", token: kitchen, json: ["status": "PREPARING"])
            try await follower.waitFor("the guest's status frame") { follower.events.count == 1 }
            try await board.waitFor("the board's two frames") { board.events.count == 2 }

            // Written to the socket, then timed: the count may trail the frame by a moment.
            var count = -1.0, sum = -1.0
            try await eventually("two kitchen frames timed") {
                let text = try await client.call(.get, "/metrics", token: manager).text
                func value(_ name: String) -> Double? {
                    text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last!) }
                }
                count = value("intellidine_kitchen_frame_latency_seconds_count") ?? -1
                sum = value("intellidine_kitchen_frame_latency_seconds_sum") ?? -1
                return count == 2
            }
            #expect(sum > 0 && sum < 10)
            await board.stop()
            await follower.stop()
        }
    }

    @Test("A kitchen client away while 100 orders were placed receives exactly those 100 on reconnect")
    func reconnectCatchesUpExactly() async throws {
        let box = try await TestBox.make()
        try await box.test(.live) { client in
            let manager = try await client.loginStaff("manager1")
            _ = try await client.call(.post, "/api/inventory/ingredients/ing-flour/restock", token: manager, json: ["quantity": 100_000])
            let guest = try await client.loginGuest(box)
            let kitchen = try await client.loginStaff("kitchen_staff1")

            let stream = try await StreamClient.open(client, token: kitchen)
            let lastSeq = try #require(stream.lastSeq)
            await stream.stop()

            var placed: [String] = []
            for _ in 0..<100 {
                let response = try await client.call(
                    .post, "/api/orders?tenant_id=\(demoTenant)", token: guest.token,
                    json: ["table_id": "tbl-002", "items": [["menu_item_id": "item_006", "quantity": 1]]])
                placed.append(try #require(response.order["id"] as? String, "\(response.text)"))
            }

            let back = try await StreamClient.open(client, token: kitchen, query: "after=\(lastSeq)")
            try await back.waitFor("the catch-up marker") { back.received.contains { $0["type"] as? String == "caught_up" } }
            let events = back.events
            #expect(events.count == 100)
            #expect(events.map { $0["event_type"] as? String } == Array(repeating: "order.created", count: 100))
            #expect(events.compactMap { $0["order_id"] as? String } == placed)
            #expect(back.received.last?["type"] as? String == "caught_up")

            // And it is live again afterwards: one more order arrives once.
            let more = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            try await back.waitFor("the live order") { back.events.count == 101 }
            #expect(back.events.last?["order_id"] as? String == more)
            try await Task.sleep(for: .milliseconds(200))
            #expect(back.events.count == 101)
            await back.stop()
        }
    }

    @Test("A guest's stream carries only their order's events, from its history onwards")
    func guestSeesOnlyTheirOrder() async throws {
        let box = try await TestBox.make()
        try await box.test(.live) { client in
            let guest = try await client.loginGuest(box)
            let other = try await client.loginGuest(box, phone: "9123456780")
            let kitchen = try await client.loginStaff("kitchen_staff1")
            let mine = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            let theirs = try #require(try await client.placeSeedOrder(token: other.token).order["id"] as? String)

            let stream = try await StreamClient.open(client, token: guest.token, query: "order_id=\(mine)")
            let snapshot = try #require(stream.received[0]["orders"] as? [[String: Any]])
            #expect(snapshot.map { $0["id"] as? String } == [mine])
            #expect((snapshot[0]["status_history"] as? [Any])?.count == 1)

            _ = try await client.call(.patch, "/api/orders/\(theirs)/status", token: kitchen, json: ["status": "PREPARING"])
            _ = try await client.call(.patch, "/api/orders/\(mine)/status", token: kitchen, json: ["status": "PREPARING"])
            _ = try await client.call(.patch, "/api/orders/\(mine)/status", token: kitchen, json: ["status": "READY"])
            try await stream.waitFor("two status changes") { stream.events.count == 2 }
            #expect(stream.events.allSatisfy { $0["order_id"] as? String == mine })
            #expect(stream.events.compactMap { ($0["data"] as? [String: Any])?["new_status"] as? String } == ["PREPARING", "READY"])
            await stream.stop()
        }
    }

    @Test("A client too far behind, or ahead of this box's log, gets a fresh snapshot")
    func resyncWithSnapshot() async throws {
        let box = try await TestBox.make()
        try await box.test(.live) { client in
            let kitchen = try await client.loginStaff("kitchen_staff1")
            let ahead = try await StreamClient.open(client, token: kitchen, query: "after=999999")
            #expect(ahead.received[0]["type"] as? String == "snapshot")
            await ahead.stop()
        }
    }

    @Test("A subscriber that stops reading is cut off at its queue limit; others keep receiving")
    func slowSubscriberIsCutOff() async throws {
        let box = try await TestBox.make()
        let feed = LiveFeed(database: box.database, logger: .init(label: "test"), queueLimit: 5)
        let scope = LiveScope(tenantId: demoTenant, orderId: nil)
        let slow = feed.subscribe(scope)
        let fast = feed.subscribe(scope)
        let running = Task { try await feed.run() }
        defer { running.cancel() }
        // The feed follows the log from its head when it starts: no order before it listens.
        // (The box's own services are not running yet, so the only listener is this feed.)
        try await eventually("the feed to listen") { box.database.eventSignal.subscriberCount > 0 }
        try await Task.sleep(for: .milliseconds(200))
        let seen = FrameCount()
        let reader = Task {
            for await _ in fast.frames where seen.add() == 8 { break }
        }
        defer { reader.cancel() }
        try await box.test { client in
            let guest = try await client.loginGuest(box)
            for placed in 1...8 {
                _ = try await client.call(
                    .post, "/api/orders?tenant_id=\(demoTenant)", token: guest.token,
                    json: ["table_id": "tbl-002", "items": [["menu_item_id": "item_006", "quantity": 1]]])
                // One at a time: the reader keeps up, so only the subscriber that never reads overflows.
                try await eventually("frame \(placed)") { seen.value >= placed }
            }
        }
        #expect(seen.value == 8)
        // The slow one holds at most its limit, then its stream ends; the feed has forgotten it.
        let drain = Task {
            var queued = 0
            for await _ in slow.frames { queued += 1 }
            return queued
        }
        defer { drain.cancel() }
        try await eventually("the slow subscriber to be cut off") { feed.subscriberCount == 1 }
        #expect(await drain.value == 5)
    }
}

/// Frames counted by one reader task and watched by the test.
private final class FrameCount: Sendable {
    private let count = Mutex(0)
    func add() -> Int { count.withLock { $0 += 1; return $0 } }
    var value: Int { count.withLock { $0 } }
}
