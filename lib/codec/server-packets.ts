/**
 * The packets only a server receives or sends, in one place: the decoders of CONNECT,
 * SUBSCRIBE and UNSUBSCRIBE and the encoders of CONNACK, SUBACK and UNSUBACK (MQTT 3.1.1
 * and 5). A client never uses them, so the browser bundle swaps this module for
 * server-packets.browser.ts, whose stand-ins refuse with a coded error.
 */
export { decodeConnect } from './decode-connect';
export { decodeSubscribe, decodeUnsubscribe } from './decode-subscribe';
export { decodeSubscribe5, decodeUnsubscribe5 } from './decode-subscribe5';
export { encodeConnack } from './encode-connect';
export { encodeSuback } from './encode-subscribe';
export { encodeConnack5, encodeSubscribeAck5 } from './encode-acks5';
