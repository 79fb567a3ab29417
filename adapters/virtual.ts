/**
 * The virtual transport: an in-memory broker for marble tests in virtual time and for
 * running an application with no broker (simulation mode).
 */
export { VirtualBroker } from './virtual/virtual-broker';
export type { VirtualBrokerAnswers, VirtualBrokerOptions, ReceivedPacket, InjectOptions } from './virtual/virtual-broker';
export type { VirtualAuthAnswer, VirtualAuthScript, VirtualAuthStep } from './virtual/virtual-auth';
export { VirtualLink } from './virtual/virtual-link';
