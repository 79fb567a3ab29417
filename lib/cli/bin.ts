#!/usr/bin/env node
/**
 * The `rxmqtt` executable: `rxmqtt <sub|pub|bench|broker|gateway> [options]`.
 * Sets the exit status from {@link runCli}; if something still holds the event loop
 * a second after the command ended, exits anyway, so the CLI never hangs.
 */
import '../../adapters'; // registers the Node transports for mqtt:, mqtts:, ws:, wss:
import { createClient } from '../client/create-client';
import { runCli } from './main';
import { nodeIo } from './node-io';

runCli(process.argv.slice(2), nodeIo(createClient)).then((code) => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1000).unref();
});
