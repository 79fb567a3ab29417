/// <reference types="node" />
/**
 * `rxmqtt/gateway`: the gateway of seed 004 (Node: it uses node:dgram, node:fs and
 * node:crypto) and the node client (no Node APIs, no RxJS; runs on Espruino too).
 * Low-power nodes send JSON-list datagrams over UDP (or any {@link NodeLink}), each an
 * authenticated frame (HMAC-SHA256 under the node's pre-shared key, an epoch and a
 * counter), and the gateway holds the MQTT connection for them.
 *
 * @example
 * ```ts
 * import { createNodeClient, nodeUdpSocket } from 'rxmqtt/gateway';
 * const node = createNodeClient({ socket: nodeUdpSocket({ gateway: '192.168.0.2:8266' }), nodeId: 'shed', key: SHED_KEY });
 * node.publish('nodes/shed/temp', '21.5', { qos: 1, ack: true }).then((status) => console.log(status));
 * ```
 */
export { createGateway } from './create-gateway';
export type { Gateway, GatewayOptions } from './create-gateway';
export { startGateway } from './start-gateway';
export type { StartGatewayOptions, GatewayHandle } from './start-gateway';
export { DEFAULT_GATEWAY_CONFIG, parseGatewayConfig } from './gateway-config';
export type { GatewayConfig, NodeEntry, PubIn, PubOut } from './gateway-config';
export type { GatewayEvent, GatewayErrorCode } from './gateway-event';
export type { GatewayStatus, StatusEvent } from './gateway-status';
export type { NodeAddress, NodeDatagram, NodeLink } from './node-link';
export type { DatagramErrorCode } from './node-datagram';
export { createNodeClient } from './node-client';
export type { NodeClient, NodeClientOptions, NodeMessage, NodeSocket, NodeTimers, PublishStatus, NodeSession } from './node-client';
export { composeHmacSha256 } from './hmac-sha256';
export type { HmacSha256, Sha256 } from './hmac-sha256';
export { udpNodeLink } from '../../adapters/udp-node-link';
export type { UdpNodeLink, UdpNodeLinkOptions } from '../../adapters/udp-node-link';
export { nodeUdpSocket } from '../../adapters/udp-node-socket';
export type { ClosableNodeSocket } from '../../adapters/udp-node-socket';
export type { NodeUdpSocketOptions } from '../../adapters/udp-node-socket';
export { nodeHmacSha256 } from '../../adapters/node-hmac-sha256';
export { nextGatewayEpoch } from '../../adapters/gateway-epoch-file';
