import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A cloud receiver on a real socket, speaking both contracts the forwarder ships to: the HTTPS
/// ingest (`POST /v1/events`, HMAC-signed) and Kafka REST Proxy v2 (`POST /topics/{topic}`). It
/// can be told to fail in the ways real networks do, one request at a time.
final class TestReceiver: Sendable {
    enum Behaviour: Sendable {
        case accept
        case fail500
        /// Stores the batch but answers only after this long (past the forwarder's timeout).
        case slow(Duration)
        /// Stores the batch, then closes the connection without an answer.
        case dropAfterAccept
        case reject400
        /// Kafka only: a 200 whose records failed with a retriable error code.
        case retriableRecordErrors
    }

    struct Arrival: Sendable {
        var id: String
        var seq: Int64
        var type: String
        var topic: String?
        var key: String?
    }

    let secret: SymmetricKey
    /// Behaviours for the next requests, in order; `accept` once they run out.
    let script = Mutex<[Behaviour]>([])
    /// Every event as it arrived, duplicates included.
    let arrivals = Mutex<[Arrival]>([])
    let badSignatures = Mutex(0)
    /// The backlog header of each batch as it came, and the batch ids of the empty ones (heartbeats).
    let backlogs = Mutex<[String?]>([])
    let heartbeats = Mutex<[String]>([])

    init(secret: SymmetricKey) { self.secret = secret }

    /// Events after dedup by id, in the order each first arrived.
    var unique: [Arrival] {
        var seen = Set<String>()
        return arrivals.withLock { $0 }.filter { seen.insert($0.id).inserted }
    }

    private func next() -> Behaviour {
        script.withLock { $0.isEmpty ? .accept : $0.removeFirst() }
    }

    struct Context: RequestContext {
        var coreContext: CoreRequestContextStorage
        let channel: any Channel
        init(source: ApplicationRequestContextSource) {
            coreContext = .init(source: source)
            channel = source.channel
        }
    }

    func application(port: Int) -> some ApplicationProtocol {
        let router = Router(context: Context.self)
        router.post("/v1/events") { request, context -> Response in
            let body = try await request.body.collect(upTo: 8 << 20)
            let signature = "sha256=" + HMAC<SHA256>.authenticationCode(for: Data(buffer: body), using: self.secret)
                .map { String(format: "%02x", $0) }.joined()
            guard request.headers[HTTPField.Name("X-Intellidine-Signature")!] == signature,
                  request.headers[HTTPField.Name("X-Intellidine-Box")!] != nil else {
                self.badSignatures.withLock { $0 += 1 }
                return Response(status: .unauthorized)
            }
            struct Batch: Decodable {
                struct Event: Decodable { var id: String; var seq: Int64; var type: String }
                var box_id: String
                var batch_id: String
                var events: [Event]
            }
            let batch = try JSONDecoder().decode(Batch.self, from: Data(buffer: body))
            self.backlogs.withLock { $0.append(request.headers[HTTPField.Name("X-Intellidine-Backlog")!]) }
            if batch.events.isEmpty { self.heartbeats.withLock { $0.append(batch.batch_id) } }
            let arrivals = batch.events.map { Arrival(id: $0.id, seq: $0.seq, type: $0.type) }
            return try await self.respond(self.next(), arrivals: arrivals, context: context, okBody: #"{"stored": true}"#)
        }
        router.post("/topics/:topic") { request, context -> Response in
            guard request.headers[.contentType] == "application/vnd.kafka.json.v2+json" else { return Response(status: .unsupportedMediaType) }
            let topic = try context.parameters.require("topic")
            struct Produce: Decodable {
                struct Record: Decodable {
                    struct Value: Decodable { var id: String; var seq: Int64; var type: String }
                    var key: String
                    var value: Value
                }
                var records: [Record]
            }
            let produce = try JSONDecoder().decode(Produce.self, from: Data(buffer: try await request.body.collect(upTo: 8 << 20)))
            let arrivals = produce.records.map { Arrival(id: $0.value.id, seq: $0.value.seq, type: $0.value.type, topic: topic, key: $0.key) }
            let behaviour = self.next()
            if case .retriableRecordErrors = behaviour {
                let offsets = arrivals.map { _ in #"{"partition": null, "offset": null, "error_code": 2, "error": "Leader not available"}"# }
                return Self.json(.ok, #"{"offsets": ["# + offsets.joined(separator: ",") + "]}")
            }
            let offsets = arrivals.enumerated().map { #"{"partition": 0, "offset": \#($0.offset), "error_code": null, "error": null}"# }
            return try await self.respond(behaviour, arrivals: arrivals, context: context, okBody: #"{"offsets": ["# + offsets.joined(separator: ",") + "]}")
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
    }

    private func respond(_ behaviour: Behaviour, arrivals: [Arrival], context: Context, okBody: String) async throws -> Response {
        switch behaviour {
        case .fail500:
            return Self.json(.internalServerError, #"{"error_code": 50001, "message": "boom"}"#)
        case .reject400:
            return Self.json(.badRequest, #"{"error": "schema mismatch"}"#)
        case .slow(let delay):
            self.arrivals.withLock { $0 += arrivals }
            try await Task.sleep(for: delay)
            return Self.json(.ok, okBody)
        case .dropAfterAccept:
            self.arrivals.withLock { $0 += arrivals }
            try await context.channel.close()
            throw CancellationError()
        case .accept, .retriableRecordErrors:
            self.arrivals.withLock { $0 += arrivals }
            return Self.json(.ok, okBody)
        }
    }

    static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
