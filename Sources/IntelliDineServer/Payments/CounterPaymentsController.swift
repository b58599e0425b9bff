import Foundation
import Hummingbird
import IntelliDineDomain
import IntelliDineStore

/// UPI and card at the counter: the guest pays on the restaurant's UPI ID or card terminal, and the
/// waiter records it with its reference, for an order or for one part of a split bill. A UPI
/// reference that is already on a payment is kept aside for a manager, not counted: a screenshot of
/// one payment shown twice pays once.
struct CounterPaymentsController {
    let database: AppDatabase
    let body: JSONBody
    let clock: WallClock

    func register(on routes: APIRoutes) {
        routes.post("/api/payments/:order_id/counter", use: payOrder)
        routes.post("/api/sessions/:id/parts/:part_id/counter", use: payPart)
    }

    struct CounterRequest: Decodable {
        /// `UPI` or `CARD`.
        var method: String
        var reference: String
    }

    /// The method and reference, checked: a UPI UTR is 12 digits, a card's approval code 4 to 20
    /// letters and digits.
    static func validate(_ input: CounterRequest) throws -> (PaymentMethod, String) {
        guard let method = PaymentMethod(rawValue: input.method.uppercased()), PaymentMethod.counter.contains(method) else {
            throw APIError.validation("method must be UPI or CARD (cash has its own button)")
        }
        let reference = input.reference.trimmingCharacters(in: .whitespaces).uppercased()
        guard method.isValidReference(reference) else {
            throw APIError.validation(method == .upi
                ? "A UPI reference (UTR) is the 12 digits on the guest's payment screen"
                : "A card approval code is 4 to 20 letters and digits, from the terminal's slip")
        }
        return (method, reference)
    }

    static func refused(_ flagged: PaymentRecord) -> APIError {
        APIError(
            .conflict, "REFERENCE_ALREADY_USED",
            "This reference is already recorded on another payment, so this one was not counted; a manager will look at it (\(flagged.id))")
    }

    struct OrderAnswer: Encodable, Sendable {
        var payment: PaymentJSON
        var order: OrderJSON
    }

    /// `POST /api/payments/{order_id}/counter` `{"method": "UPI", "reference": "412345678901"}`: the
    /// order's whole amount due, paid at the counter.
    @Sendable func payOrder(_ request: Request, context: AppRequestContext) async throws -> Success<OrderAnswer> {
        let (identity, tenantId) = try context.require([.waiter, .manager], request: request)
        let (method, reference) = try Self.validate(try await body.decode(CounterRequest.self, from: request))
        let (outcome, detail) = try await database.recordCounterPayment(
            tenantId: tenantId, orderId: try context.parameters.require("order_id"), method: method, reference: reference,
            by: identity.actor, at: clock.now())
        switch outcome {
        case .recorded(let payment): return Success(OrderAnswer(payment: PaymentJSON(payment), order: OrderJSON(detail)))
        case .flagged(let payment, _): throw Self.refused(payment)
        }
    }

    struct PartAnswer: Encodable, Sendable {
        var payment: PaymentJSON
        var part: SessionJSON.Part
        var session: SessionJSON
    }

    /// `POST /api/sessions/{id}/parts/{part_id}/counter`: one part of a split bill, by UPI or card.
    @Sendable func payPart(_ request: Request, context: AppRequestContext) async throws -> Success<PartAnswer> {
        let (identity, tenantId) = try context.require([.waiter, .manager], request: request)
        let (method, reference) = try Self.validate(try await body.decode(CounterRequest.self, from: request))
        let (outcome, bill, part) = try await database.payBillPartCounter(
            tenantId: tenantId, sessionId: try context.parameters.require("id"), partId: try context.parameters.require("part_id"),
            method: method, reference: reference, by: identity.actor, at: clock.now())
        switch outcome {
        case .recorded(let payment): return Success(PartAnswer(payment: PaymentJSON(payment), part: SessionJSON.Part(part), session: SessionJSON(bill)))
        case .flagged(let payment, _): throw Self.refused(payment)
        }
    }
}
