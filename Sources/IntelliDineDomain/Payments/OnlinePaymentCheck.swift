/// Whether money reported by the payment gateway can be applied as it is. Anything else is still
/// recorded (the money was taken) but flagged for a manager, never silently applied or lost:
/// a payment for another amount than asked, for a cancelled order, or for more or less than due.
public enum OnlinePaymentCheck {
    /// What the payment was for.
    public enum Target: Sendable, Equatable {
        /// A whole order; `cancelled` when it was cancelled meanwhile.
        case order(cancelled: Bool)
        /// One part of a split table bill.
        case billPart
    }

    /// Why the payment must be flagged, in words a manager reads, or nil when it can be applied.
    /// - Parameters:
    ///   - paid: what the gateway says was paid.
    ///   - requested: what the gateway order asked for.
    ///   - due: what is still owed on the target now.
    public static func flagReason(paid: Paise, requested: Paise, due: Paise, for target: Target) -> String? {
        if paid != requested {
            return "Paid \(paid.formatted) against a Razorpay order for \(requested.formatted)"
        }
        switch target {
        case .order(cancelled: true):
            return "Paid \(paid.formatted) for a cancelled order"
        case .order(cancelled: false):
            guard paid != due else { return nil }
            return due.value <= 0 ? "Paid \(paid.formatted) for an order already paid in full" : "Paid \(paid.formatted) but \(due.formatted) is due"
        case .billPart:
            guard paid != due else { return nil }
            return due.value <= 0 ? "Paid \(paid.formatted) for a bill part already paid" : "Paid \(paid.formatted) but \(due.formatted) is due on this part"
        }
    }
}
