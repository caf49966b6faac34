#!/usr/bin/env node
// Memory per linked Baileys session in one sidecar (the process a connector replica runs), against crabline:
//   node bench/baileys/rss-per-session.mjs [sessions=10]
// Every session opens a linked auth state (fresh creds, creds.me = crabline's account: one crabline server serves one
// account, so all sessions link as devices of it), waits for `open`, and sends one text that crabline decrypts. The
// sidecar's RSS (VmRSS of its process) is read before any session, then after all are open and have sent, after a
// garbage collection settles. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { linkedAuth, SidecarProcess, sleep, startCrabline, until } from '../../src/Connector/Drivers/Baileys/sidecar/test/support.js';

const sessions = Number(process.argv[2] ?? 10);
const rssMb = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const PEER = '15551234567@s.whatsapp.net';

const crab = await startCrabline();
const sidecar = new SidecarProcess({ EVOSTREAM_BAILEYS_WS_URL: crab.manifest.endpoints.baileysWebSocketUrl, EVOSTREAM_BAILEYS_LOG_LEVEL: 'silent' });
try {
  // The first request loads Baileys: the baseline is a sidecar that has it loaded and hosts nothing.
  await sidecar.request('hello', {}).catch(() => undefined);
  await sleep(2000);
  const base = rssMb(sidecar.child.pid);
  for (let i = 0; i < sessions; i++) {
    const opened = await sidecar.request('open', { session: `s${i}`, auth: linkedAuth(crab.manifest.selfJid) });
    if (!opened.ok) throw new Error(`open s${i}: ${JSON.stringify(opened)}`);
  }
  for (let i = 0; i < sessions; i++) {
    await sidecar.waitSignal('connection', `s${i}`, (m) => m.data.connection === 'open', 60_000);
  }
  for (let i = 0; i < sessions; i++) {
    const id = `EVORSS${String(i).padStart(12, '0')}`;
    const sent = await sidecar.request('send', { session: `s${i}`, jid: PEER, content: { text: `rss ${i}` }, messageId: id });
    if (!sent.ok) throw new Error(`send s${i}: ${JSON.stringify(sent)}`);
    await until(`crabline to decrypt ${id}`, () => crab.records().find((r) => r.accepted === true && r.body?.key?.id === id), 60_000);
  }
  await sleep(5000);
  const loaded = rssMb(sidecar.child.pid);
  console.log(JSON.stringify({
    sessions,
    sidecarRssMbEmpty: +base.toFixed(1),
    sidecarRssMbLoaded: +loaded.toFixed(1),
    mbPerSessionMarginal: +((loaded - base) / sessions).toFixed(2),
    mbPerSessionTotal: +(loaded / sessions).toFixed(2),
  }));
} finally {
  await sidecar.stop();
  crab.stop();
}
