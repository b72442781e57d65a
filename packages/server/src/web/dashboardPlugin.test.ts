import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { dashboardPlugin, findDashboardRoot } from './dashboardPlugin.js';

function builtApp(): string {
  const root = mkdtempSync(join(tmpdir(), 'minhos-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(join(root, 'assets', 'index-Ab12Cd34.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'not for the web');
  return root;
}

const apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

async function serve(root: string | undefined) {
  const app = Fastify();
  apps.push(app);
  await app.register(dashboardPlugin, root === undefined ? {} : { root });
  return app;
}

describe('dashboardPlugin', () => {
  it('redirects / to /dashboard/ and serves index.html there with no-cache', async () => {
    const app = await serve(builtApp());
    const root = await app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/dashboard/');
    const bare = await app.inject({ method: 'GET', url: '/dashboard' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/dashboard/');
    const page = await app.inject({ method: 'GET', url: '/dashboard/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('id="app"');
  });

  it('serves hashed assets as immutable for a year', async () => {
    const app = await serve(builtApp());
    const js = await app.inject({ method: 'GET', url: '/dashboard/assets/index-Ab12Cd34.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.body).toBe('console.log(1)');
  });

  it('answers client-side paths with the app (SPA fallback) but a missing asset with 404', async () => {
    const app = await serve(builtApp());
    const deep = await app.inject({ method: 'GET', url: '/dashboard/decisions/d-7?x=1' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('id="app"');
    expect(deep.headers['cache-control']).toBe('no-cache');
    const missing = await app.inject({ method: 'GET', url: '/dashboard/assets/nope-123.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('id="app"');
  });

  it('never serves a file outside the assets folder through the asset route', async () => {
    const app = await serve(builtApp());
    for (const url of ['/dashboard/assets/../secret.txt', '/dashboard/assets/%2e%2e/secret.txt']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.body).not.toContain('not for the web');
    }
  });

  it('says how to build the dashboard when it is not built (503), and still redirects /', async () => {
    const app = await serve(mkdtempSync(join(tmpdir(), 'minhos-web-empty-')));
    const r = await app.inject({ method: 'GET', url: '/dashboard/' });
    expect(r.statusCode).toBe(503);
    expect(r.json().error.code).toBe('DASHBOARD_NOT_BUILT');
    expect(r.json().error.message).toMatch(/pnpm --filter @minhos\/server build/);
    expect((await app.inject({ method: 'GET', url: '/dashboard/x' })).statusCode).toBe(503);
    expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(302);
  });

  it('finds dist/web next to the bundled server and from the sources', () => {
    const pkg = mkdtempSync(join(tmpdir(), 'minhos-pkg-'));
    mkdirSync(join(pkg, 'dist', 'web'), { recursive: true });
    mkdirSync(join(pkg, 'src', 'web'), { recursive: true });
    writeFileSync(join(pkg, 'dist', 'web', 'index.html'), '<!doctype html>');
    const expected = join(pkg, 'dist', 'web');
    expect(findDashboardRoot(pathToFileURL(join(pkg, 'dist', 'bin.js')).href)).toBe(`${expected}/`);
    expect(findDashboardRoot(pathToFileURL(join(pkg, 'src', 'web', 'dashboardPlugin.ts')).href)).toBe(
      `${expected}/`,
    );
    expect(findDashboardRoot(pathToFileURL(join(tmpdir(), 'nowhere', 'x', 'y.js')).href)).toBeUndefined();
  });
});
