import Hummingbird
import IntelliDineStore

/// `/healthz`: the process answers.
struct HealthController {
    func register(on routes: APIRoutes) {
        routes.get("/healthz") { _, _ in
            try JSONBody.response(["status": "ok"])
        }
    }
}
