import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The dashboard in a real browser (Debian's chromium, driven by playwright-core) against
// `minhos serve` on the embedded default, started here as a child process on a free port with a
// temporary data folder. Screenshots of every section go to packages/server/.artifacts/.

const CHROMIUM = process.env.MINHOS_CHROMIUM ?? '/usr/bin/chromium';
const pkg = fileURLToPath(new URL('../../', import.meta.url));
const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const artifacts = join(pkg, '.artifacts');
const SECTIONS = [
  'status-bar',
  'trading-control',
  'market',
  'ai-transparency',
  'risk',
  'decision-inspector',
  'decision-quality',
  'rollover',
  'performance',
  'modules',
  'ml',
  'backtests',
  'chat',
  'critical-systems',
];

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** True when `dist/web` is missing or older than the app's sources. */
function webBuildStale(): boolean {
  const built = join(pkg, 'dist', 'web', 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(newest(join(pkg, 'web', 'src')), statSync(join(pkg, 'web', 'index.html')).mtimeMs);
  return sources > statSync(built).mtimeMs;
}

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: string[];
}

/** Starts `minhos serve` from the sources (the code under test) and resolves once it listens. */
function startServer(port: number, data: string): Promise<Running> {
  // One process (tsx as an --import loader, not its CLI, which would put the server in a
  // grandchild that a kill of the child does not reach).
  const child = spawn(
    process.execPath,
    [
      '--import',
      pathToFileURL(join(repo, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
      join(pkg, 'src', 'bin.ts'),
      'serve',
      '--port',
      String(port),
      '--data',
      data,
    ],
    {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', TSX_TSCONFIG_PATH: join(pkg, 'tsconfig.json') },
    },
  );
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`minhos serve did not start within 60 s:\n${output.join('')}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const text = output.join('');
      const m = /API\s+(http:\/\/[^\s]+)\/api\/status/.exec(text);
      if (m !== null && text.includes('Ctrl-C stops.')) {
        clearTimeout(timer);
        resolve({ child, url: m[1] as string, output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`minhos serve exited with ${code} before listening:\n${output.join('')}`));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last === undefined ? '' : `: ${String(last)}`}`,
  );
}

describe('dashboard end to end (chromium + minhos serve)', () => {
  let server: Running;
  let browser: Browser;
  let page: Page;
  let data: string;
  let token: string;
  let routes: Set<string>;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];

  const api = async <T>(path: string, init?: { method: string; body?: unknown }): Promise<T> => {
    const r = await fetch(`${server.url}${path}`, {
      method: init?.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init?.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init?.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return (await r.json()) as T;
  };
  const shot = async (name: string) => {
    // From the top: a full-page capture scrolled down draws the sticky status bar mid-page.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `chromium not found at ${CHROMIUM}: install Debian's chromium (npm test does) or set MINHOS_CHROMIUM`,
      );
    if (webBuildStale()) {
      // The dashboard is a build output (npm test builds first); rebuild it when the sources are newer.
      const vite = spawnSync(
        process.execPath,
        [
          join(pkg, 'node_modules', 'vite', 'bin', 'vite.js'),
          'build',
          '--config',
          'web/vite.config.ts',
          '--logLevel',
          'warn',
        ],
        // vitest runs with NODE_ENV=test, which would make vite pick the libraries' development builds.
        { cwd: pkg, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
      );
      if (vite.status !== 0) throw new Error(`vite build failed:\n${vite.stderr}`);
    }
    rmSync(artifacts, { recursive: true, force: true });
    mkdirSync(artifacts, { recursive: true });
    data = mkdtempSync(join(tmpdir(), 'minhos-e2e-'));
    server = await startServer(0, data);
    token = readFileSync(join(data, 'api-token'), 'utf8').trim();
    const doc = await api<{ paths: Record<string, Record<string, unknown>> }>('/api/docs/json');
    routes = new Set(
      Object.entries(doc.paths).flatMap(([p, m]) => Object.keys(m).map((x) => `${x.toUpperCase()} ${p}`)),
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/`);
    // Element captures scroll a section under the sticky status bar: unstick it for the pictures.
    await page.addStyleTag({ content: '#status-bar { position: static !important; }' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    const child = server?.child;
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (data !== undefined) rmSync(data, { recursive: true, force: true });
  });

  it('redirects / to the dashboard, connects live and shows the paper/simulated banner, with no console errors', async () => {
    expect(page.url()).toBe(`${server.url}/dashboard/`);
    await page.getByTestId('connection').filter({ hasText: 'online' }).waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('banner').textContent()).resolves.toMatch(/SIMULATED FEED \/ PAPER/);
    await page.getByTestId('status-mode').filter({ hasText: 'full_auto' }).waitFor({ timeout: 10_000 });
    // Let every section load and poll once.
    await page.waitForTimeout(3000);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await shot('01-loaded');
  }, 60_000);

  it('fills the chart with replayed bars and shows a fill marker from the paper broker', async () => {
    const chart = page.locator('#market [data-testid=chart]');
    await until(
      'bars on the chart',
      async () => Number(await chart.getAttribute('data-bars')) > 50 || undefined,
      30_000,
    );
    const markers = await until(
      'a fill marker on the chart',
      async () => {
        const n = Number(await chart.getAttribute('data-markers'));
        return n > 0 ? n : undefined;
      },
      100_000,
    );
    const fills = await api<{ trades: unknown[] }>('/api/trading/history?limit=500');
    expect(fills.trades.length).toBeGreaterThanOrEqual(markers);
    // While a position is open its bracket works at the broker: the chart draws both legs.
    const lines = await until(
      'the working bracket drawn on the chart',
      async () => {
        const drawn = (await chart.getAttribute('data-lines')) ?? '';
        return drawn.includes('stop:') && drawn.includes('target:') ? drawn : undefined;
      },
      60_000,
    );
    const working = await api<{
      orders: { order_type: string; price: number | null; stop_price: number | null }[];
    }>('/api/trading/orders?status=all&limit=500');
    await page.locator('#market').screenshot({ path: join(artifacts, 'section-market-bracket.png') });
    const stop = /stop:([\d.]+)/.exec(lines)?.[1];
    expect(working.orders.some((o) => o.order_type === 'STOP' && String(o.stop_price) === stop)).toBe(true);
    await page.locator('#market').screenshot({ path: join(artifacts, 'section-market.png') });
  }, 150_000);

  it('switches the mode through the UI with the token kept for the tab; the engine has it (API)', async () => {
    await page.fill('input[name=token]', token);
    await page.click('form.token button[type=submit]');
    await page.getByRole('button', { name: 'forget token' }).waitFor();
    await page.click('#trading-control button[data-mode=manual]');
    await until(
      'mode manual over the API',
      async () => ((await api<{ mode: string }>('/api/trading/mode')).mode === 'manual' ? true : undefined),
      10_000,
    );
    await page.getByTestId('status-mode').filter({ hasText: 'manual' }).waitFor({ timeout: 10_000 });
  }, 30_000);

  it('runs an emergency stop through the UI with confirmation and its level, then an audited recovery', async () => {
    // By keyboard: the stop is a native button, reachable with Tab and pressed with Enter.
    await page.getByRole('button', { name: 'EMERGENCY STOP' }).focus();
    await page.keyboard.press('Enter');
    await page.selectOption('#trading-control select[name=level]', 'cancel_all');
    await page.fill('#trading-control input[name=reason]', 'e2e: stop from the dashboard');
    await page.getByRole('button', { name: 'Confirm stop' }).click();
    await until(
      'emergency level cancel_all over the API',
      async () =>
        (await api<{ level: string }>('/api/trading/emergency')).level === 'cancel_all' ? true : undefined,
      10_000,
    );
    await page.getByTestId('status-level').filter({ hasText: 'cancel_all' }).waitFor({ timeout: 10_000 });
    await page
      .locator('#trading-control')
      .screenshot({ path: join(artifacts, 'section-trading-control-emergency.png') });
    await page.fill('#trading-control input[name=recover-reason]', 'e2e: checked, back to normal');
    await page.getByRole('button', { name: 'Recover to normal' }).click();
    const after = await until(
      'recovery over the API',
      async () => {
        const e = await api<{ level: string; history: { kind: string; detail: unknown }[] }>(
          '/api/trading/emergency',
        );
        return e.level === 'normal' ? e : undefined;
      },
      10_000,
    );
    expect(JSON.stringify(after.history)).toMatch(/e2e: checked, back to normal/);
  }, 40_000);

  it('approves a pending order in semi_auto through the UI', async (ctx) => {
    if (!routes.has('GET /api/trading/approvals')) ctx.skip();
    await page.click('#trading-control button[data-mode=semi_auto]');
    await until(
      'mode semi_auto over the API',
      async () =>
        (await api<{ mode: string }>('/api/trading/mode')).mode === 'semi_auto' ? true : undefined,
      10_000,
    );
    // An approval lives approvalTimeoutSeconds (60) on the replay clock: about a second of wall
    // time at 60x. Click as soon as one shows; an expired one is tried again with the next signal.
    let pictured = false;
    const approved = await until(
      'an approval accepted through the UI',
      async () => {
        const button = page.locator('[data-approval] button', { hasText: 'Approve' }).first();
        await button.waitFor({ timeout: 5000 });
        if (!pictured) {
          // The approvals block alone, with a request waiting (its countdown, approve / reject).
          await page
            .getByTestId('approvals')
            .screenshot({ path: join(artifacts, 'section-approvals-pending.png'), timeout: 2000 })
            .then(
              () => {
                pictured = true;
              },
              () => {},
            );
        }
        const id = await page.locator('[data-approval]').first().getAttribute('data-approval');
        await button.click({ timeout: 2000 });
        const ok = await page
          .getByRole('status')
          .filter({ hasText: `${id} approved` })
          .waitFor({ timeout: 3000 })
          .then(
            () => true,
            () => false,
          );
        return ok ? (id as string) : undefined;
      },
      100_000,
    );
    const decision = await api<{ outcome: string; orders: { status: string }[] }>(
      `/api/decisions/${encodeURIComponent(approved)}`,
    );
    expect(decision.outcome).not.toBe('pending_approval');
    expect(decision.orders.length).toBeGreaterThan(0);
  }, 130_000);

  it('opens a recorded decision in the decision inspector', async () => {
    const select = page.locator('#decision-inspector select[name=decision]');
    const first = await until(
      'a decision in the inspector list',
      async () =>
        (await select.locator('option').nth(1).getAttribute('value', { timeout: 1000 })) ?? undefined,
      30_000,
    );
    await select.selectOption(first);
    const detail = page.getByTestId('decision-detail');
    await detail.filter({ hasText: first }).waitFor({ timeout: 10_000 });
    await expect(detail.textContent()).resolves.toMatch(/target/);
    await page
      .locator('#decision-inspector')
      .screenshot({ path: join(artifacts, 'section-decision-inspector.png') });
  }, 45_000);

  it('runs a backtest on the stored bars from the UI and shows its stats table, equity and trades', async (ctx) => {
    if (!routes.has('POST /api/backtests')) ctx.skip();
    await page.getByRole('button', { name: /Run SMA 10\/30/ }).click();
    const stats = page.getByTestId('backtest-stats');
    await stats.waitFor({ timeout: 60_000 });
    await expect(stats.textContent()).resolves.toMatch(/Return/i);
    const list = await api<{ backtests: { id: string; status: string }[] }>('/api/backtests');
    expect(list.backtests[0]?.status).toBe('done');
    await page.locator('#backtests').screenshot({ path: join(artifacts, 'section-backtests.png') });
  }, 90_000);

  it('runs an AI pipeline backtest from the UI and opens one of its decisions in the inspector', async (ctx) => {
    if (!routes.has('GET /api/backtests/{id}/decisions')) ctx.skip();
    // By keyboard: the strategy picker and the run button are native controls.
    await page.locator('#backtests select[name=strategy]').focus();
    await page.locator('#backtests select[name=strategy]').selectOption('ai');
    await page.keyboard.press('Tab');
    await expect(page.evaluate<string>("document.activeElement?.textContent ?? ''")).resolves.toMatch(
      /Run AI pipeline/,
    );
    await page.keyboard.press('Enter');
    const line = page.getByTestId('backtest-decisions');
    await line.waitFor({ timeout: 90_000 });
    await expect(line.textContent()).resolves.toMatch(/\d+ decisions in full_auto/);
    const list = await api<{ backtests: { id: string; status: string; summary?: { decisions?: number } }[] }>(
      '/api/backtests',
    );
    const job = list.backtests.find((b) => (b.summary?.decisions ?? 0) > 0);
    expect(job?.status).toBe('done');
    await page.locator('#backtests').screenshot({ path: join(artifacts, 'section-backtests-ai.png') });

    const inspector = page.locator('#decision-inspector');
    const source = inspector.locator('select[name=source]');
    await source.locator(`option[value="${job?.id}"]`).waitFor({ state: 'attached', timeout: 15_000 });
    await source.selectOption(job?.id as string);
    const select = inspector.locator('select[name=decision]');
    await until(
      'the backtest decisions in the inspector list',
      async () =>
        /pick one of .*\d/.test((await select.locator('option').first().textContent()) ?? '') &&
        (await select.locator('option').count()) > 1
          ? true
          : undefined,
      15_000,
    );
    const listed = await api<{ decisions: { id: string; action: string }[] }>(
      `/api/backtests/${job?.id}/decisions?limit=100`,
    );
    const executed = listed.decisions.find((d) => d.action === 'executed') ?? listed.decisions[0];
    await select.selectOption(executed?.id as string);
    const detail = page.getByTestId('decision-detail');
    await detail.filter({ hasText: executed?.id as string }).waitFor({ timeout: 10_000 });
    const members = detail.getByTestId('decision-members');
    await members.waitFor({ timeout: 5000 });
    await expect(members.locator('tbody th').allTextContents()).resolves.toEqual([
      'sma-crossover',
      'traditional-ta',
      'model',
    ]);
    await expect(detail.textContent()).resolves.toMatch(/sizing: \d+ contracts?/);
    await inspector.screenshot({ path: join(artifacts, 'section-decision-inspector-backtest.png') });
    // Back to live: the live list again.
    await source.selectOption('live');
    await page.getByTestId('decision-detail').waitFor({ state: 'detached', timeout: 5000 });
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 150_000);

  it('answers "status" in the chat', async (ctx) => {
    if (![...routes].some((r) => r.includes('/api/chat'))) ctx.skip();
    const input = page.locator('#chat input[name=chat]');
    await page.locator('#chat button[type=submit]:not([disabled])').waitFor({ timeout: 15_000 });
    const before = await page.locator('#chat li.msg').count();
    await input.fill('status');
    await input.press('Enter');
    await until(
      'a chat answer',
      async () =>
        (await page.locator('#chat li.msg:not(.user)').count()) > 0 &&
        (await page.locator('#chat li.msg').count()) >= before + 2
          ? true
          : undefined,
      15_000,
    );
    await expect(page.locator('#chat li.msg:not(.user)').last().textContent()).resolves.toMatch(
      /mode|status|running/i,
    );
  }, 30_000);

  it('shows the whole stored equity history and the ML backend, versions and baselines', async () => {
    const history = await api<{ fills: number; points: { equity: number }[] }>(
      '/api/performance/equity?points=1500',
    );
    expect(history.fills).toBeGreaterThan(0);
    await page
      .locator('#performance h3', { hasText: `whole history: ` })
      .first()
      .waitFor({ timeout: 40_000 });
    const ml = page.locator('#ml');
    await ml.getByText(/LSTM inference (wasm-simd|js)/).waitFor({ timeout: 20_000 });
    const status = await api<{ state: string; fusion: { state: string | null } }>('/api/ml/status');
    expect(status.fusion.state).not.toBe(status.state === 'not_deployed' ? 'untrained' : '-');
  }, 60_000);

  it('saves a screenshot of every section, on a 1280 px and a laptop screen', async () => {
    for (const id of SECTIONS) {
      const section = page.locator(`#${id}`);
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: join(artifacts, `section-${id}.png`) });
    }
    // The approvals block inside trading control, on its own.
    await page.getByTestId('approvals').screenshot({ path: join(artifacts, 'section-approvals.png') });
    await shot('02-all-1280');
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot('03-all-laptop-1440');
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('shows the offline state when the server is killed and recovers when it is back', async () => {
    const port = new URL(server.url).port;
    const old = server.child;
    const gone = new Promise((r) => old.once('exit', r));
    old.kill('SIGKILL');
    await gone;
    await page.getByTestId('offline').filter({ hasText: 'OFFLINE' }).waitFor({ timeout: 15_000 });
    // The last status seen says nothing about now: feed and broker read unknown while offline.
    await expect(page.locator('#status-bar').textContent()).resolves.toMatch(
      /feed: unknown.*broker: unknown/,
    );
    await shot('04-offline');
    server = await startServer(Number(port), data);
    await page.getByTestId('connection').filter({ hasText: 'online' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('offline').waitFor({ state: 'detached', timeout: 10_000 });
    // Resynced: the fresh server's state (a new run starts in full_auto) replaces the old one, on
    // the live topics and in the REST-polled panels (the new run's audit trail is empty).
    await page.getByTestId('status-mode').filter({ hasText: 'full_auto' }).waitFor({ timeout: 15_000 });
    await page
      .locator('#trading-control')
      .filter({ hasText: 'no emergency or recovery yet' })
      .waitFor({ timeout: 15_000 });
    await until(
      'bars again after the restart',
      async () =>
        Number(await page.locator('#market [data-testid=chart]').getAttribute('data-bars')) > 50 || undefined,
      30_000,
    );
    await shot('05-recovered');
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
