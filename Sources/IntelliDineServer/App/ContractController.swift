import Foundation
import HTTPTypes
import Hummingbird

/// `GET /openapi.json`: the API's published contract (OpenAPI 3.1). `openapi.yaml` at the repo
/// root is the source; `Contract/openapi.json` is generated from it (`make openapi`), because the
/// daemon has no YAML reader and the two are checked equal in `make test` (docs/api.md, "The contract").
struct ContractController {
    let body: ByteBuffer

    init() throws {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Contract") else {
            throw ConfigurationError.invalidValue(key: "resources", value: "the API contract is missing from the installation")
        }
        body = ByteBuffer(data: try Data(contentsOf: url))
    }

    func register(on routes: APIRoutes) {
        routes.get("/openapi.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-cache"],
                body: .init(byteBuffer: body))
        }
    }
}
