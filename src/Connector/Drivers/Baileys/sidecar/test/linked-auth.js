#!/usr/bin/env node
// Prints a serialized auth state that crabline accepts as linked (fresh creds with creds.me set), for tests
// outside Node (the C# driver tests): node test/linked-auth.js 15550000000@s.whatsapp.net
import { linkedAuth } from './support.js';

const selfJid = process.argv[2];
if (!selfJid || !selfJid.includes('@')) {
  process.stderr.write('usage: node test/linked-auth.js <selfJid>\n');
  process.exit(2);
}
process.stdout.write(linkedAuth(selfJid) + '\n');
