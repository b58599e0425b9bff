import Foundation
import GRDB
import IntelliDineDomain

/// A request's claim on an `Idempotency-Key`: who sent it, the key, and a hash of what was asked.
public struct IdempotencyClaim: Sendable {
    public var subjectId: String
    public var key: String
    public var requestHash: String

    public init(subjectId: String, key: String, requestHash: String) {
        self.subjectId = subjectId
        self.key = key
        self.requestHash = requestHash
    }

    /// The key is already stored: by an earlier request, or by an identical one in the same batch.
    struct Taken: Error {}

    /// Stores the answer given to the key, unless the key is already stored (then nothing is
    /// written): whether it was stored.
    func storeIfNew(_ db: Database, tenantId: String, statusCode: Int, body: Data, resourceId: String?, at instant: Date) throws -> Bool {
        try db.runBound("""
            INSERT INTO idempotency_keys (tenant_id, subject_id, key, request_hash, status_code, response_body, resource_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, subject_id, key) DO NOTHING
            """) { values in
            values.add(tenantId); values.add(subjectId); values.add(key); values.add(requestHash); values.add(statusCode)
            values.add(body); values.add(resourceId); values.add(Timestamp.string(instant))
        }
        return db.changesCount == 1
    }
}

/// The first answer given to a key, replayed to every retry with the same request.
public struct StoredResponse: Sendable, Equatable {
    public var statusCode: Int
    public var body: Data

    /// The stored answer for a claim; a key reused for a different request is refused.
    static func find(_ db: Database, tenantId: String, claim: IdempotencyClaim) throws -> StoredResponse? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT request_hash, status_code, response_body FROM idempotency_keys
            WHERE tenant_id = ? AND subject_id = ? AND key = ?
            """), arguments: [tenantId, claim.subjectId, claim.key])
        else { return nil }
        guard row["request_hash"] as String == claim.requestHash else { throw OrderRefusal.idempotencyKeyReused }
        return StoredResponse(statusCode: row["status_code"], body: row["response_body"])
    }
}
