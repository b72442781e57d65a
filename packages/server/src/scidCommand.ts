import { parseArgs } from 'node:util';
import { formatTimestampUs, US_PER_SECOND } from '@minhos/core';
import {
  aggregateScidRecords,
  newScidVerification,
  ScidError,
  ScidReader,
  scidToBarSeries,
  verifyScidRecords,
} from '@minhos/sierra';
import type { CliCommand, CliIo } from './cli.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `30s`, `1m`, `5m`, `1h`, `1d` → µs; undefined when malformed. */
function parseInterval(text: string): number | undefined {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (m === null) return undefined;
  const n = Number(m[1]);
  return n > 0 ? n * (UNITS[m[2] as string] as number) * US_PER_SECOND : undefined;
}

function parseTime(text: string, name: string, io: CliIo): number | undefined | null {
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) {
    io.err(`minhos scid: --${name} must be an ISO date or time (UTC), got "${text}"`);
    return null;
  }
  return ms * 1000;
}

/**
 * `minhos scid info|export`: header and record summary of a Sierra Chart `.scid` file (with
 * `--verify`, every record is read and checked: exit 1 when one is bad), or its records (optionally
 * aggregated into bars) as CSV on stdout.
 */
export const scidCommand: CliCommand = {
  name: 'scid',
  summary: 'inspect a Sierra Chart .scid file or export it (optionally as N-second/minute bars) to CSV',
  usage:
    'minhos scid info FILE [--verify]\n' +
    '       minhos scid export FILE [--from ISO] [--to ISO] [--bars 1m|5m|1h|…] [--limit N]',
  run: async (args, io) => {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        bars: { type: 'string' },
        limit: { type: 'string' },
        verify: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
    const [action, file] = positionals;
    if ((action !== 'info' && action !== 'export') || file === undefined) {
      io.err(`minhos scid: expected "info FILE" or "export FILE", got "${positionals.join(' ')}"`);
      return 2;
    }
    const reader = await ScidReader.open(file);
    try {
      const info = await reader.info();
      if (action === 'info') {
        io.out(`${info.file}`);
        io.out(
          `  format        SCID v${info.header.version}, header ${info.header.headerSize} B, record ${info.header.recordSize} B, ${info.timeFormat} time`,
        );
        io.out(
          `  records       ${info.recordCount} (${info.fileSize} bytes, ${info.trailingBytes} trailing partial bytes)`,
        );
        io.out(`  first record  ${info.firstTime === undefined ? '-' : formatTimestampUs(info.firstTime)}`);
        io.out(`  last record   ${info.lastTime === undefined ? '-' : formatTimestampUs(info.lastTime)}`);
        for (const issue of reader.issues) io.out(`  issue         ${issue.message}`);
        if (values.verify !== true) return 0;
        const v = newScidVerification();
        try {
          for await (const chunk of reader.chunks()) verifyScidRecords(chunk.records, chunk.startIndex, v);
        } catch (e) {
          // The decoder refuses a record it cannot represent (NaN price, bad time …): report it.
          if (!(e instanceof ScidError)) throw e;
          io.out(`  verify        failed after ${v.checked} good records: ${e.message}`);
          return 1;
        }
        io.out(`  verify        ${v.checked} records checked, ${v.bad} bad`);
        for (const p of v.examples) {
          const byte = info.header.headerSize + p.index * info.header.recordSize;
          io.out(`  bad record    record ${p.index} (byte ${byte}): ${p.problem}`);
        }
        return v.bad === 0 ? 0 : 1;
      }
      const from = values.from === undefined ? Number.NEGATIVE_INFINITY : parseTime(values.from, 'from', io);
      const to = values.to === undefined ? Number.POSITIVE_INFINITY : parseTime(values.to, 'to', io);
      if (from === null || to === null || from === undefined || to === undefined) return 2;
      const interval = values.bars === undefined ? undefined : parseInterval(values.bars);
      if (values.bars !== undefined && interval === undefined) {
        io.err(`minhos scid: --bars must look like 30s, 1m, 5m, 1h or 1d, got "${values.bars}"`);
        return 2;
      }
      const limit = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
      if (!(limit > 0)) {
        io.err(`minhos scid: --limit must be a positive number, got "${values.limit}"`);
        return 2;
      }
      const records = await reader.readRange(from, to);
      const bars =
        interval === undefined ? scidToBarSeries(records) : aggregateScidRecords(records, interval);
      io.out('time,open,high,low,close,volume');
      const n = Math.min(bars.length, limit);
      for (let i = 0; i < n; i++) {
        io.out(
          `${formatTimestampUs(bars.time[i] as number)},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`,
        );
      }
      return 0;
    } finally {
      await reader.close();
    }
  },
};
