-- Webhook deliveries, one row per event and target (the instance's webhook or the global one), written by the
-- delivery stage as attempts end: GET /webhook/deliveries/{instance} reads them. Rows older than
-- EVOSTREAM_WEBHOOK_RETENTION_DAYS (30 by default) are deleted. A row never moves back: an update whose
-- updated_at is older than the row's is ignored.
CREATE TABLE webhook_deliveries (
    delivery_id      text PRIMARY KEY,          -- "<event id>/<target>"
    instance         text NOT NULL,
    event            text NOT NULL,             -- messages.upsert, ...
    event_id         text NOT NULL,             -- the webhook-id header
    target           text NOT NULL,             -- instance | global
    url              text NOT NULL,             -- where it was posted, query string removed
    state            text NOT NULL,             -- delivered | retrying | parked
    attempts         int  NOT NULL,
    last_status      int,                       -- the receiver's last HTTP status; null when it gave none
    last_error       text,
    feed_partition   int  NOT NULL,
    feed_offset      bigint,                    -- null for a redelivery
    first_attempt_at timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (instance, updated_at DESC);
CREATE INDEX webhook_deliveries_age ON webhook_deliveries (updated_at);
