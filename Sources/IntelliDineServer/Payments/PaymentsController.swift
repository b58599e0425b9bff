import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// Payments, cash side: a waiter takes the guest's money and gives change; a guest's "pay cash"
/// request tells the floor (docs/events.md, `order.payment_requested`).
struct PaymentsController {
    let database: AppDatabase
    let body: JSONBody
    let clock: WallClock

    func register(on routes: APIRoutes) {
        routes.patch("/api/payments/:order_id/cash", use: cash)
        routes.post("/api/orders/:id/payment-request", use: requestPayment)
    }

    struct PaymentRequestInput: Decodable {
        var method: String?
    }

    /// `POST /api/orders/{id}/payment-request`: the guest's "pay by cash" button. The floor sees it
    /// live on the stream (`order.payment_requested`); repeated taps within two minutes are one request.
    struct PaymentRequestAnswer: Encodable, Sendable {
        var amount_due: Paise
        var already_requested: Bool
        var message: String
    }

    @Sendable func requestPayment(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Success<PaymentRequestAnswer>> {
        let (identity, tenantId) = try context.require(.anyone, request: request)
        let input = try await body.decode(PaymentRequestInput.self, from: request)
        let method = (input.method ?? PaymentMethod.cash.rawValue).uppercased()
        guard method == PaymentMethod.cash.rawValue else {
            throw APIError(.unprocessableContent, "ONLINE_PAYMENT_UNAVAILABLE", "Online payment is not available here; please pay at the counter")
        }
        let outcome = try await database.requestPayment(
            tenantId: tenantId, orderId: try context.parameters.require("id"), method: method, by: identity.actor, at: clock.now())
        let (due, repeated): (Paise, Bool) = switch outcome {
        case .requested(let due): (due, false)
        case .alreadyRequested(let due): (due, true)
        }
        return Success(PaymentRequestAnswer(
            amount_due: due, already_requested: repeated, message: "A waiter is on the way with your bill of \(due.formatted)."))
            .with(status: repeated ? .ok : .created)
    }

    struct CashRequest: Decodable {
        var amount_received: Paise
        var payment_method: String?
    }

    struct CashAnswer: Encodable, Sendable {
        struct Payment: Encodable, Sendable {
            var id: String
            var order_id: String
            var amount: Paise
            var amount_received: Paise
            var change: Paise
            var payment_method = PaymentMethod.cash.rawValue
            var status: String
            var collected_by: String
        }
        var payment: Payment
        var order: OrderJSON
        var message: String
    }

    /// `PATCH /api/payments/{order_id}/cash`: the amount received must cover what is due.
    @Sendable func cash(_ request: Request, context: AppRequestContext) async throws -> Success<CashAnswer> {
        let (identity, tenantId) = try context.require([.waiter, .manager], request: request)
        let input = try await body.decode(CashRequest.self, from: request)
        if let method = input.payment_method, method.uppercased() != PaymentMethod.cash.rawValue {
            throw APIError.validation("payment_method must be CASH here; online payments go through Razorpay")
        }
        guard input.amount_received > .zero, input.amount_received <= Paise(rupees: 10_000_000) else {
            throw APIError.validation("amount_received must be a positive amount of rupees")
        }
        let receipt = try await database.recordCashPayment(
            tenantId: tenantId, orderId: try context.parameters.require("order_id"), received: input.amount_received,
            by: identity.actor, at: clock.now())
        let change = Paise(receipt.cash.changeGivenPaise)
        return Success(CashAnswer(
            payment: .init(
                id: receipt.payment.id, order_id: receipt.payment.orderId, amount: Paise(receipt.payment.amountPaise),
                amount_received: input.amount_received, change: change, status: receipt.payment.status.rawValue,
                collected_by: receipt.cash.collectedBy),
            order: OrderJSON(receipt.detail, includeHistory: true),
            message: "Payment received. Change to give: \(change.formatted)"))
    }
}
