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

extension Set where Element == Role {
    static let anyone: Set<Role> = Set(Role.allCases)
    static let staff: Set<Role> = [.kitchenStaff, .waiter, .manager]
    static let managers: Set<Role> = [.manager]
}
