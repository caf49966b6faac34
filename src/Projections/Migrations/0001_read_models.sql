-- Evostream read models, built only from the event log by the Projections service (invariant 5).
--
-- Where: every table lives in one schema, `evostream` in production and dev (tests use a schema of their own); the
-- migration runner sets search_path to it, so names here are unqualified. Readers (the Api) should qualify names
-- (evostream.messages) or set search_path=evostream.
--
-- Who writes: only the projector. A batch of events and the offsets that consumed it commit in one transaction, so
-- every row reflects exactly the events up to projection_offsets. Readers never write.
--
-- Order: events of one instance arrive on several topics (one per event kind), so rows must not depend on the order
-- topics are read in. Mutable rows therefore carry a `version`: the text '<event time in µs, 20 digits>:<event id>',
-- which sorts (COLLATE "C") like the events happened; an update applies only when its version is greater. Message
-- status only ever moves up its ranking. Timestamps in rows come from events, never from the clock, so replaying the
-- log rebuilds identical tables.

-- Where the projector is in each input partition: the offset of the next record to read.
CREATE TABLE projection_offsets (
    topic       text   NOT NULL,
    partition   int    NOT NULL,
    next_offset bigint NOT NULL,
    PRIMARY KEY (topic, partition)
);

-- Records that could not be read (not JSON or Protobuf, unknown event, missing fields). Parked in the same
-- transaction as the batch, so the partition keeps flowing and nothing is lost; `error` says what was wrong.
CREATE TABLE parked_records (
    topic      text   NOT NULL,
    partition  int    NOT NULL,
    "offset"   bigint NOT NULL,
    key        bytea,
    headers    jsonb  NOT NULL,          -- {"name": "value", ...}, values as UTF-8 text
    value      bytea,
    error      text   NOT NULL,
    PRIMARY KEY (topic, partition, "offset")
);

-- One row per instance (Evolution's Instance; fetchInstances). Filled by instance.create, instance.configured,
-- connection.update, logout.instance and instance.delete/remove.instance.
CREATE TABLE instances (
    name                      text PRIMARY KEY,         -- instanceName
    id                        text,                     -- instanceId (uuid text)
    integration               text,                     -- WHATSAPP-BAILEYS | WHATSAPP-BUSINESS | EVOLUTION
    connection_status         text NOT NULL DEFAULT 'close',  -- open | connecting | close | refused
    owner_jid                 text,                     -- the linked number's JID once open (connection.update wuid)
    profile_name              text,
    profile_pic_url           text,
    number                    text,                     -- as configured at create
    business_id               text,
    token_sha256              text,                     -- hex SHA-256 of the instance token (instance.configured)
    disconnection_reason_code int,                      -- Baileys' DisconnectReason of the last close
    disconnection_at          timestamptz,
    created_at                timestamptz,              -- time of instance.create
    updated_at                timestamptz,              -- time of the latest event applied to the row
    deleted_at                timestamptz,              -- set by instance.delete/remove.instance; fetchInstances hides these
    config_version            text COLLATE "C",         -- version of integration/number/token/business_id
    connection_version        text COLLATE "C",         -- version of connection_status..disconnection_at
    lifecycle_version         text COLLATE "C"          -- version of created_at/deleted_at
);
CREATE UNIQUE INDEX instances_id ON instances (id) WHERE id IS NOT NULL;
CREATE INDEX instances_number ON instances (number) WHERE number IS NOT NULL;
CREATE INDEX instances_token ON instances (token_sha256) WHERE token_sha256 IS NOT NULL;

-- The latest QR code (and pairing code) of each instance: what /instance/connect answers while connecting.
CREATE TABLE instance_qrcodes (
    instance     text PRIMARY KEY,
    code         text,              -- "2@..." reference string
    base64       text,              -- data:image/png;base64,...
    pairing_code text,
    count        int,
    message      text,              -- set when the QR limit was reached
    status_code  int,
    updated_at   timestamptz NOT NULL,
    version      text COLLATE "C" NOT NULL
);

-- Per-instance settings (Evolution's Setting row; /settings/find), from instance.configured.
CREATE TABLE instance_settings (
    instance             text PRIMARY KEY,
    reject_call          boolean NOT NULL,
    msg_call             text    NOT NULL,
    groups_ignore        boolean NOT NULL,
    always_online        boolean NOT NULL,
    read_messages        boolean NOT NULL,
    read_status          boolean NOT NULL,
    sync_full_history    boolean NOT NULL,
    wavoip_token         text    NOT NULL,
    hold_until_connected boolean NOT NULL,
    updated_at           timestamptz NOT NULL,
    version              text COLLATE "C" NOT NULL
);

-- Webhook configuration (/webhook/find). Header values are stored as received: sealed "enc:v1:<key id>:<base64>".
CREATE TABLE instance_webhooks (
    instance   text PRIMARY KEY,
    enabled    boolean NOT NULL,
    url        text    NOT NULL,
    headers    jsonb   NOT NULL,     -- {"authorization": "enc:v1:...", ...}
    by_events  boolean NOT NULL,
    base64     boolean NOT NULL,
    events     text[]  NOT NULL,     -- MESSAGES_UPSERT, ...; empty means all
    updated_at timestamptz NOT NULL,
    version    text COLLATE "C" NOT NULL
);

-- Kafka configuration (/kafka/find).
CREATE TABLE instance_kafka (
    instance   text PRIMARY KEY,
    enabled    boolean NOT NULL,
    events     text[]  NOT NULL,
    updated_at timestamptz NOT NULL,
    version    text COLLATE "C" NOT NULL
);

-- Messages (findMessages): messages.upsert, send.message, messages.set, messaging-history.set; content replaced by
-- messages.edited. Keyed by WhatsApp's key id within the instance, as Evolution looks messages up.
CREATE TABLE messages (
    instance             text    NOT NULL,
    key_id               text    NOT NULL,     -- key.id
    remote_jid           text    NOT NULL,     -- key.remoteJid
    from_me              boolean NOT NULL,     -- key.fromMe
    participant          text,                 -- key.participant (group author)
    push_name            text,
    message_type         text    NOT NULL,     -- conversation | imageMessage | ...
    content              jsonb   NOT NULL,     -- the WaMessage as Evolution's JSON ({"conversation": "..."})
    context_info         jsonb,
    message_timestamp    bigint  NOT NULL,     -- messageTimestamp, unix seconds
    instance_id          text,
    source               text,                 -- web | android | ios | desktop | unknown
    causation_command_id text,                 -- the command that sent it, for sends
    created_at           timestamptz NOT NULL, -- time of the first event that carried it
    updated_at           timestamptz NOT NULL,
    version              text COLLATE "C" NOT NULL,
    PRIMARY KEY (instance, key_id)
);
CREATE INDEX messages_chat_time ON messages (instance, remote_jid, message_timestamp DESC, key_id);
CREATE INDEX messages_time ON messages (instance, message_timestamp DESC, key_id);
CREATE INDEX messages_type_time ON messages (instance, message_type, message_timestamp DESC);
CREATE INDEX messages_from_me_time ON messages (instance, from_me, message_timestamp DESC);
CREATE INDEX messages_command ON messages (causation_command_id) WHERE causation_command_id IS NOT NULL;

-- The current status of each message. Exists as soon as any status is known, even before the message row (topics
-- are read in no particular order). Rank: PENDING 1 < SERVER_ACK 2 < DELIVERY_ACK 3 < READ 4 < PLAYED 5 < ERROR 6
-- < DELETED 7; a status applies only when it ranks higher, so a late DELIVERY_ACK never downgrades READ.
CREATE TABLE message_status (
    instance    text NOT NULL,
    key_id      text NOT NULL,
    remote_jid  text NOT NULL,
    from_me     boolean NOT NULL,
    participant text,
    status      text NOT NULL,
    rank        smallint NOT NULL,
    updated_at  timestamptz NOT NULL,   -- time of the event that set the current status
    PRIMARY KEY (instance, key_id)
);
CREATE INDEX message_status_chat ON message_status (instance, remote_jid);

-- Every status event seen (findStatusMessage), one row per event id, so a re-delivered event adds nothing.
CREATE TABLE message_status_history (
    instance    text NOT NULL,
    key_id      text NOT NULL,
    event_id    text NOT NULL,
    status      text NOT NULL,
    remote_jid  text NOT NULL,
    from_me     boolean NOT NULL,
    participant text,
    at          timestamptz NOT NULL,
    PRIMARY KEY (instance, key_id, event_id)
);

-- Every edit of a message (messages.edited), one row per event id; messages.content holds the latest.
CREATE TABLE message_edits (
    instance  text  NOT NULL,
    key_id    text  NOT NULL,
    event_id  text  NOT NULL,
    content   jsonb NOT NULL,
    edited_at timestamptz NOT NULL,
    PRIMARY KEY (instance, key_id, event_id)
);

-- Chats (findChats): chats.set/upsert/update/delete, messaging-history.set, and the last message of every
-- message event. name and unread_messages each keep the value of the latest event that carried them.
CREATE TABLE chats (
    instance               text NOT NULL,
    remote_jid             text NOT NULL,
    instance_id            text,
    name                   text,
    name_version           text COLLATE "C",
    unread_messages        int NOT NULL DEFAULT 0,
    unread_version         text COLLATE "C",
    last_message_key_id    text,        -- join messages on (instance, key_id) for lastMessage
    last_message_timestamp bigint,      -- unix seconds; findChats orders by it
    deleted_at             timestamptz, -- chats.delete; a later message or chat event brings the chat back
    lifecycle_version      text COLLATE "C",
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    PRIMARY KEY (instance, remote_jid)
);
CREATE INDEX chats_recent ON chats (instance, last_message_timestamp DESC NULLS LAST, remote_jid);

-- Contacts (findContacts): contacts.set/upsert/update and messaging-history.set. Each optional field keeps the
-- value of the latest event that carried it.
CREATE TABLE contacts (
    instance        text NOT NULL,
    remote_jid      text NOT NULL,
    instance_id     text,
    push_name       text,
    push_name_version text COLLATE "C",
    profile_pic_url text,
    profile_pic_version text COLLATE "C",
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (instance, remote_jid)
);
CREATE INDEX contacts_push_name ON contacts (instance, push_name);

-- Groups (fetchAllGroups, findGroupInfos): groups.upsert/update.
CREATE TABLE groups (
    instance      text NOT NULL,
    id            text NOT NULL,        -- ...@g.us
    subject       text NOT NULL,
    subject_owner text,
    subject_time  bigint,
    size          int NOT NULL,
    creation      bigint NOT NULL,
    owner         text,
    "desc"        text,
    desc_id       text,
    restrict      boolean NOT NULL,
    announce      boolean NOT NULL,
    updated_at    timestamptz NOT NULL,
    version       text COLLATE "C" NOT NULL,
    PRIMARY KEY (instance, id)
);

-- Group members: groups.upsert/update lists and group-participants.update (add, remove, promote, demote). A removed
-- participant keeps its row with removed = true so that a late, older "add" cannot bring it back.
CREATE TABLE group_participants (
    instance    text NOT NULL,
    group_id    text NOT NULL,
    participant text NOT NULL,
    admin       text,                 -- null, admin, superadmin
    removed     boolean NOT NULL,
    version     text COLLATE "C" NOT NULL,
    PRIMARY KEY (instance, group_id, participant)
);

-- Labels (findLabels): labels.edit.
CREATE TABLE labels (
    instance      text NOT NULL,
    id            text NOT NULL,
    name          text NOT NULL,
    color         int NOT NULL,
    deleted       boolean NOT NULL,
    predefined_id text,
    version       text COLLATE "C" NOT NULL,
    PRIMARY KEY (instance, id)
);

-- Which chats (and messages) carry which label: labels.association. Removal keeps the row with active = false.
CREATE TABLE label_associations (
    instance   text NOT NULL,
    label_id   text NOT NULL,
    chat_id    text NOT NULL,
    message_id text NOT NULL DEFAULT '',   -- '' when the label is on the chat
    active     boolean NOT NULL,
    version    text COLLATE "C" NOT NULL,
    PRIMARY KEY (instance, label_id, chat_id, message_id)
);

-- What became of each command, for the Api's synchronous answers: command.accepted, command.rejected,
-- command.executed, command.outcome-unknown. state ranks accepted 1 < rejected/executed/unknown 2: a terminal
-- outcome is never replaced by a late "accepted"; among equals the later event wins.
CREATE TABLE command_outcomes (
    command_id      text PRIMARY KEY,
    instance        text NOT NULL,
    command         text NOT NULL,         -- send_text, ...
    state           text NOT NULL,         -- accepted | rejected | executed | unknown
    state_rank      smallint NOT NULL,
    idempotency_key text,
    not_before      timestamptz,           -- accepted: when it may run, if delayed
    delay_reason    text,                  -- accepted: rate, drip, warm-up, ...
    reason          text,                  -- rejected / unknown: why, naming the field
    field           text,                  -- rejected: the offending field's path
    http_status     int,                   -- rejected: what the REST facade answers
    duplicate_of    text,                  -- rejected as a repeat: the original command id
    stage           text,                  -- rejected: validation | execution
    message_id      text,                  -- executed / unknown: the WhatsApp key id
    remote_jid      text,                  -- executed
    detail          text,                  -- executed: small command-specific result
    event_id        text NOT NULL,         -- the event that set the current state
    updated_at      timestamptz NOT NULL,
    version         text COLLATE "C" NOT NULL
);
CREATE INDEX command_outcomes_idempotency ON command_outcomes (instance, idempotency_key) WHERE idempotency_key IS NOT NULL;
