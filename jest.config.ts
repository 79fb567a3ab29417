import type { Config } from 'jest';

/**
 * TypeScript through ts-jest; aedes (the embedded broker of the demo, the examples and
 * `rxmqtt broker`) ships only ES modules, which jest's CommonJS runtime cannot require,
 * so its files are turned into CommonJS by babel-jest.
 */
const transform = {
  '^.+\\.ts$': ['ts-jest', {}] as [string, Record<string, unknown>],
  '/node_modules/aedes/.+\\.js$': [
    'babel-jest',
    { babelrc: false, configFile: false, presets: [['@babel/preset-env', { targets: { node: 'current' }, modules: 'commonjs' }]] },
  ] as [string, Record<string, unknown>],
};
const transformIgnorePatterns = ['/node_modules/(?!aedes/)'];

/**
 * Two projects: `unit` (virtual transport, marble tests, codec fixtures) and
 * `integration` (a private mosquitto on a free loopback port, started by the
 * global setup and stopped by the global teardown).
 */
const config: Config = {
  testTimeout: 30000,
  // On a 2-core machine jest runs the specs in its own process; the esbuild services that
  // build specs start there (bundles, bench workers, the dashboard) can keep it alive after
  // the last spec, so it exits once the run is over instead of waiting for them.
  forceExit: true,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/spec/**/*.spec.ts'],
      testPathIgnorePatterns: ['<rootDir>/spec/integration/', '<rootDir>/spec/rabbitmq/'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/spec/integration/**/*.spec.ts'],
      globalSetup: '<rootDir>/spec/integration/support/global-setup.ts',
      globalTeardown: '<rootDir>/spec/integration/support/global-teardown.ts',
    },
  ],
};

export default config;
