import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isLoopback, loadAccessToken, presentedToken, tokenMatches } from './accessToken.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'minhos-token-'));
  dirs.push(d);
  return d;
};

describe('loadAccessToken', () => {
  it('generates a token once, stores it 0600, and returns the same one afterwards', () => {
    const dir = join(tmp(), 'data');
    const first = loadAccessToken(dir);
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    const second = loadAccessToken(dir);
    expect(second).toEqual({ ...first, created: false });
    expect(readFileSync(first.path, 'utf8').trim()).toBe(first.token);
  });

  it('tightens a readable token file to 0600 and rejects a malformed one naming the file', () => {
    const dir = tmp();
    const path = join(dir, 'api-token');
    writeFileSync(path, 'short');
    expect(() => loadAccessToken(dir)).toThrow(/api-token is malformed/);
    writeFileSync(path, `${'a'.repeat(40)}\n`);
    chmodSync(path, 0o644);
    expect(loadAccessToken(dir).token).toBe('a'.repeat(40));
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('compares tokens exactly and reads them from either header', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('ab', 'abc')).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
    expect(presentedToken({ authorization: 'Bearer xyz' })).toBe('xyz');
    expect(presentedToken({ authorization: 'Basic xyz' })).toBeUndefined();
    expect(presentedToken({ 'x-minhos-token': 'q' })).toBe('q');
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });
});
