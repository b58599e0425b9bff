/// How money was taken; stored as its raw value in `payments.payment_method`.
public enum PaymentMethod: String, Codable, Sendable, CaseIterable {
    case cash = "CASH"
    case razorpay = "RAZORPAY"
    /// Paid to the restaurant's UPI ID at the counter; the reference is the transaction's 12-digit UTR.
    case upi = "UPI"
    /// Paid by card on the restaurant's terminal; the reference is the slip's approval code.
    case card = "CARD"

    /// The methods a waiter records with a reference, money taken outside the box.
    public static let counter: [PaymentMethod] = [.upi, .card]

    /// Whether `reference` looks like one this method gives: a UPI UTR is 12 digits; a card's
    /// approval code or RRN is 4 to 20 letters and digits.
    public func isValidReference(_ reference: String) -> Bool {
        switch self {
        case .upi: reference.count == 12 && reference.allSatisfy(\.isASCII) && reference.allSatisfy(\.isNumber)
        case .card: (4...20).contains(reference.count) && reference.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        case .cash, .razorpay: false
        }
    }
}

/// A payment row's state: counted towards the order, or held for a manager to look at.
public enum PaymentStatus: String, Codable, Sendable, CaseIterable {
    case completed = "COMPLETED"
    case flagged = "FLAGGED"
}
