/**
 * The gateway of seed 004 (Node only: it uses node:dgram and node:fs): low-power nodes
 * send JSON-list datagrams over UDP (or any {@link NodeLink}) and the gateway holds the
 * MQTT connection for them. `node-client` (no Node APIs, no RxJS) is the node side, for
 * Node and Espruino.
 */
export { createGateway } from './create-gateway';
export type { Gateway, GatewayOptions } from './create-gateway';
export { startGateway } from './start-gateway';
export { runGatewayCommand, parseGatewayArgs, GATEWAY_USAGE } from './gateway-command';
export type { GatewayArgs, GatewayCommandIo } from './gateway-command';
export type { StartGatewayOptions, GatewayHandle } from './start-gateway';
export { DEFAULT_GATEWAY_CONFIG, parseGatewayConfig, loadGatewayConfig } from './gateway-config';
export type { GatewayConfig, PubIn, PubOut } from './gateway-config';
export type { GatewayEvent, GatewayErrorCode } from './gateway-event';
export type { GatewayStatus, StatusEvent } from './gateway-status';
export { formatNodeAddress, parseNodeAddress } from './node-link';
export type { NodeAddress, NodeDatagram, NodeLink } from './node-link';
export { udpNodeLink } from './udp-node-link';
export type { UdpNodeLink, UdpNodeLinkOptions } from './udp-node-link';
export { parseNodeDatagram } from './node-datagram';
export type { NodePublish, NodeSubscribe, NodeRequest, DatagramError, DatagramErrorCode } from './node-datagram';
export { encodeNodeMessage, ACK_DATAGRAM, OUT_DATAGRAM } from './node-message';
export { NodeQueue } from './node-queue';
export { createNodeClient } from './node-client';
export type { NodeClient, NodeClientOptions, NodeMessage, NodeSocket, NodeTimers, PublishStatus } from './node-client';
export { nodeUdpSocket } from './node-udp-socket';
export type { NodeUdpSocketOptions } from './node-udp-socket';
