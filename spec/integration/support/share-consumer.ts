/**
 * A consumer process for the shared-subscription spec: connects to
 * `mqtt://127.0.0.1:<port>`, observes `client.topic(<filter>, { qos: 1 })` and writes
 * each payload on its own line. Exits when killed.
 *
 * Usage: node share-consumer.js <port> <clientId> <filter>
 */
import { createClient } from '../../../lib/client/create-client';
import '../../../adapters/node-schemes';

const [port, clientId, filter] = process.argv.slice(2);
const client = createClient({ url: 'mqtt://127.0.0.1:' + port, clientId, keepalive: 10 });
const decoder = new TextDecoder();
client.topic(filter, { qos: 1 }).subscribe({
  next: (m) => process.stdout.write(decoder.decode(m.payload) + '\n'),
  error: (e: Error) => {
    process.stderr.write('topic error: ' + e.message + '\n');
    process.exit(1);
  },
});
client.connect().subscribe({
  error: (e: Error) => {
    process.stderr.write('connect error: ' + e.message + '\n');
    process.exit(1);
  },
});
