// The small logger Baileys takes (pino's shape), writing JSON lines to stderr: stdout belongs to the protocol.
const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/**
 * @param {string} level
 * @param {Record<string, unknown>} [bindings]
 * @param {(line: string) => void} [write]
 */
export function makeLogger(level = 'warn', bindings = {}, write = (line) => process.stderr.write(line + '\n')) {
  const threshold = LEVELS[level] ?? LEVELS.warn;
  const at = (name) => (obj, msg) => {
    if (LEVELS[name] < threshold) return;
    const fields = typeof obj === 'object' && obj !== null ? obj : { msg: String(obj) };
    const text = typeof msg === 'string' ? msg : undefined;
    try {
      write(JSON.stringify({ level: name, time: Date.now(), ...bindings, ...flatten(fields), ...(text ? { msg: text } : {}) }));
    } catch {
      // A log record that cannot be serialized is dropped, never thrown into Baileys.
    }
  };
  return {
    level,
    child: (more) => makeLogger(level, { ...bindings, ...more }, write),
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
  };
}

const flatten = (fields) =>
  fields instanceof Error ? { err: fields.message } : Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? v.message : v]));
