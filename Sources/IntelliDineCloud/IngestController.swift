import Foundation
import HTTPTypes
import Hummingbird
import IntelliDineIngest
import Logging
import NIOCore
import PostgresNIO

/// `POST /v1/events`, as the box's forwarder speaks it (docs/cloud-ingest.md). The status codes
/// are the contract the forwarder acts on: 2xx stored (after the commit), 401 and 400 parked,
/// 413 parked, 503 sent again later.
struct IngestController: Sendable {
    let registry: BoxRegistry
    let store: IngestStore
    let maxBodyBytes: Int
    let logger: Logger

    func register(on router: Router<BasicRequestContext>) {
        router.post(RouterPath(IngestContract.path)) { request, _ in await handle(request) }
    }

    func handle(_ request: Request) async -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            return Self.tooLarge(maxBodyBytes)
        }
        guard let boxId = request.headers[HTTPField.Name(IngestContract.boxHeader)!], !boxId.isEmpty,
              let signature = request.headers[HTTPField.Name(IngestContract.signatureHeader)!]
        else { return CloudAnswer.error(.unauthorized, "UNSIGNED", "The box id and signature headers are required") }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBodyBytes)
        } catch {
            return Self.tooLarge(maxBodyBytes)
        }
        do {
            // The same answer for an unknown box and a bad signature: a prober learns no box ids.
            guard let key = try await registry.key(boxId: boxId),
                  IngestContract.isSigned(body.readableBytesView, header: signature, secret: key)
            else { return CloudAnswer.error(.unauthorized, "BAD_SIGNATURE", "Unknown box or bad signature") }
            let batch: IngestBatch, payloads: [String], occurred: [Date]
            do {
                (batch, payloads, occurred) = try Self.decode(body, boxId: boxId)
            } catch let error as BadBatch {
                return CloudAnswer.error(.badRequest, "BAD_BATCH", error.message)
            }
            let outcome = try await store.store(batch, boxId: boxId, payloads: payloads, occurred: occurred, backlog: Self.backlog(request.headers))
            return CloudAnswer.json(.ok, #"{"stored":\#(outcome.stored),"duplicates":\#(outcome.duplicates),"conflicts":\#(outcome.conflicts)}"#)
        } catch IngestRefusal.unknownBox {
            return CloudAnswer.error(.unauthorized, "BAD_SIGNATURE", "Unknown box or bad signature")
        } catch {
            // Postgres unreachable, restarting or failing over: nothing was committed, the box sends it again.
            logger.error("batch not stored", metadata: ["box_id": "\(boxId)", "error": "\(String(reflecting: error))"])
            return CloudAnswer.error(.serviceUnavailable, "STORE_UNAVAILABLE", "The batch was not stored; send it again later")
        }
    }

    struct BadBatch: Error { var message: String }

    /// 413, and the connection closed: the rest of the body is not read.
    static func tooLarge(_ limit: Int) -> Response {
        var response = CloudAnswer.error(.contentTooLarge, "BATCH_TOO_LARGE", "A batch is at most \(limit) bytes")
        response.headers[.connection] = "close"
        return response
    }

    static func decode(_ body: ByteBuffer, boxId: String) throws -> (IngestBatch, [String], [Date]) {
        let batch: IngestBatch
        do { batch = try JSONDecoder().decode(IngestBatch.self, from: body) } catch {
            throw BadBatch(message: "The body is not a batch: {\"box_id\", \"batch_id\", \"events\": [...]}")
        }
        guard batch.box_id == boxId else { throw BadBatch(message: "box_id does not match the \(IngestContract.boxHeader) header") }
        guard batch.events.count <= IngestContract.maxEvents else { throw BadBatch(message: "A batch holds at most \(IngestContract.maxEvents) events") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var payloads: [String] = [], occurred: [Date] = []
        for event in batch.events {
            guard (1...128).contains(event.id.utf8.count), (1...128).contains(event.type.utf8.count), event.seq > 0,
                  event.tenant_id.utf8.count <= 128, event.aggregate_id.utf8.count <= 256
            else { throw BadBatch(message: "Event \(event.id.prefix(64)): id, type, seq, tenant_id or aggregate_id out of range") }
            guard case .object = event.payload else { throw BadBatch(message: "Event \(event.id): the payload is not an object") }
            guard let at = Timestamps.parse(event.occurred_at) else { throw BadBatch(message: "Event \(event.id): occurred_at is not an ISO 8601 time") }
            guard let payload = try? encoder.encode(event.payload) else { throw BadBatch(message: "Event \(event.id): the payload cannot be stored") }
            payloads.append(String(decoding: payload, as: UTF8.self))
            occurred.append(at)
        }
        return (batch, payloads, occurred)
    }

    static func backlog(_ headers: HTTPFields) -> IngestStore.Backlog {
        let count = headers[HTTPField.Name(IngestContract.backlogHeader)!].flatMap { Int64($0) }.flatMap { $0 >= 0 ? $0 : nil }
        let oldest = headers[HTTPField.Name(IngestContract.oldestUnsentHeader)!].flatMap(Timestamps.parse)
        return IngestStore.Backlog(count: count, oldestUnsent: count == nil ? nil : oldest)
    }
}

enum Timestamps {
    /// `2025-10-22T13:38:15.000Z`, with or without the milliseconds.
    static func parse(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))) ?? (try? Date(text, strategy: .iso8601))
    }

    static func string(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
}

/// JSON answers in the box's shape: `{"error": {"code", "message"}}` for a refusal.
enum CloudAnswer {
    static func json(_ status: HTTPResponse.Status, _ body: String, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        struct Body: Encodable { struct Error: Encodable { var code, message: String }; var error: Error }
        let text = (try? JSONEncoder().encode(Body(error: .init(code: code, message: message)))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return json(status, text)
    }
}
