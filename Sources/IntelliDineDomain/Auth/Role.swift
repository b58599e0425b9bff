/// Who is acting: a guest, or a member of staff with one of three roles.
public enum Role: String, Codable, Sendable, CaseIterable {
    case customer = "CUSTOMER"
    case kitchenStaff = "KITCHEN_STAFF"
    case waiter = "WAITER"
    case manager = "MANAGER"

    public var isStaff: Bool { self != .customer }

    /// The roles a staff account can have.
    public static let staffRoles: [Role] = [.kitchenStaff, .waiter, .manager]
}
