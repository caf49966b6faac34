import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SidecarProcess, sleep } from './support.js';

test('bad input is answered with an error naming what is wrong, and the sidecar keeps serving', async () => {
  const car = new SidecarProcess();
  try {
    const cases = [
      ['garbage', null, 'bad-json', undefined],
      ['[1,2]', null, 'bad-request', undefined],
      ['{"v":1,"op":"hello"}', null, 'bad-request', 'id'],
      ['{"v":2,"id":"a","op":"hello"}', 'a', 'unsupported-version', 'v'],
      ['{"id":"b","op":"hello"}', 'b', 'unsupported-version', 'v'],
      ['{"v":1,"id":"c","op":"fly"}', 'c', 'unknown-op', 'op'],
      ['{"v":1,"id":"c2","op":"__proto__"}', 'c2', 'unknown-op', 'op'],
      ['{"v":1,"id":"d","op":"send","session":"s","jid":"x"}', 'd', 'bad-request', 'content'],
      ['{"v":1,"id":"e","op":"send","session":"s","jid":"x","content":"hi"}', 'e', 'bad-request', 'content'],
      ['{"v":1,"id":"f","op":"open","session":""}', 'f', 'bad-request', 'session'],
      ['{"v":1,"id":"g","op":"open","session":"s","colour":"red"}', 'g', 'bad-request', 'colour'],
      ['{"v":1,"id":"h","op":"open","session":"s","auth":"not json"}', 'h', 'bad-auth', 'auth'],
      ['{"v":1,"id":"i","op":"open","session":"s","auth":"{\\"v\\":1}"}', 'i', 'bad-auth', 'auth'],
      ['{"v":1,"id":"j","op":"open","session":"s","options":{"turbo":true}}', 'j', 'bad-request', 'options.turbo'],
      ['{"v":1,"id":"k","op":"send","session":"nobody","jid":"x","content":{"text":"hi"}}', 'k', 'unknown-session', undefined],
    ];
    for (const [line] of cases) car.writeLine(line);
    const answers = await (async () => {
      for (let i = 0; i < 200; i++) {
        const errors = car.messages.filter((m) => m.ok === false);
        if (errors.length >= cases.length) return errors;
        await sleep(25);
      }
      throw new Error(`only ${car.messages.filter((m) => m.ok === false).length} errors came back: ${car.stderr}`);
    })();
    for (const [line, id, code, field] of cases) {
      const answer = id === null
        ? answers.find((a) => a.id === null && a.error.code === code && a.error.field === field)
        : answers.find((a) => a.id === id);
      assert.ok(answer, `no answer for ${line}`);
      assert.equal(answer.error.code, code, line);
      assert.equal(answer.error.field, field, line);
      assert.ok(answer.error.message.length > 0);
    }
    const hello = await car.request('hello');
    assert.equal(hello.ok, true);
    assert.equal(hello.result.protocol, 1);
    assert.equal(hello.result.baileys, '7.0.0-rc14');
    assert.equal(car.child.exitCode, null, 'the sidecar is still running');
  } finally {
    await car.stop();
  }
});

test('the first line is a ready signal carrying the protocol version', async () => {
  const car = new SidecarProcess();
  try {
    const ready = await car.waitSignal('ready', null);
    assert.equal(ready.v, 1);
    assert.equal(ready.data.protocol, 1);
    assert.equal(ready.data.pid, car.child.pid);
    assert.equal(car.messages[0].signal, 'ready');
  } finally {
    await car.stop();
  }
});

test('closing stdin ends the sidecar, so it never outlives its connector', async () => {
  const car = new SidecarProcess();
  await car.waitSignal('ready', null);
  await car.request('open', { session: 'idle' });
  const exit = await car.stop();
  assert.equal(exit.code, 0);
});
