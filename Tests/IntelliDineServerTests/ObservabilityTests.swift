import Foundation
import HummingbirdTesting
import IntelliDineServer
import Testing

@Suite("Health, readiness and metrics endpoints")
struct ObservabilityTests {
    @Test("/metrics off the box needs a manager's token; /healthz and /readyz are public")
    func access() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            // The router test client has no peer address: it counts as off the box.
            #expect(try await client.call(.get, "/metrics").status == .unauthorized)
            let guest = try await client.loginGuest(box)
            #expect(try await client.call(.get, "/metrics", token: guest.token).status == .forbidden)
            let manager = try await client.loginStaff("manager1")
            let metrics = try await client.call(.get, "/metrics", token: manager)
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("# TYPE intellidine_http_requests_total counter"))
            #expect(metrics.text.contains(#"intellidine_http_requests_total{route="/api/auth/staff/login",method="POST",status="200"} 1"#))
            #expect(try await client.call(.get, "/healthz").status == .ok)
            #expect(try await client.call(.get, "/readyz").status == .ok)
        }
    }

    @Test("/metrics counts the guests' open menus as they come and go, and reports memory by owner")
    func liveMenusAndMemory() async throws {
        let box = try await TestBox.make()
        try await box.test(.ahc(.http)) { client in
            // A live server's client is on loopback, where /metrics needs no token.
            func gauge(_ name: String) async throws -> Double? {
                let text = try await client.call(.get, "/metrics").text
                return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
            }
            #expect(try await gauge("intellidine_live_menus") == 0)
            let menu = try await StreamClient.watchMenu(client)
            #expect(try await gauge("intellidine_live_menus") == 1)
            await menu.stop()
            let deadline = ContinuousClock.now + .seconds(30)
            while try await gauge("intellidine_live_menus") != 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(try await gauge("intellidine_live_menus") == 0)
            // SQLite has at least the schema and a page cache by now; malloc has handed out more than that.
            let sqlite = try #require(try await gauge("intellidine_sqlite_memory_bytes"))
            let heap = try #require(try await gauge("intellidine_heap_in_use_bytes"))
            #expect(sqlite > 10_000)
            #expect(heap > sqlite)
        }
    }
}
