-- The transport the connector runs each instance on (simulator, baileys, cloud-api), from instance.configured:
-- fetchInstances shows it beside Evolution's integration.
ALTER TABLE instances ADD COLUMN transport text;
