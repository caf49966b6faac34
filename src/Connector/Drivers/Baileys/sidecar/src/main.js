#!/usr/bin/env node
// The Baileys sidecar: reads requests from stdin, writes answers and signals to stdout, logs to stderr.
// It ends when stdin closes, so it never outlives the connector that started it.
import { createInterface } from 'node:readline';
import { format } from 'node:util';
import { makeWASocket } from 'baileys';
import { Host } from './host.js';
import { makeLogger } from './logger.js';

// stdout carries the protocol only; libsignal and friends print with console.*, which goes to stderr instead.
for (const name of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
  console[name] = (...args) => process.stderr.write(format(...args) + '\n');
}

const logger = makeLogger(process.env.EVOSTREAM_BAILEYS_LOG_LEVEL || 'warn', { component: 'baileys-sidecar' });
const host = new Host({
  write: (line) => process.stdout.write(line + '\n'),
  makeSocket: makeWASocket,
  wsUrl: process.env.EVOSTREAM_BAILEYS_WS_URL || undefined,
  logger,
});

// Bad input is answered by the host; anything else thrown in a callback of Baileys is logged, never fatal:
// one session's trouble must not end the others.
process.on('uncaughtException', (e) => logger.error({ err: e }, 'uncaught exception'));
process.on('unhandledRejection', (e) => logger.error({ err: e instanceof Error ? e : new Error(String(e)) }, 'unhandled rejection'));

let pending = Promise.resolve();
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
// Requests run concurrently (a slow send must not hold a presence update), but each is started in line order.
lines.on('line', (line) => {
  pending = host.handleLine(line).catch((e) => logger.error({ err: e }, 'request handling failed'));
});
lines.on('close', async () => {
  await pending;
  await host.shutdown();
  process.exit(0);
});

host.ready();
