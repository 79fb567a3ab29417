/** Transport adapters of rxmqtt, one per file. */
export { espruinoTransport } from './espruino';
export type {
  EspruinoTransportOptions,
  EspruinoSocket,
  EspruinoNetModule,
  EspruinoConnectOptions,
  EspruinoModuleLoader,
} from './espruino';
export { bytesFromBinaryString, binaryStringFromBytes } from './espruino-bytes';
export type { EspruinoE } from './espruino-bytes';
