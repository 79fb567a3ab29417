/**
 * The browser entry of rxmqtt, built into `dist/rxmqtt.browser.min.js` (one minified
 * ESM file with the parts of RxJS it uses, no Node polyfills). Same exports as the
 * package root (`lib/index.ts`; a spec keeps the two lists equal), without the Node
 * transports.
 */
export * from './errors';
export * from './codec/packet';
export * from './client/types';
export * from './client/transport';
