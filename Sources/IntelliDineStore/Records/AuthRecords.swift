import GRDB

/// A guest, known by phone within one restaurant.
public struct CustomerRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "customers"
    public var id: String
    public var tenantId: String
    public var phoneNumber: String
    public var name: String?
    public var createdAt: String
}

/// A member of staff with a bcrypt password hash and one role.
public struct StaffRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "staff"
    public var id: String
    public var tenantId: String
    public var username: String
    public var displayName: String
    public var passwordHash: String
    public var role: String
    public var isActive: Bool
    public var createdAt: String

    public init(id: String, tenantId: String, username: String, displayName: String, passwordHash: String, role: String, isActive: Bool, createdAt: String) {
        self.id = id
        self.tenantId = tenantId
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.role = role
        self.isActive = isActive
        self.createdAt = createdAt
    }
}

/// An issued token's session, revocable before the token expires.
public struct SessionRecord: SnakeCaseRecord, Equatable {
    public static let databaseTableName = "sessions"
    public var id: String
    public var tenantId: String
    public var subjectId: String
    public var role: String
    public var createdAt: String
    public var expiresAt: String
    public var revokedAt: String?

    public init(id: String, tenantId: String, subjectId: String, role: String, createdAt: String, expiresAt: String, revokedAt: String? = nil) {
        self.id = id
        self.tenantId = tenantId
        self.subjectId = subjectId
        self.role = role
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}
