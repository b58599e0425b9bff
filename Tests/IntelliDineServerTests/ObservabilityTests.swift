import Foundation
import HummingbirdTesting
import IntelliDineServer
import Testing

@Suite("Health, readiness and metrics endpoints")
struct ObservabilityTests {
    @Test("/metrics off the box needs a manager's token; /healthz and /readyz are public")
    func access() async throws {
        let box = try await TestBox.make()
        try await box.test { client in
            // The router test client has no peer address: it counts as off the box.
            #expect(try await client.call(.get, "/metrics").status == .unauthorized)
            let guest = try await client.loginGuest(box)
            #expect(try await client.call(.get, "/metrics", token: guest.token).status == .forbidden)
            let manager = try await client.loginStaff("manager1")
            let metrics = try await client.call(.get, "/metrics", token: manager)
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("# TYPE intellidine_http_requests_total counter"))
            #expect(metrics.text.contains(#"intellidine_http_requests_total{route="/api/auth/staff/login",method="POST",status="200"} 1"#))
            #expect(try await client.call(.get, "/healthz").status == .ok)
            #expect(try await client.call(.get, "/readyz").status == .ok)
        }
    }
}
