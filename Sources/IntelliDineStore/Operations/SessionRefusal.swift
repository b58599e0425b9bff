import IntelliDineDomain

/// Why a session action is refused.
public enum SessionRefusal: Error, Equatable, Sendable {
    case sessionNotFound
    case notInSession
    case sessionClosed
    case tableOccupied(Int)
    case sameSession
    case billPartlyPaid
    case nothingToPay
    case partNotFound
    case partAlreadyPaid
    case billIsSplit
    /// The bill no longer owes what the part was cut for (an order was cancelled after a split).
    case billChanged
    case split(BillSplit.Refusal)
    case callNotFound
}
