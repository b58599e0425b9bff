import Foundation
import Testing

/// The published contract (`openapi.yaml`, served at /openapi.json) against the router itself:
/// neither may drift from the other (docs/api.md, "The contract"). What the answers hold is
/// checked by schemathesis against the live daemon (Tests/contract/test_contract.py).
@Suite("The API contract")
struct OpenAPIContractTests {
    static let methods: Set<String> = ["get", "post", "put", "patch", "delete"]

    @Test("Given the daemon's router, then every route is in /openapi.json and every operation there is a route")
    func specMatchesRouter() async throws {
        let box = try await TestBox.make()
        let spec = try await box.test { client in try await client.call(.get, "/openapi.json") }
        #expect(spec.status == .ok)
        #expect(spec.headers[.contentType]?.hasPrefix("application/json") == true)
        #expect(spec["openapi"] as? String == "3.1.0")
        let paths = try #require(spec["paths"] as? [String: [String: Any]])
        var operations = Set<String>()
        for (path, item) in paths {
            for method in item.keys where Self.methods.contains(method) { operations.insert("\(method.uppercased()) \(path)") }
        }
        let routes = Set(box.daemon.routes)
        #expect(routes.count > 100, "the router listed \(routes.count) routes")
        #expect(routes.subtracting(operations).sorted() == [], "routes the contract does not describe")
        #expect(operations.subtracting(routes).sorted() == [], "operations the router does not serve")
    }

    @Test("Given every operation in the contract, then it names its roles, its answers and, when it needs a token, the 401")
    func everyOperationIsComplete() async throws {
        let box = try await TestBox.make()
        let spec = try await box.test { client in try await client.call(.get, "/openapi.json") }
        let paths = try #require(spec["paths"] as? [String: [String: Any]])
        var operationIds = Set<String>()
        for (path, item) in paths {
            for (method, value) in item where Self.methods.contains(method) {
                let operation = try #require(value as? [String: Any])
                let name = "\(method.uppercased()) \(path)"
                let id = try #require(operation["operationId"] as? String, "\(name) has no operationId")
                #expect(operationIds.insert(id).inserted, "\(name): operationId \(id) is used twice")
                let roles = try #require(operation["x-roles"] as? [String], "\(name) has no x-roles")
                #expect(!roles.isEmpty && Set(roles).isSubset(of: ["public", "customer", "waiter", "kitchen", "manager", "razorpay"]), "\(name): \(roles)")
                let responses = try #require(operation["responses"] as? [String: Any], "\(name) has no responses")
                // 101: a WebSocket's upgrade.
                #expect(responses.keys.contains { $0 == "101" || $0.hasPrefix("2") || $0.hasPrefix("3") }, "\(name) documents no success")
                // No bearer token needed: `security: []`, or `{}` among its alternatives (a stream's ticket is in its query).
                let requirements = operation["security"] as? [[String: Any]]
                let anonymous = requirements.map { $0.isEmpty || $0.contains { $0.isEmpty } } ?? false
                if !anonymous { #expect(responses["401"] != nil, "\(name) needs a token but documents no 401") }
                if roles.contains("public") { #expect(anonymous, "\(name) is public but its security asks for a token") }
            }
        }
    }
}
