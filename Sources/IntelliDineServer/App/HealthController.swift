import Hummingbird
import IntelliDineStore

/// `/healthz`: the process answers. `/readyz`: it can serve, its database answering with every
/// migration applied and its disk taking writes (503 otherwise, with STORAGE_FULL or
/// STORAGE_UNAVAILABLE when the disk refused the last write, and CLOCK_NOT_SET while the wall
/// clock is not set, so a check script says why).
struct HealthController {
    let database: AppDatabase
    let clockTrust: ClockTrust

    /// `{"status": "ok"}` or `{"status": "ready"}`: no `success` field, for probes that read only this.
    struct HealthAnswer: ResponseEncodable, Sendable {
        var status: String
    }

    func register(on routes: APIRoutes) {
        routes.get("/healthz") { _, _ in
            HealthAnswer(status: "ok")
        }
        routes.get("/readyz") { (_, _) async throws -> HealthAnswer in
            _ = database.storage.recheckRoom(in: database.directory)
            if let (fault, _) = database.storage.current { throw APIError.storage(fault) }
            guard clockTrust.isSet else { throw APIError.clockNotSet }
            guard (try? await database.ping()) == true else {
                throw APIError(.serviceUnavailable, "NOT_READY", "The database is not answering or not migrated")
            }
            return HealthAnswer(status: "ready")
        }
    }
}
