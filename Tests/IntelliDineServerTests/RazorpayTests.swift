import Foundation
import GRDB
import HTTPTypes
import HummingbirdTesting
import IntelliDineServer
import IntelliDineStore
import Testing

/// A daemon with online payment configured against a fake Razorpay on a real socket.
struct RazorpaySetup {
    let box: TestBox
    let razorpay: FakeRazorpay
    let server: Task<Void, any Error>?
    /// Held while the test runs when Razorpay is "down", so no other server takes its port.
    let downPort: ReservedPort?

    static func make(razorpayRunning: Bool = true, webhook: Bool = true, clock: WallClock = .system) async throws -> RazorpaySetup {
        let razorpay = FakeRazorpay()
        // The fake listens before the daemon is configured with its port (see `ListeningServer`).
        var server: Task<Void, any Error>?
        var downPort: ReservedPort?
        let port: Int
        if razorpayRunning {
            let started = try await ListeningServer.start { razorpay.application(onServerRunning: $0) }
            (port, server) = (started.port, started.task)
        } else {
            downPort = try ReservedPort()
            port = downPort!.port
        }
        let files = try FakeRazorpay.writeKeyFiles(in: NSTemporaryDirectory() + "razorpay-" + UUID().uuidString)
        let box = try await TestBox.make(clock: clock) { config in
            config.razorpayAPIURL = "http://127.0.0.1:\(port)"
            config.razorpayKeyIdFile = files.id
            config.razorpayKeySecretFile = files.secret
            config.razorpayWebhookSecretFile = webhook ? files.webhook : nil
            // No test waits for this timeout (an unreachable Razorpay is refused at once), and 2 s,
            // then 10 s, were seen to run out on a loaded 2-core machine with every suite running at once.
            config.razorpayTimeoutSeconds = 30
        }
        return RazorpaySetup(box: box, razorpay: razorpay, server: server, downPort: downPort)
    }

    func payments(_ orderId: String) async throws -> [PaymentRecord] {
        try await box.database.pool.read { db in
            try PaymentRecord.fetchAll(db, sql: "SELECT * FROM payments WHERE order_id = ?", arguments: [orderId])
        }
    }
}

extension TestClientProtocol {
    func razorpayOrder(_ token: String, orderId: String) async throws -> JSONResponse {
        try await call(.post, "/api/payments/razorpay-order?tenant_id=\(demoTenant)", token: token, json: ["order_id": orderId, "method": "online"])
    }

    func verify(_ token: String, orderId: String, paymentId: String, signature: String? = nil) async throws -> JSONResponse {
        try await call(.post, "/api/payments/razorpay-verify?tenant_id=\(demoTenant)", token: token, json: [
            "razorpay_order_id": orderId, "razorpay_payment_id": paymentId,
            "razorpay_signature": signature ?? FakeRazorpay.checkoutSignature(orderId: orderId, paymentId: paymentId),
        ])
    }

    func webhook(event: String, paymentId: String, orderId: String, amount: Int64, eventId: String, signature: String? = nil) async throws -> JSONResponse {
        let (body, signed) = FakeRazorpay.webhook(event: event, paymentId: paymentId, orderId: orderId, amount: amount)
        return try await call(.post, "/api/payments/razorpay-webhook", raw: body, headers: [
            HTTPField.Name("X-Razorpay-Signature")!: signature ?? signed, HTTPField.Name("X-Razorpay-Event-Id")!: eventId,
            .contentType: "application/json",
        ])
    }
}

@Suite("Online payment through Razorpay: signatures, webhooks, once-only recording, and Razorpay down")
struct RazorpayTests {
    @Test("Checkout: the order is created at Razorpay for what is due; a good signature pays once, a forged one nothing")
    func checkout() async throws {
        let setup = try await RazorpaySetup.make()
        defer { setup.server?.cancel() }
        try await setup.box.test { client in
            let guest = try await client.loginGuest(setup.box)
            let id = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            let created = try await client.razorpayOrder(guest.token, orderId: id)
            #expect(created.status == .created)
            #expect(created["razorpay_key"] as? String == FakeRazorpay.keyId)
            #expect(rupees(created["amount"]) == "1088.55")
            let razorpayOrder = try #require(created["razorpay_order_id"] as? String)
            let atRazorpay = setup.razorpay.created.withLock { $0 }
            #expect(atRazorpay.count == 1)
            #expect(atRazorpay.first?.amount == 108_855 && atRazorpay.first?.receipt == id)

            let forged = try await client.verify(
                guest.token, orderId: razorpayOrder, paymentId: "pay_Forged000001",
                signature: FakeRazorpay.checkoutSignature(orderId: razorpayOrder, paymentId: "pay_Forged000001", secret: "wrong"))
            #expect(forged.status == .badRequest)
            #expect(forged.errorCode == "INVALID_SIGNATURE")
            let garbage = try await client.verify(guest.token, orderId: razorpayOrder, paymentId: "pay_X", signature: "zz")
            #expect(garbage.errorCode == "INVALID_SIGNATURE")
            #expect(try await setup.payments(id).isEmpty)

            let paid = try await client.verify(guest.token, orderId: razorpayOrder, paymentId: "pay_Good00000001")
            #expect(paid.status == .created)
            #expect((paid.order["amount_due"] as? NSNumber)?.doubleValue == 0)
            let again = try await client.verify(guest.token, orderId: razorpayOrder, paymentId: "pay_Good00000001")
            #expect(again.status == .ok)
            let payments = try await setup.payments(id)
            #expect(payments.count == 1)
            #expect(payments.first?.paymentMethod == .razorpay && payments.first?.status == .completed)
            #expect(payments.first?.amountPaise == 108_855)
            let events = try await setup.box.database.events(forAggregate: id).filter { $0.type == "payment.completed" }
            #expect(events.count == 1)
            #expect(events.first?.payload.contains(#""method":"RAZORPAY""#) == true)

            // Paid in full: no second Razorpay order, and cash is refused too.
            #expect(try await client.razorpayOrder(guest.token, orderId: id).errorCode == "ORDER_ALREADY_PAID")
            let waiter = try await client.loginStaff("waiter1")
            #expect(try await client.call(.patch, "/api/payments/\(id)/cash", token: waiter, json: ["amount_received": 1100]).status == .conflict)

            // Another guest can neither start nor confirm a payment for this order.
            let other = try await client.loginGuest(setup.box, phone: "9123456780")
            #expect(try await client.razorpayOrder(other.token, orderId: id).status == .forbidden)
        }
    }

    @Test("Webhooks: forged refused, replays ignored, before or after checkout, payment.captured and order.paid in any order: one payment")
    func webhooks() async throws {
        let setup = try await RazorpaySetup.make()
        defer { setup.server?.cancel() }
        try await setup.box.test { client in
            let guest = try await client.loginGuest(setup.box)
            let waiter = try await client.loginStaff("waiter1")
            let kitchen = try await client.loginStaff("kitchen_staff1")

            // Webhook first, then the checkout's answer, then order.paid.
            let first = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            for status in ["PREPARING", "READY"] {
                _ = try await client.call(.patch, "/api/orders/\(first)/status", token: kitchen, json: ["status": status])
            }
            _ = try await client.call(.patch, "/api/orders/\(first)/status", token: waiter, json: ["status": "SERVED"])
            let rzp = try #require(try await client.razorpayOrder(guest.token, orderId: first)["razorpay_order_id"] as? String)

            let forged = try await client.webhook(
                event: "payment.captured", paymentId: "pay_A", orderId: rzp, amount: 108_855, eventId: "evt_forged", signature: String(repeating: "0", count: 64))
            #expect(forged.status == .badRequest)
            #expect(try await setup.payments(first).isEmpty)

            let captured = try await client.webhook(event: "payment.captured", paymentId: "pay_A", orderId: rzp, amount: 108_855, eventId: "evt_1")
            #expect(captured.status == .ok)
            #expect(captured["outcome"] as? String == "recorded")
            let replay = try await client.webhook(event: "payment.captured", paymentId: "pay_A", orderId: rzp, amount: 108_855, eventId: "evt_1")
            #expect(replay["outcome"] as? String == "duplicate")
            let checkout = try await client.verify(guest.token, orderId: rzp, paymentId: "pay_A")
            #expect(checkout.status == .ok)
            let paidEvent = try await client.webhook(event: "order.paid", paymentId: "pay_A", orderId: rzp, amount: 108_855, eventId: "evt_2")
            #expect(paidEvent["outcome"] as? String == "already_recorded")
            #expect(try await setup.payments(first).count == 1)
            // Served and now paid: complete.
            let order = try await client.call(.get, "/api/orders/\(first)", token: guest.token)
            #expect(order.order["status"] as? String == "COMPLETED")

            // Checkout first, then order.paid, then payment.captured.
            let second = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            let rzp2 = try #require(try await client.razorpayOrder(guest.token, orderId: second)["razorpay_order_id"] as? String)
            #expect(try await client.verify(guest.token, orderId: rzp2, paymentId: "pay_B").status == .created)
            #expect(try await client.webhook(event: "order.paid", paymentId: "pay_B", orderId: rzp2, amount: 108_855, eventId: "evt_3")["outcome"] as? String == "already_recorded")
            #expect(try await client.webhook(event: "payment.captured", paymentId: "pay_B", orderId: rzp2, amount: 108_855, eventId: "evt_4")["outcome"] as? String == "already_recorded")
            #expect(try await setup.payments(second).count == 1)
            let completed = try await setup.box.database.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE type = 'payment.completed'")!
            }
            #expect(completed == 2)

            // Other events are acknowledged and remembered, not acted on.
            let (body, signature) = FakeRazorpay.webhook(event: "payment.failed", paymentId: "pay_C", orderId: rzp2, amount: 108_855)
            let other = try await client.call(.post, "/api/payments/razorpay-webhook", raw: body, headers: [
                HTTPField.Name("X-Razorpay-Signature")!: signature, HTTPField.Name("X-Razorpay-Event-Id")!: "evt_5",
            ])
            #expect(other.status == .ok && other["handled"] as? Bool == false)
        }
    }

    @Test("An amount that does not match is flagged for a manager, not accepted")
    func amountMismatch() async throws {
        let setup = try await RazorpaySetup.make()
        defer { setup.server?.cancel() }
        try await setup.box.test { client in
            let guest = try await client.loginGuest(setup.box)
            let id = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            let created = try await client.razorpayOrder(guest.token, orderId: id)
            let rzp = try #require(created["razorpay_order_id"] as? String, "\(created.text)")
            let short = try await client.webhook(event: "payment.captured", paymentId: "pay_Short", orderId: rzp, amount: 50_000, eventId: "evt_s")
            #expect(short["outcome"] as? String == "flagged")
            let order = try await client.call(.get, "/api/orders/\(id)", token: guest.token)
            #expect(rupees(order.order["amount_due"]) == "1088.55")
            // The checkout path for the same payment reports it as being checked, not as paid.
            let checkout = try await client.verify(guest.token, orderId: rzp, paymentId: "pay_Short")
            #expect(checkout.status == .accepted)

            let manager = try await client.loginStaff("manager1")
            let flagged = try await client.call(.get, "/api/payments/flagged", token: manager)
            let payments = try #require(flagged["payments"] as? [[String: Any]])
            #expect(payments.count == 1)
            #expect((payments.first?["flag_reason"] as? String)?.contains("₹500") == true)
            #expect(try await client.call(.get, "/api/payments/flagged", token: guest.token).status == .forbidden)
            #expect(try await setup.box.database.events(forAggregate: id).contains { $0.type == "payment.flagged" })

            // The guest changed their mind and the amount changed under the screen: told, not charged.
            let stale = try await client.call(.post, "/api/payments/razorpay-order?tenant_id=\(demoTenant)", token: guest.token, json: ["order_id": id, "amount": 999])
            #expect(stale.errorCode == "AMOUNT_CHANGED")
        }
    }

    @Test("Razorpay down, failing or not configured: a clear 'pay at the counter', and cash still works")
    func razorpayDown() async throws {
        let down = try await RazorpaySetup.make(razorpayRunning: false)
        try await down.box.test { client in
            let guest = try await client.loginGuest(down.box)
            let id = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            let refused = try await client.razorpayOrder(guest.token, orderId: id)
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.errorCode == "PAYMENT_GATEWAY_UNAVAILABLE")
            #expect((refused.error?["message"] as? String)?.contains("pay at the counter") == true)
            let waiter = try await client.loginStaff("waiter1")
            let cash = try await client.call(.patch, "/api/payments/\(id)/cash", token: waiter, json: ["amount_received": 1100])
            #expect(cash.status == .ok)
        }

        let failing = try await RazorpaySetup.make()
        defer { failing.server?.cancel() }
        try await failing.box.test { client in
            let guest = try await client.loginGuest(failing.box)
            let id = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            failing.razorpay.failNext.withLock { $0 = true }
            #expect(try await client.razorpayOrder(guest.token, orderId: id).errorCode == "PAYMENT_GATEWAY_UNAVAILABLE")
            // Back again: the next try works.
            #expect(try await client.razorpayOrder(guest.token, orderId: id).status == .created)
        }

        let plain = try await TestBox.make()
        try await plain.test { client in
            let guest = try await client.loginGuest(plain)
            let id = try #require(try await client.placeSeedOrder(token: guest.token).order["id"] as? String)
            let off = try await client.razorpayOrder(guest.token, orderId: id)
            #expect(off.status == .serviceUnavailable)
            #expect(off.errorCode == "ONLINE_PAYMENT_UNAVAILABLE")
            #expect(try await client.call(.post, "/api/payments/razorpay-webhook", raw: "{}").status == .notFound)
        }
    }
}
