import GRDB
import IntelliDineDomain

// Status and method columns are stored as their raw text ('PENDING', 'CASH', 'OPEN', …) and read
// back as enums, so the store never compares or force-unwraps strings.
extension OrderStatus: DatabaseValueConvertible {}
extension PaymentMethod: DatabaseValueConvertible {}
extension PaymentStatus: DatabaseValueConvertible {}
extension TableSessionStatus: DatabaseValueConvertible {}
extension TableCallStatus: DatabaseValueConvertible {}

/// A table session: taking orders, paid in full, or merged into another table's.
public enum TableSessionStatus: String, Codable, Sendable {
    case open = "OPEN"
    case closed = "CLOSED"
    case merged = "MERGED"
}

/// A guest's call: waiting for a waiter, or answered.
public enum TableCallStatus: String, Codable, Sendable {
    case open = "OPEN"
    case acknowledged = "ACKNOWLEDGED"
}
