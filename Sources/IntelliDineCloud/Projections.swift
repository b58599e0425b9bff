import Logging
import PostgresNIO

/// What HQ reads, kept from the events in the transaction that stores them (docs/cloud.md,
/// "Projections"): orders with their current status, payments, invoices, and each restaurant's
/// daily sales on its own local days. Each statement reads only the batch's newly stored events.
enum Projections {
    static func apply(_ inserted: [String], connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO orders (order_id, box_id, tenant_id, ticket_number, table_number, status, status_seq, total_paise, gst_paise,
                                lines, created_at, local_date, updated_at)
            SELECT e.aggregate_id, e.box_id, e.tenant_id, int_or_zero(e.payload->'ticket_number'), int_or_zero(e.payload->'table_number'),
                   'PENDING', e.seq, paise(e.payload->'total'),
                   COALESCE((SELECT sum(paise(t->'cgst') + paise(t->'sgst')) FROM jsonb_array_elements(
                       CASE WHEN jsonb_typeof(e.payload->'taxes') = 'array' THEN e.payload->'taxes' ELSE '[]'::jsonb END) t), 0),
                   COALESCE(e.payload->'items', '[]'::jsonb), e.occurred_at, (e.occurred_at AT TIME ZONE b.timezone)::date, e.occurred_at
            FROM events e JOIN boxes b ON b.box_id = e.box_id
            WHERE e.event_id = ANY(\(inserted)::text[]) AND e.type = 'order.created'
            ON CONFLICT (order_id) DO NOTHING
            """, logger: logger)
        // The newest status of each order in the batch, unless a later one is already there.
        try await connection.query("""
            UPDATE orders o SET status = s.status, status_seq = s.seq, updated_at = s.occurred_at
            FROM (SELECT DISTINCT ON (e.aggregate_id) e.aggregate_id, e.box_id, e.payload->>'new_status' AS status, e.seq, e.occurred_at
                  FROM events e WHERE e.event_id = ANY(\(inserted)::text[]) AND e.type = 'order.status_changed'
                  ORDER BY e.aggregate_id, e.seq DESC) s
            WHERE o.order_id = s.aggregate_id AND o.box_id = s.box_id AND o.status_seq < s.seq AND s.status IS NOT NULL
            """, logger: logger)
        try await connection.query("""
            INSERT INTO payments (payment_id, box_id, tenant_id, order_id, method, amount_paise, paid_at, local_date)
            SELECT e.payload->>'payment_id', e.box_id, e.tenant_id, e.aggregate_id, COALESCE(e.payload->>'method', 'UNKNOWN'),
                   paise(e.payload->'amount'), e.occurred_at, (e.occurred_at AT TIME ZONE b.timezone)::date
            FROM events e JOIN boxes b ON b.box_id = e.box_id
            WHERE e.event_id = ANY(\(inserted)::text[]) AND e.type = 'payment.completed' AND e.payload->>'payment_id' IS NOT NULL
            ON CONFLICT (payment_id) DO NOTHING
            """, logger: logger)
        try await connection.query("""
            INSERT INTO invoices (box_id, tenant_id, invoice_number, session_id, table_number, local_date, taxable_paise, cgst_paise,
                                  sgst_paise, total_paise, payment_methods, buyer_gstin, issued_at)
            SELECT e.box_id, e.tenant_id, e.payload->>'invoice_number', COALESCE(e.payload->>'table_session_id', ''),
                   int_or_zero(e.payload->'table_number'),
                   CASE WHEN e.payload->>'date' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN (e.payload->>'date')::date
                        ELSE (e.occurred_at AT TIME ZONE b.timezone)::date END,
                   paise(e.payload->'taxable_value'), paise(e.payload->'cgst'), paise(e.payload->'sgst'), paise(e.payload->'total'),
                   COALESCE(e.payload->>'payment_methods', ''), e.payload->>'buyer_gstin', e.occurred_at
            FROM events e JOIN boxes b ON b.box_id = e.box_id
            WHERE e.event_id = ANY(\(inserted)::text[]) AND e.type = 'invoice.issued' AND e.payload->>'invoice_number' IS NOT NULL
            ON CONFLICT DO NOTHING
            """, logger: logger)
        // The days the batch touched, recounted from the projections: a cancellation or a late
        // payment changes the right day, and a replayed batch cannot count twice.
        try await connection.query("""
            -- The touched days come from the batch itself (orders by primary key, payments' days from
            -- their events): joining the payments table on a payload expression scanned all of it for
            -- every batch, and a catching-up chain slowed as its tables grew.
            WITH batch AS (SELECT e.box_id, e.tenant_id, e.type, e.aggregate_id, e.occurred_at FROM events e WHERE e.event_id = ANY(\(inserted)::text[])),
            touched AS (
                SELECT o.box_id, o.tenant_id, o.local_date FROM orders o
                WHERE o.order_id IN (SELECT aggregate_id FROM batch WHERE type IN ('order.created', 'order.status_changed'))
                UNION
                SELECT b.box_id, b.tenant_id, (b.occurred_at AT TIME ZONE x.timezone)::date FROM batch b JOIN boxes x ON x.box_id = b.box_id
                WHERE b.type = 'payment.completed'
            )
            INSERT INTO daily_sales (box_id, tenant_id, local_date, orders, sales_paise, cancelled, payments_paise)
            SELECT t.box_id, t.tenant_id, t.local_date, COALESCE(o.orders, 0), COALESCE(o.sales, 0), COALESCE(o.cancelled, 0), COALESCE(p.paid, 0)
            FROM touched t
            LEFT JOIN LATERAL (
                SELECT count(*) FILTER (WHERE status <> 'CANCELLED') AS orders,
                       sum(total_paise) FILTER (WHERE status <> 'CANCELLED') AS sales,
                       count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled
                FROM orders WHERE box_id = t.box_id AND tenant_id = t.tenant_id AND local_date = t.local_date) o ON true
            LEFT JOIN LATERAL (
                SELECT sum(amount_paise) AS paid FROM payments WHERE box_id = t.box_id AND tenant_id = t.tenant_id AND local_date = t.local_date) p ON true
            ON CONFLICT (box_id, tenant_id, local_date) DO UPDATE
            SET orders = EXCLUDED.orders, sales_paise = EXCLUDED.sales_paise, cancelled = EXCLUDED.cancelled, payments_paise = EXCLUDED.payments_paise
            """, logger: logger)
    }
}
