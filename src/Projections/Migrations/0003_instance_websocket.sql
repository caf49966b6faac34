-- WebSocket configuration (/websocket/find): which of the instance's events its live streams carry.
CREATE TABLE instance_websocket (
    instance   text PRIMARY KEY,
    enabled    boolean NOT NULL,
    events     text[]  NOT NULL,     -- MESSAGES_UPSERT, ...; empty means all of Evolution's events
    updated_at timestamptz NOT NULL,
    version    text COLLATE "C" NOT NULL
);
