import { describe, expect, it } from 'vitest';
import { type CliCommand, runCli } from './cli.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {}, cwd: '/' },
    out,
    err,
  };
}

const echo: CliCommand = {
  name: 'echo',
  summary: 'prints its arguments',
  usage: 'minhos echo <words…>',
  run: async (args, io) => {
    if (args[0] === 'fail') throw new Error('asked to fail');
    io.out(args.join(' '));
    return 0;
  },
};

describe('runCli', () => {
  it('prints help listing every command', async () => {
    const c = capture();
    expect(await runCli(['--help'], c.io, [echo])).toBe(0);
    expect(c.out.join('\n')).toMatch(/echo\s+prints its arguments/);
  });

  it('runs a command and its --help', async () => {
    const c = capture();
    expect(await runCli(['echo', 'a', 'b'], c.io, [echo])).toBe(0);
    expect(await runCli(['echo', '--help'], c.io, [echo])).toBe(0);
    expect(c.out).toEqual(['a b', 'prints its arguments\n\nUsage: minhos echo <words…>']);
  });

  it('reports unknown commands (exit 2) and failures (exit 1) without throwing', async () => {
    const c = capture();
    expect(await runCli(['nope'], c.io, [echo])).toBe(2);
    expect(await runCli(['echo', 'fail'], c.io, [echo])).toBe(1);
    expect(c.err).toEqual(['minhos: unknown command "nope". Commands: echo', 'minhos echo: asked to fail']);
  });
});

describe('minhos config', () => {
  it('validates the environment and names a bad variable', async () => {
    const c = capture();
    const io = { ...c.io, env: { MINHOS_RISK_MAX_DAILY_LOSS: '-5' } };
    expect(await runCli(['config', 'check'], io)).toBe(1);
    expect(c.err.join('\n')).toContain('risk.maxDailyLoss');
    expect(c.err.join('\n')).toContain('MINHOS_RISK_MAX_DAILY_LOSS');
  });

  it('prints the config with secrets redacted', async () => {
    const c = capture();
    const io = { ...c.io, env: { MINHOS_AUTH_TOKEN: 'super-secret-token-value' } };
    expect(await runCli(['config', 'print'], io)).toBe(0);
    const printed = c.out.join('\n');
    expect(printed).not.toContain('super-secret-token-value');
    expect(JSON.parse(printed).risk.maxDailyLoss).toBe(1000);
  });
});

describe('minhos symbols', () => {
  it('prints the roll calendar with the original offset of 10 days (golden table)', async () => {
    const c = capture();
    expect(await runCli(['symbols', 'roll', 'NQ', '--from', '2025-01-01', '--offset', '10'], c.io)).toBe(0);
    const text = c.out.join('\n');
    expect(text).toMatch(/NQH25-CME\s+expiry 2025-03-21\s+roll 2025-03-11 → NQM25-CME/);
    expect(text).toMatch(/NQU25-CME\s+expiry 2025-09-19\s+roll 2025-09-09 → NQZ25-CME/);
  });

  it('resolves the front month at a date', async () => {
    const c = capture();
    expect(await runCli(['symbols', 'front', 'NQ', '--at', '2025-09-09', '--offset', '10'], c.io)).toBe(0);
    expect(c.out[0]).toMatch(/^NQ on 2025-09-09: NQZ25-CME/);
  });

  it('rejects bad dates and unknown products with a usage error', async () => {
    const c = capture();
    expect(await runCli(['symbols', 'front', 'NQ', '--at', '09/09/2025'], c.io)).toBe(2);
    expect(await runCli(['symbols', 'roll', 'ZZ'], c.io)).toBe(2);
    expect(c.err[0]).toContain('--at must be a date YYYY-MM-DD');
    expect(c.err[1]).toContain('unknown product "ZZ"');
  });
});

describe('minhos scid', () => {
  it('reports header info and exports 5-minute bars from a file written with ScidWriter', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { BarSeries } = await import('@minhos/core');
    const { ScidWriter } = await import('@minhos/sierra');
    const file = join(mkdtempSync(join(tmpdir(), 'minhos-cli-')), 'ES.scid');
    const t0 = Date.UTC(2013, 11, 2, 14, 30) * 1000;
    const bars = BarSeries.fromBars(
      Array.from({ length: 10 }, (_, i) => ({
        time: t0 + i * 60_000_000,
        open: 1800 + i,
        high: 1801 + i,
        low: 1799 + i,
        close: 1800.25 + i,
        volume: 100 + i,
      })),
    );
    const writer = await ScidWriter.create(file, { mode: 'overwrite' });
    await writer.appendBars(bars);
    await writer.close();

    const c = capture();
    expect(await runCli(['scid', 'info', file], c.io)).toBe(0);
    expect(c.out.join('\n')).toMatch(/records\s+10 \(456 bytes/);
    expect(c.out.join('\n')).toContain('2013-12-02T14:30:00.000Z');

    const e = capture();
    expect(await runCli(['scid', 'export', file, '--bars', '5m'], e.io)).toBe(0);
    expect(e.out).toEqual([
      'time,open,high,low,close,volume',
      '2013-12-02T14:30:00.000Z,1800,1805,1799,1804.25,510',
      '2013-12-02T14:35:00.000Z,1805,1810,1804,1809.25,535',
    ]);
  });

  it('fails cleanly on a missing file and on bad options', async () => {
    const c = capture();
    expect(await runCli(['scid', 'info', '/nonexistent/ES.scid'], c.io)).toBe(1);
    expect(c.err[0]).toMatch(/^minhos scid: .*nonexistent/);
    expect(await runCli(['scid', 'export'], c.io)).toBe(2);
  });

  it('info --verify reads every record: a NaN record makes the file unhealthy (exit 1), a clean one passes', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { BarSeries } = await import('@minhos/core');
    const { writeScid } = await import('@minhos/sierra');
    const dir = mkdtempSync(join(tmpdir(), 'minhos-cli-'));
    const good = join(dir, 'good.scid');
    const t0 = Date.UTC(2013, 11, 2, 14, 30) * 1000;
    const bars = BarSeries.fromBars(
      Array.from({ length: 5 }, (_, i) => ({
        time: t0 + i * 60_000_000,
        open: 1800,
        high: 1801,
        low: 1799,
        close: 1800 + i,
        volume: 10,
      })),
    );
    await writeScid(good, bars);
    const ok = capture();
    expect(await runCli(['scid', 'info', good, '--verify'], ok.io)).toBe(0);
    expect(ok.out.join('\n')).toMatch(/verify\s+5 records checked, 0 bad/);
    // Record 3's close (offset 56 + 3 × 40 + 20) becomes NaN.
    const bad = join(dir, 'bad.scid');
    const bytes = readFileSync(good);
    bytes.writeFloatLE(Number.NaN, 56 + 3 * 40 + 20);
    writeFileSync(bad, bytes);
    const plain = capture();
    expect(await runCli(['scid', 'info', bad], plain.io)).toBe(0); // header info alone cannot tell
    const v = capture();
    expect(await runCli(['scid', 'info', bad, '--verify'], v.io)).toBe(1);
    const text = v.out.join('\n');
    expect(text).toMatch(
      /verify\s+failed after 0 good records: .*bad\.scid @ byte 196: record 3 has a NaN close price/,
    );
    // Records out of time order are decoded fine but reported.
    const shuffled = join(dir, 'order.scid');
    const b2 = readFileSync(good);
    b2.writeBigInt64LE(BigInt(t0 - 1 + 2_209_161_600_000_000), 56 + 2 * 40); // SCID epoch 1899-12-30
    writeFileSync(shuffled, b2);
    const o = capture();
    expect(await runCli(['scid', 'info', shuffled, '--verify'], o.io)).toBe(1);
    expect(o.out.join('\n')).toMatch(/verify\s+5 records checked, 1 bad/);
    expect(o.out.join('\n')).toMatch(/record 2 \(byte 136\): time goes backwards/);
  });
});
