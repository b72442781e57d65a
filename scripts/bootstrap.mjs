#!/usr/bin/env node
// The two commands of the README. Each brings a fresh machine (Node 20 + npm, nothing else) to a
// working state by itself: pinned pnpm, dependencies, build — then runs.
//   npm start  → node scripts/bootstrap.mjs start   (`minhos serve` on the embedded default)
//   npm test   → node scripts/bootstrap.mjs test
// No dependency of its own: it must run before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runForwardingSignals } from './runForwardingSignals.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = String(pkg.packageManager).replace(/^pnpm@/, '');
const [command = 'test', ...rest] = process.argv.slice(2);

function log(message) {
  console.log(`\n▶ ${message}`);
}

function run(bin, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(bin, args, { cwd: root, stdio: 'inherit', env: process.env, ...options });
  if (result.error) {
    console.error(`✖ could not run ${bin}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`✖ ${[bin, ...args].join(' ')} failed with exit code ${result.status ?? result.signal}`);
    process.exit(result.status ?? 1);
  }
  return (Date.now() - started) / 1000;
}

function versionOf(bin) {
  const r = spawnSync(bin, ['--version'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * pnpm at the pinned version: the one on PATH if it matches, else a private copy under .tools/,
 * whose bin directory then goes first on PATH so scripts that call `pnpm` find the same one.
 */
function ensurePnpm() {
  if (versionOf('pnpm') === pnpmVersion) return 'pnpm';
  const bin = join(root, '.tools', 'node_modules', '.bin');
  const local = join(bin, 'pnpm');
  if (!existsSync(local) || versionOf(local) !== pnpmVersion) {
    log(`installing pnpm@${pnpmVersion} into .tools/ (npm registry)`);
    run('npm', [
      'install',
      '--prefix',
      join(root, '.tools'),
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `pnpm@${pnpmVersion}`,
    ]);
  }
  process.env.PATH = `${bin}${delimiter}${process.env.PATH ?? ''}`;
  return local;
}

const report = join(root, 'node_modules', '.cache', 'minhos', 'vitest-report.json');

/** One plain closing line (`N passed, N failed`) that any CI can read, from vitest's JSON report. */
let testSummary;
function summarizeTests(file) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  testSummary = `vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function builtUpToDate() {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir).every((name) => {
    const dir = join(packagesDir, name);
    const built = join(dir, 'dist', 'index.js');
    if (!existsSync(join(dir, 'package.json'))) return true;
    if (!existsSync(built)) return false;
    const sources = ['src', 'package.json', 'tsup.config.ts'].map((f) => join(dir, f)).filter(existsSync);
    sources.push(join(root, 'tooling'), join(root, 'tsconfig.base.json'));
    return Math.max(...sources.map(newestMtime)) <= statSync(built).mtimeMs;
  });
}

const timings = [];

/**
 * System tools some tests drive for real: Debian's chromium (browser end-to-end tests through
 * playwright-core, never `playwright install`) and redis-server (BullMQ job tests). Installed with
 * apt-get when missing; `apt-get update` only when the first attempt fails (a fresh image).
 */
function ensureSystemTools() {
  const wanted = [
    ['chromium', '/usr/bin/chromium'],
    ['redis-server', '/usr/bin/redis-server'],
  ].filter(([, path]) => !existsSync(path));
  if (wanted.length === 0) return;
  const names = wanted.map(([name]) => name);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = isRoot ? [] : ['sudo', '-n'];
  if (!isRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    console.error(`✖ tests need ${names.join(' and ')}: install them with apt-get (no root or sudo here)`);
    process.exit(1);
  }
  const apt = (args) => {
    const [bin, ...rest] = [...sudo, 'apt-get', ...args];
    return spawnSync(bin, rest, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  };
  log(`install ${names.join(', ')} (apt-get)`);
  const started = Date.now();
  if (apt(['install', '-y', '--no-install-recommends', ...names]).status !== 0) {
    apt(['update']);
    if (apt(['install', '-y', '--no-install-recommends', ...names]).status !== 0) {
      console.error(`✖ apt-get install ${names.join(' ')} failed`);
      process.exit(1);
    }
  }
  timings.push([`install ${names.join(', ')}`, (Date.now() - started) / 1000]);
}

/**
 * Runs one named step to completion, or exits with its code. Asynchronous, so a SIGTERM or SIGHUP
 * sent to this process (`timeout`, a CI runner's cancel) is passed on to the step instead of
 * leaving it running as an orphan (see runForwardingSignals.mjs).
 */
async function step(name, bin, args) {
  log(name);
  const started = Date.now();
  const code = await runForwardingSignals(bin, args, { cwd: root, env: process.env, name });
  if (code !== 0) {
    console.error(`✖ ${[bin, ...args].join(' ')} failed with exit code ${code}`);
    process.exit(code);
  }
  timings.push([name, (Date.now() - started) / 1000]);
}

const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  console.error(`✖ MinhOS needs Node.js 20 or newer, this is ${process.version}`);
  process.exit(1);
}

const pnpm = ensurePnpm();
await step('install dependencies (pnpm install --frozen-lockfile)', pnpm, [
  'install',
  '--frozen-lockfile',
  '--reporter=append-only',
]);
// `npm test` always builds from scratch; `npm start` skips the build when every package's dist is
// newer than its sources (make-style mtimes), so a second start is quick.
if (command !== 'start' || !builtUpToDate()) await step('build packages', pnpm, ['run', 'build']);
else log('packages already built (dist newer than sources)');

switch (command) {
  case 'start': {
    const args = rest.length > 0 ? rest : ['serve'];
    log(`minhos ${args.join(' ')}`);
    // Signals: see runForwardingSignals.mjs (Ctrl-C waits for the server's clean exit; SIGTERM and
    // SIGHUP are passed on, and so is the death of npm's `sh -c`, which forwards nothing).
    const code = await runForwardingSignals(
      'node',
      [join(root, 'packages', 'server', 'dist', 'bin.js'), ...args],
      { cwd: root, env: process.env, name: 'minhos' },
    );
    process.exit(code);
    break;
  }
  case 'test':
    ensureSystemTools();
    await step('typecheck (tsc -b)', pnpm, ['run', 'typecheck']);
    await step('lint + format check (biome)', pnpm, ['exec', 'biome', 'ci', '.']);
    await step('package checks (publint + attw)', pnpm, ['run', 'check:packages']);
    await step('API reference (typedoc, warnings are errors)', pnpm, ['run', 'docs']);
    await step('tests (vitest)', pnpm, [
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ]);
    summarizeTests(report);
    break;
  default:
    console.error(`✖ unknown command "${command}": use start or test`);
    process.exit(2);
}

console.log('\nTimings:');
for (const [name, seconds] of timings) console.log(`  ${seconds.toFixed(1).padStart(7)} s  ${name}`);
if (testSummary !== undefined) console.log(`\n${testSummary}`);
