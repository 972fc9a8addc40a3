// npm run addresses: what it prints is what the committed lists hold, and bad input is a message.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'addresses.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

test('it prints a preset\'s addresses exactly as its committed list has them', () => {
  const r = run('chapter04');
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(readFileSync(join(ROOT, '__tests__', '__fixtures__', 'addresses', 'chapter04.txt'), 'utf8'));
});

test.each([
  [['nope'], 1, `'EKS_PRESET' ("nope") is not a preset`],
  [[], 2, 'usage: npm run addresses -- <preset> [--write]'],
  [['chapter04', 'chapter05'], 2, 'usage: npm run addresses -- <preset> [--write]'],
])('throws on arguments %j with exit %i and a message, no stack trace', (args, status, message) => {
  const r = run(...args);
  expect(r.status).toBe(status);
  expect(r.stderr).toContain(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stdout).toBe('');
});
