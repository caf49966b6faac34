// A live-stream client as Evolution's users write one, driven by the C# tests: it connects with socket.io-client
// (default options: long-polling first, then the upgrade to websocket) or with ws, and prints one JSON line per
// thing it sees: {"type":"connect"|"event"|"error"|"close", ...}. It runs until stdin closes or the timeout.
//   node stream-client.js socketio <url> '{"apikey":"...","since":"..."}' [timeoutMs]
//   node stream-client.js ws <url> '{"apikey":"...","pauseMs":2000}' [timeoutMs]
const [mode, url, optionsJson, timeoutMs] = process.argv.slice(2);
const options = JSON.parse(optionsJson || '{}');
const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');
setTimeout(() => process.exit(0), Number(timeoutMs || 60000));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();

if (mode === 'socketio') {
  const { io } = require('socket.io-client');
  // Evolution's clients pass the key in the query (browsers cannot set WebSocket headers).
  const query = { apikey: options.apikey };
  if (options.since) query.since = options.since;
  const socket = io(url, { query, reconnection: false });
  const transport = () => socket.io.engine && socket.io.engine.transport ? socket.io.engine.transport.name : null;
  socket.on('connect', () => print({ type: 'connect', transport: transport() }));
  socket.io.on('open', () => {
    print({ type: 'open', transport: transport() });
    socket.io.engine.on('upgrade', (t) => print({ type: 'upgrade', transport: t.name }));
  });
  socket.onAny((event, payload) => print({ type: 'event', event, transport: transport(), payload }));
  socket.on('connect_error', (e) => print({ type: 'error', message: e.message }));
  socket.on('disconnect', (reason) => print({ type: 'close', reason }));
} else if (mode === 'ws') {
  const WebSocket = require('ws');
  const headers = options.header ? { apikey: options.apikey } : {};
  const ws = new WebSocket(url, { headers });
  ws.on('open', () => {
    print({ type: 'connect', transport: 'websocket' });
    if (options.pauseMs) {
      // A slow consumer: stop reading from the socket for a while, then read what arrived.
      ws._socket.pause();
      setTimeout(() => ws._socket.resume(), options.pauseMs);
    }
  });
  ws.on('message', (data, isBinary) => {
    const text = data.toString();
    print({ type: 'event', binary: isBinary, event: JSON.parse(text).event, payload: JSON.parse(text) });
  });
  ws.on('unexpected-response', (req, res) => {
    let body = '';
    res.on('data', (c) => (body += c));
    res.on('end', () => print({ type: 'error', status: res.statusCode, message: body }));
  });
  ws.on('error', (e) => print({ type: 'error', message: e.message }));
  ws.on('close', (code, reason) => print({ type: 'close', code, reason: reason.toString() }));
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
