import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatTimestampUs } from '@minhos/core';
import {
  aggregateScidRecords,
  newScidVerification,
  ScidError,
  ScidReader,
  scidToBarSeries,
  verifyScidRecords,
} from '@minhos/sierra';
import type { CliCommand, CliIo } from '../cli.js';
import { EXIT_CODES } from './exitCodes.js';
import { parseInterval } from './loadBarsFile.js';
import { tailScid } from './tailScid.js';

function parseTime(text: string, name: string, io: CliIo): number | undefined | null {
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) {
    io.err(`minhos scid: --${name} must be an ISO date or time (UTC), got "${text}"`);
    return null;
  }
  return ms * 1000;
}

/**
 * `minhos scid info|export|tail`: header and record summary of a Sierra Chart `.scid` file (with
 * `--verify`, every record is read and checked: exit 1 when one is bad), its records (optionally
 * aggregated into bars) as CSV on stdout, or the records Sierra appends while it runs (`tail`,
 * until Ctrl-C; `--json`: one JSON object per line).
 */
export const scidCommand: CliCommand = {
  name: 'scid',
  summary: 'inspect, export (CSV, optionally as bars) or follow (tail) a Sierra Chart .scid file',
  usage:
    'minhos scid info FILE [--verify] [--json]\n' +
    '       minhos scid export FILE [--from ISO] [--to ISO] [--bars 1m|5m|1h|…] [--limit N]\n' +
    '       minhos scid tail FILE [--from-start] [--bars 1m|5m|…] [--limit N] [--json]\n' +
    '         follows the file as Sierra Chart appends to it and prints each trade (time, price, size,\n' +
    '         bid, ask) or each completed bar with --bars; Ctrl-C stops cleanly (exit 0). Starts at\n' +
    '         the end of the file unless --from-start; --json prints one JSON object per line.',
  run: async (args, io) => {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        bars: { type: 'string' },
        limit: { type: 'string' },
        verify: { type: 'boolean' },
        json: { type: 'boolean' },
        'from-start': { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
    const [action, file] = positionals;
    if ((action !== 'info' && action !== 'export' && action !== 'tail') || file === undefined) {
      io.err(
        `minhos scid: expected "info FILE", "export FILE" or "tail FILE", got "${positionals.join(' ')}"`,
      );
      return EXIT_CODES.usage;
    }
    if (action === 'tail') {
      const interval = values.bars === undefined ? undefined : parseInterval(values.bars);
      if (values.bars !== undefined && interval === undefined) {
        io.err(`minhos scid: --bars must look like 30s, 1m, 5m, 1h or 1d, got "${values.bars}"`);
        return EXIT_CODES.usage;
      }
      const limit = values.limit === undefined ? undefined : Number(values.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
        io.err(`minhos scid: --limit must be a whole number > 0, got "${values.limit}"`);
        return EXIT_CODES.usage;
      }
      return tailScid(io, resolve(io.cwd, file), {
        fromStart: values['from-start'] === true,
        json: values.json === true,
        ...(interval === undefined ? {} : { intervalUs: interval }),
        ...(limit === undefined ? {} : { limit }),
      });
    }
    const reader = await ScidReader.open(resolve(io.cwd, file));
    try {
      const info = await reader.info();
      if (action === 'info' && values.json === true) {
        let verify: Record<string, unknown> | undefined;
        if (values.verify === true) {
          const v = newScidVerification();
          let error: string | undefined;
          try {
            for await (const chunk of reader.chunks()) verifyScidRecords(chunk.records, chunk.startIndex, v);
          } catch (e) {
            if (!(e instanceof ScidError)) throw e;
            error = e.message;
          }
          verify = { checked: v.checked, bad: v.bad, examples: v.examples, error: error ?? null };
        }
        io.out(
          JSON.stringify({
            file: info.file,
            version: info.header.version,
            header_size: info.header.headerSize,
            record_size: info.header.recordSize,
            time_format: info.timeFormat,
            records: info.recordCount,
            file_size: info.fileSize,
            trailing_bytes: info.trailingBytes,
            first_time: info.firstTime === undefined ? null : formatTimestampUs(info.firstTime),
            last_time: info.lastTime === undefined ? null : formatTimestampUs(info.lastTime),
            issues: reader.issues.map((i) => i.message),
            ...(verify === undefined ? {} : { verify }),
          }),
        );
        return verify === undefined || (verify.bad === 0 && verify.error === null)
          ? EXIT_CODES.ok
          : EXIT_CODES.failed;
      }
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
