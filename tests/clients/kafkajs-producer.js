// A plain kafkajs producer with its default (murmur2, Java-compatible) partitioner, as a Node service would write
// commands to Evostream. Used by the Kafka ingress tests.
//
// Usage: node kafkajs-producer.js <brokers> <topic> <file>
// <file> holds one JSON object per line: {"key": "<key or null>", "value": "<record value>"}; the records are sent
// in file order by one producer. Exits 0 once the broker acknowledged them all (acks=-1), 1 on error.
'use strict';

const fs = require('fs');
const { Kafka, logLevel } = require('kafkajs');

const [brokers, topic, file] = process.argv.slice(2);
if (!brokers || !topic || !file) {
  console.error('usage: node kafkajs-producer.js <brokers> <topic> <file>');
  process.exit(2);
}

const messages = fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));

const kafka = new Kafka({
  clientId: 'my-producer',
  brokers: brokers.split(','),
  logLevel: logLevel.WARN,
  logCreator: () => ({ namespace, label, log }) => console.error(`kafkajs ${label} ${namespace}: ${log.message}`),
});

// One request in flight keeps the file's order per partition even across retries.
const producer = kafka.producer({ maxInFlightRequests: 1 });

(async () => {
  await producer.connect();
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
  console.log(`sent ${messages.length}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
