import Foundation
import HTTPTypes
import Hummingbird
import IntelliDineDomain
import IntelliDineStore
import Logging

/// Online payment through Razorpay: create a Razorpay order, let the
/// guest pay in Checkout, and record the payment from whichever arrives first, the checkout's
/// signed answer or Razorpay's signed webhook. A payment is recorded once; one whose amount does
/// not match is flagged for a manager, never accepted. With Razorpay unreachable or not set up,
/// the guest is told plainly to pay at the counter, and cash works as always.
struct RazorpayController {
    struct Settings: Sendable {
        var client: RazorpayClient
        var keySecret: String
        var webhookSecret: String?
        var keyId: String { client.keyId }
    }

    let database: AppDatabase
    let body: JSONBody
    /// Nil when online payment is not configured on this box.
    let settings: Settings?
    let clock: WallClock

    static let payAtCounter = "Online payment is not available right now. Please pay at the counter or ask your waiter; cash is always accepted."

    func register(on routes: APIRoutes) {
        routes.post("/api/payments/razorpay-order", use: createOrder)
        routes.post("/api/payments/razorpay-verify", use: verify)
        routes.post("/api/payments/razorpay-webhook", use: webhook)
        routes.get("/api/payments/flagged", use: flagged)
    }

    struct CreateRequest: Decodable {
        /// One order; or, for a table's split bill, `session_id` and `bill_part_id`.
        var order_id: String?
        var session_id: String?
        var bill_part_id: String?
        /// What the guest's screen showed; if it is no longer what is due, the guest is told.
        var amount: Paise?
        var method: String?
    }

    struct CreateAnswer: Encodable, Sendable {
        var order_id: String
        var razorpay_order_id: String
        var razorpay_key: String
        var amount: Paise
        var amount_paise: Int64
        var currency: String
        var description: String
    }

    /// `POST /api/payments/razorpay-order`: what Razorpay Checkout needs to take this order's payment.
    @Sendable func createOrder(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<CreateAnswer>> {
        let (identity, tenantId) = try context.require([.customer, .waiter, .manager], request: request)
        let input = try await body.decode(CreateRequest.self, from: request)
        guard let settings else { throw APIError(.serviceUnavailable, "ONLINE_PAYMENT_UNAVAILABLE", Self.payAtCounter) }
        let order: OrderRecord
        let due: Paise
        var part: BillPartRecord?
        if let sessionId = input.session_id, let partId = input.bill_part_id {
            let target = try await database.onlinePaymentTarget(tenantId: tenantId, sessionId: sessionId, partId: partId, visibleTo: identity.actor)
            (order, due, part) = (target.anchor, target.due, target.part)
        } else if let orderId = input.order_id {
            (order, due) = try await database.onlinePaymentTarget(tenantId: tenantId, orderId: orderId, visibleTo: identity.actor)
        } else {
            throw APIError.validation("order_id, or session_id with bill_part_id, is required")
        }
        if let amount = input.amount, amount != due {
            throw APIError(.conflict, "AMOUNT_CHANGED", "The amount due is now \(due.formatted); please check and pay again")
        }
        let created: RazorpayClient.Order
        do {
            created = try await settings.client.createOrder(
                amount: due, receipt: order.id, notes: ["ticket_number": String(order.ticketNumber), "tenant_id": tenantId])
        } catch .unavailable(let reason) {
            context.logger.warning("razorpay unavailable", metadata: ["reason": "\(reason)"])
            throw APIError(.serviceUnavailable, "PAYMENT_GATEWAY_UNAVAILABLE", Self.payAtCounter)
        } catch .refused(let status, let code, let description) {
            context.logger.error("razorpay refused an order", metadata: ["status": "\(status)", "code": "\(code)", "description": "\(description)"])
            throw APIError(.badGateway, "PAYMENT_GATEWAY_ERROR", Self.payAtCounter)
        }
        try await database.saveRazorpayOrder(RazorpayOrderRecord(
            id: created.id, tenantId: tenantId, orderId: order.id, amountPaise: created.amount, currency: created.currency,
            createdAt: Timestamp.string(clock.now()), billPartId: part?.id))
        return Success(CreateAnswer(
            order_id: order.id, razorpay_order_id: created.id, razorpay_key: settings.keyId, amount: due,
            amount_paise: due.value, currency: created.currency,
            description: part.map { "Table bill, \($0.label.lowercased())" } ?? "Order #\(order.ticketNumber)"))
            .created
    }

    struct VerifyRequest: Decodable {
        var razorpay_order_id: String
        var razorpay_payment_id: String
        var razorpay_signature: String
    }

    struct PaymentAnswer: Encodable, Sendable {
        var message: String
        /// Written as `null` (not left out) when nothing was recorded.
        var payment: PaymentJSON?
        var order: OrderJSON

        private enum CodingKeys: String, CodingKey { case message, payment, order }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            if let payment { try container.encode(payment, forKey: .payment) } else { try container.encodeNil(forKey: .payment) }
            try container.encode(order, forKey: .order)
        }
    }

    /// `POST /api/payments/razorpay-verify`: Checkout's answer, signed with our key secret.
    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<PaymentAnswer>> {
        let (identity, tenantId) = try context.require([.customer, .waiter, .manager], request: request)
        let input = try await body.decode(VerifyRequest.self, from: request)
        guard let settings else { throw APIError(.serviceUnavailable, "ONLINE_PAYMENT_UNAVAILABLE", Self.payAtCounter) }
        guard RazorpaySignature.checkoutIsValid(
            orderId: input.razorpay_order_id, paymentId: input.razorpay_payment_id, signature: input.razorpay_signature,
            keySecret: settings.keySecret)
        else { throw APIError(.badRequest, "INVALID_SIGNATURE", "The payment signature does not match; no payment was recorded") }
        guard let razorpayOrder = try await database.razorpayOrder(id: input.razorpay_order_id), razorpayOrder.tenantId == tenantId else {
            throw OrderRefusal.orderNotFound
        }
        // A guest confirms only their own order's payment, or a part of the bill of a table they joined.
        _ = try await database.paidOrder(of: razorpayOrder, visibleTo: identity.actor)
        let outcome = try await database.recordRazorpayPayment(
            RazorpayPaymentReport(
                razorpayOrderId: input.razorpay_order_id, razorpayPaymentId: input.razorpay_payment_id, amount: nil, source: "checkout"),
            at: clock.now())
        return try await answer(outcome, razorpayOrder: razorpayOrder, actor: identity.actor)
    }

    private func answer(_ outcome: RazorpayPaymentOutcome, razorpayOrder: RazorpayOrderRecord, actor: Actor) async throws -> EditedResponse<Success<PaymentAnswer>> {
        let detail = try await database.paidOrder(of: razorpayOrder, visibleTo: actor)
        let (status, message, payment): (HTTPResponse.Status, String, PaymentRecord?) = switch outcome {
        case .recorded(let payment): (.created, "Payment received. Thank you!", payment)
        case .alreadyRecorded(let payment) where payment.status == .flagged:
            (.accepted, "We received your payment; a manager is checking its amount and will come to your table.", payment)
        case .alreadyRecorded(let payment): (.ok, "Payment received. Thank you!", payment)
        case .flagged(let payment):
            (.accepted, "We received your payment; a manager is checking its amount and will come to your table.", payment)
        case .duplicateDelivery, .unknownOrder: (.ok, "Nothing to record", nil)
        }
        return Success(PaymentAnswer(
            message: message, payment: payment.map(PaymentJSON.init), order: OrderJSON(detail, includeHistory: true)))
            .with(status: status)
    }

    struct WebhookAnswer: Encodable, Sendable {
        var handled: Bool
        /// Left out when the event was not handled.
        var outcome: String?
    }

    /// `POST /api/payments/razorpay-webhook`: Razorpay's server-to-server report, authenticated by
    /// `X-Razorpay-Signature` over the raw body, deduplicated by `X-Razorpay-Event-Id`.
    @Sendable func webhook(_ request: Request, context: AppRequestContext) async throws -> Success<WebhookAnswer> {
        guard let settings, let secret = settings.webhookSecret else {
            throw APIError(.notFound, "NOT_FOUND", "Razorpay webhooks are not configured on this box")
        }
        let raw = Data(try await body.bytes(request).readableBytesView)
        guard let signature = request.headers[.razorpaySignature],
              RazorpaySignature.webhookIsValid(body: raw, signature: signature, webhookSecret: secret)
        else {
            context.logger.warning("razorpay webhook with a bad signature refused")
            throw APIError(.badRequest, "INVALID_SIGNATURE", "The webhook signature does not match")
        }
        guard let event = try? JSONDecoder().decode(RazorpayWebhookEvent.self, from: raw) else {
            throw APIError(.badRequest, "INVALID_JSON", "The webhook body is not a Razorpay event")
        }
        // Razorpay sends the event id as a header; an older integration without it is deduplicated by its body.
        let eventId = request.headers[.razorpayEventId] ?? "sha256:" + JSONBody.sha256Hex(raw)
        guard ["payment.captured", "order.paid"].contains(event.event), let payment = event.payload.payment?.entity,
              let razorpayOrderId = payment.order_id ?? event.payload.order?.entity.id
        else {
            _ = try await database.rememberWebhookDelivery(eventId: eventId, event: event.event, outcome: "ignored", at: clock.now())
            return Success(WebhookAnswer(handled: false))
        }
        let outcome = try await database.recordRazorpayPayment(
            RazorpayPaymentReport(
                razorpayOrderId: razorpayOrderId, razorpayPaymentId: payment.id, amount: Paise(payment.amount),
                source: "webhook:\(event.event)", webhookEventId: eventId, webhookEvent: event.event),
            at: clock.now())
        if case .flagged(let flagged) = outcome {
            context.logger.warning("online payment flagged", metadata: ["payment_id": "\(flagged.id)", "reason": "\(flagged.flagReason ?? "")"])
        }
        return Success(WebhookAnswer(handled: true, outcome: outcome.label))
    }

    struct FlaggedAnswer: Encodable, Sendable { var payments: [PaymentJSON] }

    /// `GET /api/payments/flagged`: online payments a manager must look at.
    @Sendable func flagged(_ request: Request, context: AppRequestContext) async throws -> Success<FlaggedAnswer> {
        let (_, tenantId) = try context.require(.managers, request: request)
        let payments = try await database.flaggedPayments(tenantId: tenantId)
        return Success(FlaggedAnswer(payments: payments.map(PaymentJSON.init)))
    }
}

/// A payment as the API shows it.
struct PaymentJSON: Encodable, Sendable {
    var id: String
    var order_id: String
    var amount: Paise
    var method: String
    var status: PaymentStatus
    var razorpay_order_id: String?
    var razorpay_payment_id: String?
    var flag_reason: String?
    /// A UPI or card payment's reference.
    var reference: String?
    var created_at: String

    init(_ record: PaymentRecord) {
        id = record.id
        order_id = record.orderId
        amount = Paise(record.amountPaise)
        method = record.paymentMethod.rawValue
        status = record.status
        razorpay_order_id = record.razorpayOrderId
        razorpay_payment_id = record.razorpayPaymentId
        flag_reason = record.flagReason
        reference = record.reference
        created_at = record.createdAt
    }
}

/// The parts of a Razorpay webhook event this box reads.
struct RazorpayWebhookEvent: Decodable {
    struct Payload: Decodable {
        struct PaymentWrapper: Decodable {
            struct Entity: Decodable {
                var id: String
                var amount: Int64
                var order_id: String?
                var status: String?
            }
            var entity: Entity
        }
        struct OrderWrapper: Decodable {
            struct Entity: Decodable { var id: String }
            var entity: Entity
        }
        var payment: PaymentWrapper?
        var order: OrderWrapper?
    }
    var event: String
    var payload: Payload
}

extension HTTPField.Name {
    static let razorpaySignature = HTTPField.Name("X-Razorpay-Signature")!
    static let razorpayEventId = HTTPField.Name("X-Razorpay-Event-Id")!
}
