"""A plain confluent-kafka (Python) producer with librdkafka's default partitioner (consistent_random: CRC-32 of
the key), as a Python service would write commands to Evostream. Used by the Kafka ingress tests; run it with the
Python that has Debian's python3-confluent-kafka.

Usage: python3 confluent_kafka_producer.py <brokers> <topic> <file>
<file> holds one JSON object per line: {"key": "<key or null>", "value": "<record value>"}; the records are sent in
file order by one idempotent producer. Exits 0 once every record is acknowledged, 1 if any delivery failed.
"""
import json
import sys

from confluent_kafka import Producer


def main():
    if len(sys.argv) != 4:
        print("usage: python3 confluent_kafka_producer.py <brokers> <topic> <file>", file=sys.stderr)
        return 2
    brokers, topic, path = sys.argv[1:]
    producer = Producer({"bootstrap.servers": brokers, "enable.idempotence": True,
                         "error_cb": lambda error: print(f"kafka error: {error}", file=sys.stderr)})
    failures = []

    def delivered(error, message):
        if error is not None:
            failures.append(str(error))

    with open(path, encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    for record in records:
        key = record["key"]
        producer.produce(topic, key=None if key is None else key.encode("utf-8"),
                         value=record["value"].encode("utf-8"), on_delivery=delivered)
        producer.poll(0)
    remaining = producer.flush(60)
    if failures or remaining:
        print(f"failed: {failures}, unsent: {remaining}", file=sys.stderr)
        return 1
    print(f"sent {len(records)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
