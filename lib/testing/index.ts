/**
 * `rxmqtt/testing`: test your own MQTT logic in virtual time. A {@link VirtualBroker} (an
 * in-memory broker behind a transport), a client wired to it, and helpers that turn what
 * happens into marble values: packet letters, state labels, error shapes.
 */
export { VirtualBroker } from '../../adapters/virtual/virtual-broker';
export type { VirtualBrokerAnswers, VirtualBrokerOptions, ReceivedPacket, InjectOptions } from '../../adapters/virtual/virtual-broker';
export type { VirtualAuthAnswer, VirtualAuthScript, VirtualAuthStep } from '../../adapters/virtual/virtual-auth';
export { virtualClient } from './virtual-client';
export { PACKET_LETTERS, LETTERS, receivedLetters } from './packet-letters';
export { statusLabel, statusLabels } from './status-labels';
export { errorShape, shaped } from './error-shape';
export type { ErrorShape } from './error-shape';
export { connectAt, disconnectAt } from './scheduled-calls';
