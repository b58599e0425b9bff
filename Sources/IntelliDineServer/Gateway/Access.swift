import Hummingbird
import IntelliDineDomain

extension AppRequestContext {
    /// The caller, who must have one of `roles`, acting in the restaurant the request names.
    /// The `tenant_id` in the query (or body) must be the token's own: one restaurant never sees
    /// another's data. Without one, the token's restaurant is used.
    func require(_ roles: Set<Role>, request: Request, bodyTenantId: String? = nil) throws -> (Identity, tenantId: String) {
        guard let identity else { throw APIError.unauthorized }
        for named in [request.uri.queryParameters.get("tenant_id"), bodyTenantId].compactMap({ $0 }) where named != identity.tenantId {
            throw APIError(.forbidden, "TENANT_MISMATCH", "Your token is for another restaurant")
        }
        guard roles.contains(identity.role) else { throw APIError.forbidden }
        return (identity, identity.tenantId)
    }
}

extension AppRequestContext {
    /// For what a guest may do before signing in (read the menu, price a cart): a caller with a
    /// token must have one of `roles`, as with `require`; without one, the restaurant is the
    /// `tenant_id` the table's QR code carries, and the caller checks that it exists.
    func browsing(_ roles: Set<Role>, request: Request) throws -> (Identity?, tenantId: String) {
        if identity != nil { return try require(roles, request: request) }
        guard let named = request.uri.queryParameters.get("tenant_id"), !named.isEmpty, named.count <= 64 else {
            throw APIError.validation("tenant_id is required")
        }
        return (nil, String(named))
    }
}

extension Identity {
    /// Someone at a table who has not signed in yet: prices a cart, never places it.
    static func browsingGuest(tenantId: String) -> Identity {
        Identity(subject: "guest", role: .customer, tenantId: tenantId, sessionId: "", phone: nil, username: nil)
    }
}

extension Set where Element == Role {
    static let anyone: Set<Role> = Set(Role.allCases)
    static let staff: Set<Role> = [.kitchenStaff, .waiter, .manager]
    static let managers: Set<Role> = [.manager]
}
