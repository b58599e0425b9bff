import AsyncHTTPClient
import Foundation
import NIOCore

/// Kafka REST Proxy v2 (Confluent REST Proxy, Redpanda's HTTP proxy): `POST /topics/{topic}` with
/// `application/vnd.kafka.json.v2+json`, one topic per event type, each record keyed by its
/// aggregate id so one order's events keep their order within a partition.
public struct KafkaRESTSink: EventSink {
    public let kind = "kafka-rest"
    let baseURL: String
    let topicPrefix: String
    let timeout: TimeAmount
    let client: HTTPClient

    public init(proxyURL: String, topicPrefix: String = "intellidine.", timeout: TimeAmount = .seconds(30), client: HTTPClient = .shared) {
        self.baseURL = proxyURL.hasSuffix("/") ? String(proxyURL.dropLast()) : proxyURL
        self.topicPrefix = topicPrefix
        self.timeout = timeout
        self.client = client
    }

    public func topic(for type: String) -> String { topicPrefix + type }

    public func deliver(_ batch: OutgoingBatch) async throws {
        // Topics in the order their first event appears, records in seq order within each.
        var order: [String] = []
        var byTopic: [String: [String]] = [:]
        for event in batch.events {
            let topic = topic(for: event.type)
            if byTopic[topic] == nil { order.append(topic) }
            byTopic[topic, default: []].append("{\"key\":\(OutgoingBatch.quote(event.aggregateId)),\"value\":\(OutgoingBatch.json(event))}")
        }
        for topic in order {
            try await post(topic: topic, records: byTopic[topic]!)
        }
    }

    private func post(topic: String, records: [String]) async throws {
        var request = HTTPClientRequest(url: "\(baseURL)/topics/\(topic)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/vnd.kafka.json.v2+json")
        request.headers.add(name: "Accept", value: "application/vnd.kafka.v2+json")
        request.body = .bytes(ByteBuffer(string: "{\"records\":[" + records.joined(separator: ",") + "]}"))
        let (status, body) = try await exchange(request, client: client, timeout: timeout)
        if let failure = SinkError.from(status: status, body: String(buffer: body)) { throw failure }
        // A 200 can still carry per-record errors: error_code 2 is retriable, anything else is not.
        struct Produced: Decodable {
            struct Offset: Decodable {
                var error_code: Int?
                var error: String?
            }
            var offsets: [Offset]
        }
        guard let produced = try? JSONDecoder().decode(Produced.self, from: Data(buffer: body)) else {
            throw SinkError.retryable("unreadable answer from the REST proxy")
        }
        let failed = produced.offsets.filter { $0.error_code != nil }
        guard failed.isEmpty else {
            if failed.allSatisfy({ $0.error_code == 2 }) {
                throw SinkError.retryable("\(failed.count) records failed with a retriable error")
            }
            throw SinkError.rejected(status: 200, reason: failed.first?.error ?? "record rejected")
        }
        if produced.offsets.count != records.count {
            throw SinkError.retryable("the REST proxy acknowledged \(produced.offsets.count) of \(records.count) records")
        }
    }
}
