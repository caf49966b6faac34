// A plain kafkajs consumer, written the way Evolution API's Kafka docs show one, used by
// RealClientTests to prove Evostream's records read exactly as Evolution's consumers expect.
//
// Usage: node kafkajs-consumer.js <brokers> <topic>[,<topic>...] <count> [timeoutMs]
// Prints one JSON line per message on stdout; exits 0 after <count> messages, 1 on timeout or error.
// kafkajs' own log lines go to stderr so stdout holds only the messages.
'use strict';

const { Kafka, logLevel } = require('kafkajs');

const [brokers, topics, countText, timeoutText] = process.argv.slice(2);
const count = Number(countText);
const timeoutMs = Number(timeoutText ?? 30000);
if (!brokers || !topics || !(count > 0)) {
  console.error('usage: node kafkajs-consumer.js <brokers> <topic>[,<topic>...] <count> [timeoutMs]');
  process.exit(2);
}

const kafka = new Kafka({
  clientId: 'my-consumer',
  brokers: brokers.split(','),
  logLevel: logLevel.WARN,
  logCreator: () => ({ namespace, label, log }) => console.error(`kafkajs ${label} ${namespace}: ${log.message}`),
});

// A fresh group per run, so every run reads the topics from the beginning.
const consumer = kafka.consumer({ groupId: `evolution-consumers-${process.pid}-${Date.now()}` });

let seen = 0;
let finished = false;

async function finish(code) {
  if (finished) return;
  finished = true;
  clearTimeout(timer);
  await consumer.disconnect().catch(() => {});
  process.exit(code);
}

const timer = setTimeout(() => {
  console.error(`kafkajs-consumer: timed out after ${timeoutMs} ms with ${seen} of ${count} messages`);
  finish(1);
}, timeoutMs);

// A crash kafkajs will not retry (an unsupported codec, say) ends the run at once, with the reason.
consumer.on(consumer.events.CRASH, ({ payload }) => {
  if (payload.restart) return;
  console.error(`kafkajs-consumer: consumer crashed: ${payload.error}`);
  finish(1);
});

const run = async () => {
  await consumer.connect();
  await consumer.subscribe({ topics: topics.split(','), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      if (seen >= count) return;
      const event = JSON.parse(message.value.toString());
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([name, value]) => [name, value?.toString()]),
      );
      console.log(JSON.stringify({
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString(),
        headers,
        event: event.event,
        instance: event.instance,
        keyId: event.data?.key?.id,
        body: event,
      }));
      // Not awaited: disconnecting waits for this handler to return.
      if (++seen >= count) setImmediate(() => finish(0));
    },
  });
};

run().catch((error) => {
  console.error('kafkajs-consumer:', error);
  finish(1);
});
