import type { Config } from 'jest';

/**
 * The RabbitMQ cluster suite (`npm run test:rabbitmq`): starts a three-node RabbitMQ
 * cluster with its MQTT plugin on loopback (Debian's rabbitmq-server), runs
 * spec/rabbitmq/, tears the cluster down. Not part of `npm test`: it needs
 * rabbitmq-server and takes a few minutes.
 */
const config: Config = {
  displayName: 'rabbitmq',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  testMatch: ['<rootDir>/spec/rabbitmq/**/*.spec.ts'],
  testTimeout: 240000,
};

export default config;
