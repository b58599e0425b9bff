-- Throughput and guards for the ingest door (docs/cloud.md, "Throughput").

-- The events' foreign key checked `boxes` once per row, a tenth of the store's time for a
-- catching-up chain. Every batch already locks its box's row first, in the same transaction, and
-- boxes are revoked, never deleted.
ALTER TABLE events DROP CONSTRAINT events_box_id_fkey;

-- A number a projection cannot hold counts as 0, like a value that is not a number. Before, it
-- failed the whole batch with an overflow, and the box would have sent it forever.
CREATE OR REPLACE FUNCTION paise(value jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(value) = 'number' AND abs((value #>> '{}')::numeric) < 1e13
                THEN round((value #>> '{}')::numeric * 100)::bigint ELSE 0 END
$$;

CREATE OR REPLACE FUNCTION int_or_zero(value jsonb) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(value) = 'number' AND abs((value #>> '{}')::numeric) < 2e9
                THEN round((value #>> '{}')::numeric)::integer ELSE 0 END
$$;
