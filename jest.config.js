// Jest runs the TypeScript tests through Babel's TypeScript preset: types are stripped, not
// checked (`npm test` runs the TypeScript 7 compiler first). ts-jest cannot run on TypeScript 7,
// which has no JS API; Babel, unlike SWC or esbuild, needs no platform-specific binary, so the
// lock file installs with `npm ci` on every platform.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      'babel-jest',
      {
        babelrc: false,
        configFile: false,
        presets: ['@babel/preset-typescript'],
        plugins: ['@babel/plugin-transform-modules-commonjs'],
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // A folder per run where the files that read every preset share its synthesis.
  globalSetup: '<rootDir>/__tests__/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/helpers/global-teardown.ts',
  testTimeout: 30000,
  // One worker per core, not Jest's cores - 1: the longest file (terraform/plan.test.ts) spends its
  // time waiting on Terraform subprocesses, so on 2 cores a second worker runs the other files
  // meanwhile (measured: full run 115 s instead of 167 s on a loaded 2-core machine).
  maxWorkers: '100%',
};
