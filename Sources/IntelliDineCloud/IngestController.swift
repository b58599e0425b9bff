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
            let batch: ReceivedBatch
            do {
                batch = try ReceivedBatch.parse(body, boxId: boxId)
            } catch {
                return CloudAnswer.error(.badRequest, "BAD_BATCH", error.message)
            }
            let outcome = try await store.store(batch, boxId: boxId, backlog: Self.backlog(request.headers))
            return CloudAnswer.json(.ok, #"{"stored":\#(outcome.stored),"duplicates":\#(outcome.duplicates),"conflicts":\#(outcome.conflicts)}"#)
        } catch IngestRefusal.unknownBox {
            return CloudAnswer.error(.unauthorized, "BAD_SIGNATURE", "Unknown box or bad signature")
        } catch {
            // Postgres unreachable, restarting or failing over: nothing was committed, the box sends it again.
            logger.error("batch not stored", metadata: ["box_id": "\(boxId)", "error": "\(String(reflecting: error))"])
            return CloudAnswer.error(.serviceUnavailable, "STORE_UNAVAILABLE", "The batch was not stored; send it again later")
        }
    }

    /// 413, and the connection closed: the rest of the body is not read.
    static func tooLarge(_ limit: Int) -> Response {
        var response = CloudAnswer.error(.contentTooLarge, "BATCH_TOO_LARGE", "A batch is at most \(limit) bytes")
        response.headers[.connection] = "close"
        return response
    }

    static func backlog(_ headers: HTTPFields) -> IngestStore.Backlog {
        let count = headers[HTTPField.Name(IngestContract.backlogHeader)!].flatMap { Int64($0) }.flatMap { $0 >= 0 ? $0 : nil }
        let oldest = headers[HTTPField.Name(IngestContract.oldestUnsentHeader)!].flatMap(Timestamps.parse)
        return IngestStore.Backlog(count: count, oldestUnsent: count == nil ? nil : oldest)
    }
}

enum Timestamps {
    /// `2025-10-22T13:38:15.000Z`, with or without the milliseconds, or any ISO 8601 time. The box's
    /// own form is read by hand: a catching-up chain sends a million of them.
    static func parse(_ text: String) -> Date? {
        if let fast = box(text) { return fast }
        return (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))) ?? (try? Date(text, strategy: .iso8601))
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` exactly, as seconds since 1970 (days from the civil calendar).
    static func box(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 24, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58, b[19] == 46, b[23] == 90 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (48...57).contains(b[index]) else { return nil }
                value = value * 10 + Int(b[index] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), let millis = number(20..<23),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3_600 + minute * 60 + second) + Double(millis) / 1_000)
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
