import Foundation
import GRDB
import IntelliDineServer
import Testing

/// A board without a clock battery boots in 1970, and NTP then moves its clock by years, or by a
/// day (docs/architecture.md, "Time"). The daemon reads time through one seam (`WallClock`),
/// which these tests move: its wall clock for what is dated, its uptime for how long things last.
@Suite("A wrong clock")
struct WrongClockTests {
    static let booted = Date(timeIntervalSince1970: 86_400)  // 1970-01-02, as a board without a clock battery
    static let right = Date(timeIntervalSince1970: 1_796_542_200)  // 2026-12-06 07:30 UTC, 13:00 in Kolkata

    @Test("Given a box whose clock reads 1970, then it serves the menu, sign-in and the kitchen, refuses orders with 503 CLOCK_NOT_SET, and takes them once the clock is set, without a restart")
    func waitsForTheClock() async throws {
        let clock = MovingClock(Self.booted)
        let box = try await TestBox.make(clock: clock.wallClock) { $0.clockFloor = ClockTrust.releaseFloor }
        try await box.test { client in
            let guest = try await client.loginGuest(box)
            #expect(try await client.call(.get, "/api/menu/items?tenant_id=\(demoTenant)", token: guest.token).status == .ok)
            let kitchen = try await client.loginStaff("kitchen_staff1")
            #expect(try await client.call(.get, "/api/orders", token: kitchen).status == .ok)

            let refused = try await client.placeSeedOrder(token: guest.token)
            #expect(refused.status == .serviceUnavailable, "\(refused.text)")
            #expect(refused.errorCode == "CLOCK_NOT_SET")
            #expect(refused.headers[.retryAfter] == "30")
            let ready = try await client.call(.get, "/readyz")
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.errorCode == "CLOCK_NOT_SET")
            let nothing = try await box.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders") }
            #expect(nothing == 0, "no order dated 1970")

            // NTP sets the clock: the same tokens place the order, dated today, with ticket 1.
            clock.set(Self.right)
            #expect(try await client.call(.get, "/readyz").status == .ok)
            let placed = try await client.placeSeedOrder(token: guest.token)
            #expect(placed.status == .created, "\(placed.text)")
            #expect((placed.order["created_at"] as? String)?.hasPrefix("2026-12-06T07:30") == true, "\(placed.order)")
            let stamps = try await box.database.pool.read { db in
                try String.fetchAll(db, sql: "SELECT occurred_at FROM events WHERE type LIKE 'order.%'")
            }
            #expect(!stamps.isEmpty && stamps.allSatisfy { $0.hasPrefix("2026-12-06") }, "\(stamps)")
        }
    }

    @Test("Given a clock before the newest event in the log, then the box waits for the clock even after this release's date")
    func newestEventIsTheFloor() async throws {
        let clock = MovingClock(Self.right)
        let state = NSTemporaryDirectory() + "intellidine-clock-" + UUID().uuidString
        let first = try await TestBox.make(clock: clock.wallClock) { $0.stateDir = state; $0.clockFloor = ClockTrust.releaseFloor }
        try await first.test { client in
            let guest = try await client.loginGuest(first)
            #expect(try await client.placeSeedOrder(token: guest.token).status == .created)
        }
        // Restarted on a board whose clock came back a day behind what it already recorded.
        clock.jump(days: -1)
        let second = try await TestBox.make(clock: clock.wallClock) { $0.stateDir = state; $0.clockFloor = ClockTrust.releaseFloor }
        try await second.test { client in
            let guest = try await client.loginGuest(second, phone: "9123456780")
            let refused = try await client.placeSeedOrder(token: guest.token)
            #expect(refused.errorCode == "CLOCK_NOT_SET", "\(refused.text)")
            clock.jump(days: 1)
            #expect(try await client.placeSeedOrder(token: guest.token).status == .created)
        }
    }

    @Test("Given the wall clock jumps a day either way, then codes and tokens last their minutes and hours of real time, and the resend throttle holds seconds, not a day")
    func durationsSurviveAJump() async throws {
        let clock = MovingClock(Self.right)
        let box = try await TestBox.make(clock: clock.wallClock) { $0.clockFloor = .distantPast }
        try await box.test { client in
            // A token signed in, then NTP moves the clock a day on: it still works.
            let guest = try await client.loginGuest(box)
            let menu = "/api/menu/items?tenant_id=\(demoTenant)"
            clock.jump(days: 1)
            #expect(try await client.call(.get, "/api/orders", token: guest.token).status == .ok)
            // A day back: it still works, and still ends after eight hours of real time.
            clock.jump(days: -2)
            #expect(try await client.call(.get, "/api/orders", token: guest.token).status == .ok)
            clock.advance(seconds: 8 * 3_600 + 1)
            #expect(try await client.call(.get, "/api/orders", token: guest.token).status == .unauthorized)
            #expect(try await client.call(.get, menu).status == .ok)

            // A code sent, then the clock moved on a day: it works within its five minutes of real time...
            let phone = "9000000001"
            #expect(try await client.call(.post, "/api/auth/customer/otp", json: ["phone_number": phone]).status == .ok)
            let code = try box.lastOTP(to: phone)
            clock.jump(days: 1)
            clock.advance(minutes: 4)
            let verified = try await client.call(
                .post, "/api/auth/customer/verify-otp?tenant_id=\(demoTenant)", json: ["phone_number": phone, "otp": code])
            #expect(verified.status == .ok, "\(verified.text)")

            // ... and a code sent, then the clock set back a day, is dead after five real minutes.
            let other = "9000000002"
            #expect(try await client.call(.post, "/api/auth/customer/otp", json: ["phone_number": other]).status == .ok)
            let late = try box.lastOTP(to: other)
            clock.jump(days: -1)
            clock.advance(minutes: 6)
            let expired = try await client.call(
                .post, "/api/auth/customer/verify-otp?tenant_id=\(demoTenant)", json: ["phone_number": other, "otp": late])
            #expect(expired.errorCode == "OTP_EXPIRED", "\(expired.text)")

            // The code sent before the clock went back counts as just sent: the next waits 30 s, not a day.
            let third = "9000000003"
            #expect(try await client.call(.post, "/api/auth/customer/otp", json: ["phone_number": third]).status == .ok)
            clock.jump(days: -1)
            let throttled = try await client.call(.post, "/api/auth/customer/otp", json: ["phone_number": third])
            #expect(throttled.status == .tooManyRequests, "\(throttled.text)")
            #expect(Int(throttled.headers[.retryAfter] ?? "") ?? .max <= 30, "\(throttled.headers)")
            // ... and after those 30 s of real time, the phone gets its next code (not after a day).
            clock.advance(seconds: 31)
            let next = try await client.call(.post, "/api/auth/customer/otp", json: ["phone_number": third])
            #expect(next.status == .ok, "\(next.text)")
        }
    }

    @Test("Given a clock not set, then the kitchen still bumps and reprints orders placed before, while new orders wait; a doubled slash does not slip past")
    func kitchenWorksWhileTheClockWaits() async throws {
        let clock = MovingClock(Self.right)
        let state = NSTemporaryDirectory() + "intellidine-clock-" + UUID().uuidString
        let first = try await TestBox.make(clock: clock.wallClock) { $0.stateDir = state; $0.clockFloor = ClockTrust.releaseFloor }
        let orderId = try await first.test { client in
            let guest = try await client.loginGuest(first)
            return try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
        }
        // Power cut; the board boots in 1970.
        clock.set(Self.booted)
        let second = try await TestBox.make(clock: clock.wallClock) { $0.stateDir = state; $0.clockFloor = ClockTrust.releaseFloor }
        try await second.test { client in
            let kitchen = try await client.loginStaff("kitchen_staff1")
            let bumped = try await client.call(.patch, "/api/orders/\(orderId)/status", token: kitchen, json: ["status": "PREPARING"])
            #expect(bumped.status == .ok, "\(bumped.text)")
            let guest = try await client.loginGuest(second)
            #expect(try await client.placeSeedOrder(token: guest.token).errorCode == "CLOCK_NOT_SET")
            let doubled = try await client.call(
                .post, "//api/orders?tenant_id=\(demoTenant)", token: guest.token,
                json: ["table_id": "tbl-005", "items": [["menu_item_id": "item_001", "quantity": 1]]])
            #expect(doubled.errorCode == "CLOCK_NOT_SET", "\(doubled.text)")
        }
    }

    @Test("Given a rate-limited guest and the clock set back a day, then the limit still lifts after a minute of uptime")
    func rateLimitUsesUptime() async throws {
        let clock = MovingClock(Self.right)
        let box = try await TestBox.make(rateLimit: 3, clock: clock.wallClock)
        try await box.test { client in
            let path = "/api/menu/items?tenant_id=\(demoTenant)"
            for _ in 0..<3 { #expect(try await client.call(.get, path).status == .ok) }
            clock.jump(days: -1)
            let limited = try await client.call(.get, path)
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? .max <= 60, "\(limited.headers)")
            clock.advance(seconds: 61)
            #expect(try await client.call(.get, path).status == .ok)
        }
    }
}
