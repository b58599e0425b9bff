import Foundation
import GRDB
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

@Suite("SMS notifications from the event log")
struct NotificationTests {
    func orderTexts(_ box: TestBox) throws -> [String] {
        try box.spoolMessages(to: seedPhone).filter { !$0.contains("OTP") }
    }

    /// Runs `body` with a fake Twilio, a box whose texts go to it (a failing send retried within a
    /// second), and the seed guest's token, logged in with the code the fake received.
    func withTwilio(_ body: @escaping @Sendable (FakeTwilio, TestBox, any TestClientProtocol, String) async throws -> Void) async throws {
        let fake = FakeTwilio()
        try await fake.application.test(.live) { twilio in
            let tokenFile = NSTemporaryDirectory() + "twilio-token-" + UUID().uuidString
            try "s3cret".write(toFile: tokenFile, atomically: true, encoding: .utf8)
            let box = try await TestBox.make { config in
                config.smsHTTPURL = "http://127.0.0.1:\(twilio.port!)"
                config.smsHTTPAccountSID = "AC1"
                config.smsHTTPFrom = "+15005550006"
                config.smsHTTPAuthTokenFile = tokenFile
                config.retryCapSeconds = 1
            }
            try await box.test { client in
                _ = try await client.call(.post, "/api/auth/customer/otp", json: ["phone_number": seedPhone])
                let code = try #require(fake.received.withLock { $0.last?.form["Body"] }.flatMap { body in
                    body.range(of: #"\b\d{6}\b"#, options: .regularExpression).map { String(body[$0]) }
                })
                let verified = try await client.call(
                    .post, "/api/auth/customer/verify-otp?tenant_id=\(demoTenant)", json: ["phone_number": seedPhone, "otp": code])
                try await body(fake, box, client, try #require(verified["access_token"] as? String))
            }
        }
    }

    @Test("The guest's texts, once each, also when events are delivered again after a crash")
    func seedTexts() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            let guest = try await client.loginGuest(box)
            let kitchen = try await client.loginStaff("kitchen_staff1")
            let waiter = try await client.loginStaff("waiter1")
            let id = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            for (status, token) in [("PREPARING", kitchen), ("READY", kitchen), ("SERVED", waiter)] {
                _ = try await client.call(.patch, "/api/orders/\(id)/status", token: token, json: ["status": status])
            }
            _ = try await client.call(.patch, "/api/payments/\(id)/cash", token: waiter, json: ["amount_received": 1100])
            try await box.caughtUp(ConsumerName.smsNotifier)
            let texts = try orderTexts(box)
            // Spool files carry no order of their own (the modem sends what it finds), so compare as a set.
            #expect(texts.count == 5, "\(texts)")
            #expect(Set(texts) == [
                "Order received! 2 Paneer Tikka, 1 Dal Makhani, 3 Garlic Naan. Order #1, total ₹1,088.55.",
                "Your order is being prepared. ETA: 20 minutes. Order #1",
                "Your order is ready! Order #1 is on its way to table 5.",
                "Your order has been delivered. Please pay at the counter or ask your waiter. Order #1, due ₹1,088.55.",
                "Thank you for dining! Your order has been completed and paid. We look forward to seeing you again! 🙏",
            ])
        }
        // A crash after recording the texts but before the cursor moved: the next start reads
        // everything again. A crash between sending and recording: the record is gone too.
        try await box.database.pool.write { db in
            try db.execute(sql: "UPDATE consumer_cursors SET last_seq = 0 WHERE consumer = ?", arguments: [ConsumerName.smsNotifier])
            try db.execute(sql: "DELETE FROM sent_notifications WHERE rowid % 2 = 0")
        }
        let restarted = try await box.restarted()
        try await restarted.test { client in
            // Wake the notifier with a new event that sends nothing (a menu edit).
            let manager = try await client.loginStaff("manager1")
            _ = try await client.call(.patch, "/api/menu/items/item_006", token: manager, json: ["price": 35])
            // Caught up from seq 0: every event was read again.
            try await restarted.caughtUp(ConsumerName.smsNotifier)
            let texts = try orderTexts(restarted)
            #expect(texts.count == 5, "\(texts)")
            // The records are whole again: one per text, the missing ones written on the replay.
            let records = try await restarted.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sent_notifications")! }
            #expect(records == 5)
        }
    }

    @Test("A provider that fails in the middle of a batch: the texts it took before are recorded and not sent again")
    func failureMidBatch() async throws {
        try await withTwilio { fake, box, client, token in
            // Three orders wait while the provider is down, so the notifier's next pass holds all three.
            fake.failing.withLock { $0 = true }
            for _ in 0..<3 { #expect(try await client.placeSeedOrder(token: token).status == .created) }
            try await Task.sleep(for: .seconds(1))
            #expect(try await box.database.consumerPositions([ConsumerName.smsNotifier])[0].lag > 0)

            // Back, but it takes one text and fails the next.
            let before = fake.received.withLock { $0.count }
            fake.failAfter.withLock { $0 = 1 }
            fake.failing.withLock { $0 = false }
            for _ in 0..<100 {
                if fake.received.withLock({ $0.count }) >= before + 2 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            fake.failAfter.withLock { $0 = nil }
            try await box.caughtUp(ConsumerName.smsNotifier)
            let orderTexts = fake.delivered.withLock { $0 }.filter { $0.hasPrefix("Order received!") }
            #expect(orderTexts.count == 3, "\(orderTexts)")
            // One text for each order: none for the first order twice.
            let tickets = Set(orderTexts.compactMap { text in text.range(of: #"Order #\d+"#, options: .regularExpression).map { String(text[$0]) } })
            #expect(tickets.count == 3, "\(orderTexts)")
        }
    }

    @Test("With the SMS provider down, texts wait and are all delivered, once, when it returns")
    func providerOutage() async throws {
        try await withTwilio { fake, box, client, token in
            // Logged in through the fake; now take it down.
            fake.failing.withLock { $0 = true }
            let kitchen = try await client.loginStaff("kitchen_staff1")
            let id = try #require(try await client.placeSeedOrder(token: token).order["id"] as? String)
            _ = try await client.call(.patch, "/api/orders/\(id)/status", token: kitchen, json: ["status": "PREPARING"])
            try await Task.sleep(for: .seconds(2))
            let lag = try await box.database.consumerPositions([ConsumerName.smsNotifier])[0].lag
            #expect(lag > 0)

            #expect(fake.delivered.withLock { $0.filter { !$0.contains("OTP") } }.isEmpty)
            fake.failing.withLock { $0 = false }
            try await box.caughtUp(ConsumerName.smsNotifier)
            // What the provider took once it was back: each text exactly once, in order.
            let delivered = fake.delivered.withLock { $0.filter { !$0.contains("OTP") } }
            #expect(delivered.count == 2, "\(delivered)")
            #expect(delivered.first?.hasPrefix("Order received!") == true)
            #expect(delivered.last?.hasPrefix("Your order is being prepared.") == true)
        }
    }
}
