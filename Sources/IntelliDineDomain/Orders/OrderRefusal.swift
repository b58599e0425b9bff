/// Why an order-side request is refused. Each case maps to one HTTP answer in the server.
public enum OrderRefusal: Error, Equatable, Sendable {
    case tenantNotFound
    case tableNotFound(String)
    case itemNotFound(String)
    case itemUnavailable(id: String, name: String)
    /// Its ingredients cannot cover what the order asks for (checked inside the order's transaction).
    case outOfStock(id: String, name: String)
    case orderNotFound
    /// A guest acting on another guest's order.
    case notYourOrder
    case statusChange(StatusChangeRefusal)
    case alreadyPaid
    case orderCancelled
    case cashShort(due: Paise)
    /// A paid order cannot be voided without a refund.
    case cancelPaidOrder
    /// An `Idempotency-Key` reused with a different request body.
    case idempotencyKeyReused
}
