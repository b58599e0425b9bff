/// Where an order is in its life: `PENDING → PREPARING → READY → SERVED → COMPLETED`,
/// or `CANCELLED` before the food is cooked.
public enum OrderStatus: String, Codable, Sendable, CaseIterable {
    case pending = "PENDING"
    case preparing = "PREPARING"
    case ready = "READY"
    case served = "SERVED"
    case completed = "COMPLETED"
    case cancelled = "CANCELLED"

    /// Still being worked on by the kitchen or the floor.
    public var isOpen: Bool { self != .completed && self != .cancelled }
}

/// Why a requested status change is refused.
public enum StatusChangeRefusal: Error, Equatable, Sendable {
    /// The order cannot go from its current status to the requested one (HTTP 409).
    case illegalTransition(from: OrderStatus, to: OrderStatus)
    /// The transition exists but this role may not make it (HTTP 403).
    case roleNotAllowed(Role, to: OrderStatus)
    /// `COMPLETED` is reached by paying in full, never set by hand (HTTP 409).
    case completesOnPayment
}

/// The order state machine: which transitions exist and who may make each.
public enum OrderStatusMachine {
    /// Who may move an order from one status to another; a missing entry is an illegal transition.
    private static let allowed: [OrderStatus: [OrderStatus: Set<Role>]] = [
        .pending: [
            .preparing: [.kitchenStaff, .manager],
            // A guest may withdraw an order the kitchen has not started; any staff may void it.
            .cancelled: [.customer, .kitchenStaff, .waiter, .manager],
        ],
        .preparing: [
            .ready: [.kitchenStaff, .manager],
            // Food is being cooked: only a manager may void it.
            .cancelled: [.manager],
        ],
        .ready: [.served: [.waiter, .manager]],
    ]

    /// Checks a change requested by `role`; returns normally when it may proceed.
    public static func check(from current: OrderStatus, to next: OrderStatus, by role: Role) throws(StatusChangeRefusal) {
        if next == .completed { throw .completesOnPayment }
        guard let roles = allowed[current]?[next] else {
            throw .illegalTransition(from: current, to: next)
        }
        guard roles.contains(role) else { throw .roleNotAllowed(role, to: next) }
    }

    /// Whether an order in `status` that has been paid in full is now complete.
    public static func completesWhenPaid(_ status: OrderStatus) -> Bool { status == .served }
}
