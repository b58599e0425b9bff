import AsyncHTTPClient
import Crypto
import Foundation
import IntelliDineIngest
import NIOCore

/// The cloud's HTTPS ingest (docs/cloud-ingest.md): `POST {cloud_url}/v1/events`,
/// the body signed with HMAC-SHA256 under the box secret in `X-Intellidine-Signature: sha256=<hex>`.
public struct HTTPIngestSink: EventSink {
    public let kind = "http"
    let url: String
    let boxId: String
    let secret: SymmetricKey
    let timeout: TimeAmount
    let client: HTTPClient

    public init(cloudURL: String, boxId: String, secret: SymmetricKey, timeout: TimeAmount = .seconds(30), client: HTTPClient = .shared) {
        self.url = (cloudURL.hasSuffix("/") ? String(cloudURL.dropLast()) : cloudURL) + "/v1/events"
        self.boxId = boxId
        self.secret = secret
        self.timeout = timeout
        self.client = client
    }

    public func deliver(_ batch: OutgoingBatch) async throws {
        let payload = batch.ingestBody
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: IngestContract.boxHeader, value: boxId)
        request.headers.add(name: IngestContract.signatureHeader, value: IngestContract.signature(payload, secret: secret))
        if let backlog = batch.backlog {
            request.headers.add(name: IngestContract.backlogHeader, value: String(backlog.count))
            if let oldest = backlog.oldestUnsent { request.headers.add(name: IngestContract.oldestUnsentHeader, value: oldest) }
        }
        request.body = .bytes(ByteBuffer(bytes: payload))
        let (status, body) = try await exchange(request, client: client, timeout: timeout)
        if let failure = SinkError.from(status: status, body: String(buffer: body)) { throw failure }
    }
}
