// Test helpers: the sidecar as a child process speaking its protocol, and crabline (a fake WhatsApp written
// elsewhere) as the server its sessions talk to.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BufferJSON, initAuthCreds } from 'baileys';

const here = dirname(fileURLToPath(import.meta.url));
export const SIDECAR_MAIN = join(here, '..', 'src', 'main.js');
const REPO = join(here, '..', '..', '..', '..', '..', '..');
const CRABLINE = join(REPO, 'tests', 'crabline', 'node_modules', '.bin', 'crabline');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function until(what, check, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found) return found;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A linked auth state as BUILD-NOTES shows for crabline: fresh creds with creds.me set. */
export function linkedAuth(selfJid) {
  const creds = initAuthCreds();
  creds.me = { id: `${selfJid.split('@')[0]}:1@s.whatsapp.net`, name: 'evostream test' };
  return JSON.stringify({ v: 1, creds, keys: {} }, BufferJSON.replacer);
}

export class SidecarProcess {
  constructor(env = {}) {
    this.child = spawn(process.execPath, [SIDECAR_MAIN], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.messages = [];
    this.stderr = '';
    this._next = 1;
    this.exited = new Promise((resolve) => this.child.on('exit', (code, sig) => resolve({ code, signal: sig })));
    this.child.stderr.on('data', (d) => (this.stderr += d));
    this.notJson = [];
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      try {
        this.messages.push(JSON.parse(line));
      } catch {
        this.notJson.push(line);
      }
    });
  }

  signals(name, session) {
    return this.messages.filter((m) => m.signal === name && (session === undefined || m.session === session));
  }

  waitSignal(name, session, where = () => true, timeoutMs) {
    return until(`signal ${name}`, () => this.signals(name, session).find(where), timeoutMs);
  }

  writeLine(line) {
    this.child.stdin.write(line + '\n');
  }

  async request(op, args = {}, timeoutMs = 30_000) {
    const id = `t${this._next++}`;
    this.writeLine(JSON.stringify({ v: 1, id, op, ...args }));
    return until(`answer to ${op}`, () => this.messages.find((m) => m.id === id), timeoutMs);
  }

  async stop() {
    this.child.stdin.end();
    return this.exited;
  }
}

export async function startCrabline() {
  if (!existsSync(CRABLINE)) throw new Error(`crabline is not installed: run npm ci in ${join(REPO, 'tests', 'crabline')}`);
  const dir = mkdtempSync(join(tmpdir(), 'crabline-'));
  const readyFile = join(dir, 'ready.json');
  const child = spawn(CRABLINE, ['--json', 'serve', 'whatsapp', '--ready-file', readyFile], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const manifest = await until('crabline to be ready', () => {
    if (child.exitCode !== null) throw new Error(`crabline exited: ${stderr}`);
    try {
      return JSON.parse(readFileSync(readyFile, 'utf8'));
    } catch {
      return undefined;
    }
  }, 30_000);
  const records = () =>
    existsSync(manifest.recorderPath)
      ? readFileSync(manifest.recorderPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
      : [];
  const inbound = async (body) => {
    const res = await fetch(manifest.endpoints.adminInboundUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-crabline-admin-token': manifest.adminToken },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`crabline inbound answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  return { manifest, records, inbound, stop: () => child.kill('SIGTERM') };
}
