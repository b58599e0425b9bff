/// How money was taken; stored as its raw value in `payments.payment_method`.
public enum PaymentMethod: String, Codable, Sendable, CaseIterable {
    case cash = "CASH"
    case razorpay = "RAZORPAY"
}

/// A payment row's state: counted towards the order, or held for a manager to look at.
public enum PaymentStatus: String, Codable, Sendable, CaseIterable {
    case completed = "COMPLETED"
    case flagged = "FLAGGED"
}
