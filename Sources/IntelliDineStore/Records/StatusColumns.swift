import GRDB
import IntelliDineDomain

// Status and method columns are stored as their raw text ('PENDING', 'CASH', 'OPEN', …) and read
// back as enums, so the store never compares or force-unwraps strings.
extension OrderStatus: DatabaseValueConvertible {}
extension PaymentMethod: DatabaseValueConvertible {}
extension PaymentStatus: DatabaseValueConvertible {}
extension TableSessionStatus: DatabaseValueConvertible {}
extension TableCallStatus: DatabaseValueConvertible {}
extension KitchenLineStatus: DatabaseValueConvertible {}

/// Where one line of an order is in its kitchen station: not started, cooking, or done. The order
/// is READY when every line is done (docs/apps.md, "The kitchen display").
public enum KitchenLineStatus: String, Codable, Sendable {
    case new = "NEW"
    case cooking = "COOKING"
    case done = "DONE"
}

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
