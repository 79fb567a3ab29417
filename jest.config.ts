import type { Config } from 'jest';

const tsJest = { '^.+\\.ts$': ['ts-jest', {}] as [string, Record<string, unknown>] };

/**
 * Two projects: `unit` (virtual transport, marble tests, codec fixtures) and
 * `integration` (a private mosquitto on a free loopback port, started by the
 * global setup and stopped by the global teardown).
 */
const config: Config = {
  testTimeout: 30000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/spec/**/*.spec.ts'],
      testPathIgnorePatterns: ['<rootDir>/spec/integration/', '<rootDir>/spec/rabbitmq/'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform: tsJest,
      testMatch: ['<rootDir>/spec/integration/**/*.spec.ts'],
      globalSetup: '<rootDir>/spec/integration/support/global-setup.ts',
      globalTeardown: '<rootDir>/spec/integration/support/global-teardown.ts',
    },
  ],
};

export default config;
