-- The boxes, their events exactly once, and what HQ reads (docs/cloud.md).

-- A registered box: its key sealed under the cloud's master key, and what it last said.
CREATE TABLE boxes (
    box_id          text PRIMARY KEY,
    name            text NOT NULL,
    -- The restaurant's zone: its daily sales are its own local days.
    timezone        text NOT NULL,
    sealed_key      bytea NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz,
    last_contact    timestamptz,
    last_seq        bigint NOT NULL DEFAULT 0,
    events_received bigint NOT NULL DEFAULT 0,
    duplicates      bigint NOT NULL DEFAULT 0,
    conflicts       bigint NOT NULL DEFAULT 0,
    backlog         bigint,
    oldest_unsent   timestamptz
);

-- Every event once, keyed by the id the box gave it.
CREATE TABLE events (
    event_id     text PRIMARY KEY,
    box_id       text NOT NULL REFERENCES boxes,
    seq          bigint NOT NULL,
    tenant_id    text NOT NULL,
    type         text NOT NULL,
    aggregate_id text NOT NULL,
    occurred_at  timestamptz NOT NULL,
    payload      jsonb NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_box_seq ON events (box_id, seq);

-- An event id that came again with a different payload: the first copy is kept, this one is
-- shown to HQ.
CREATE TABLE event_conflicts (
    id          bigserial PRIMARY KEY,
    event_id    text NOT NULL,
    box_id      text NOT NULL,
    payload     jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);

-- A box's seqs jumped: events between were never received. Should never happen.
CREATE TABLE seq_gaps (
    box_id    text NOT NULL,
    after_seq bigint NOT NULL,
    next_seq  bigint NOT NULL,
    seen_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (box_id, after_seq, next_seq)
);

-- Projections, written in the transaction that stores the events.
CREATE TABLE orders (
    order_id      text PRIMARY KEY,
    box_id        text NOT NULL,
    tenant_id     text NOT NULL,
    ticket_number integer NOT NULL,
    table_number  integer NOT NULL,
    status        text NOT NULL,
    status_seq    bigint NOT NULL,
    total_paise   bigint NOT NULL,
    gst_paise     bigint NOT NULL,
    lines         jsonb NOT NULL,
    created_at    timestamptz NOT NULL,
    local_date    date NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX orders_day ON orders (box_id, tenant_id, local_date);

CREATE TABLE payments (
    payment_id   text PRIMARY KEY,
    box_id       text NOT NULL,
    tenant_id    text NOT NULL,
    order_id     text NOT NULL,
    method       text NOT NULL,
    amount_paise bigint NOT NULL,
    paid_at      timestamptz NOT NULL,
    local_date   date NOT NULL
);
CREATE INDEX payments_day ON payments (box_id, tenant_id, local_date);

CREATE TABLE invoices (
    box_id           text NOT NULL,
    tenant_id        text NOT NULL,
    invoice_number   text NOT NULL,
    session_id       text NOT NULL,
    table_number     integer NOT NULL,
    local_date       date NOT NULL,
    taxable_paise    bigint NOT NULL,
    cgst_paise       bigint NOT NULL,
    sgst_paise       bigint NOT NULL,
    total_paise      bigint NOT NULL,
    payment_methods  text NOT NULL,
    buyer_gstin      text,
    issued_at        timestamptz NOT NULL,
    PRIMARY KEY (box_id, tenant_id, invoice_number)
);
CREATE INDEX invoices_day ON invoices (box_id, tenant_id, local_date);

-- Each restaurant's own days: recounted from `orders` and `payments` for the days a batch touched.
CREATE TABLE daily_sales (
    box_id         text NOT NULL,
    tenant_id      text NOT NULL,
    local_date     date NOT NULL,
    orders         integer NOT NULL,
    sales_paise    bigint NOT NULL,
    cancelled      integer NOT NULL,
    payments_paise bigint NOT NULL,
    PRIMARY KEY (box_id, tenant_id, local_date)
);

CREATE TABLE hq_users (
    username      text PRIMARY KEY,
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- A signed-in HQ user: the SHA-256 of the cookie's random token, so a database dump signs no one in.
-- In Postgres, not in memory, so any ingest process behind the load balancer knows it.
CREATE TABLE hq_sessions (
    token_hash text PRIMARY KEY,
    username   text NOT NULL REFERENCES hq_users ON DELETE CASCADE,
    expires_at timestamptz NOT NULL
);

-- Decimal rupees in a payload (docs/events.md, "Payload conventions") as integer paise; a value
-- that is not a number counts as 0 rather than failing the batch.
CREATE FUNCTION paise(value jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(value) = 'number' THEN round((value #>> '{}')::numeric * 100)::bigint ELSE 0 END
$$;

CREATE FUNCTION int_or_zero(value jsonb) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(value) = 'number' THEN (value #>> '{}')::numeric::integer ELSE 0 END
$$;
