// JSON for what Baileys hands out: Buffers and byte arrays as BufferJSON does ({type:'Buffer', data:base64}),
// protobufjs Longs as numbers, so the other side reads plain JSON.
import { BufferJSON } from 'baileys';

const isLong = (value) =>
  value !== null && typeof value === 'object' && typeof value.low === 'number' && typeof value.high === 'number' && typeof value.toNumber === 'function';

export function replacer(key, value) {
  if (isLong(value)) return value.toNumber();
  if (typeof value === 'bigint') return Number(value);
  return BufferJSON.replacer(key, value);
}

export const stringify = (value) => JSON.stringify(value, replacer);

/** Turns `{"$base64": "..."}` leaves of a request into Buffers (media sent inline). */
export function reviveBytes(value) {
  if (Array.isArray(value)) return value.map(reviveBytes);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '$base64' && typeof value.$base64 === 'string') return Buffer.from(value.$base64, 'base64');
  return Object.fromEntries(keys.map((k) => [k, reviveBytes(value[k])]));
}
