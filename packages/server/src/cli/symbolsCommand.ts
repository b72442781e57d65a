import { parseArgs } from 'node:util';
import { formatTimestampUs, toTimestampUs } from '@minhos/core';
import {
  contractRegistry,
  formatSymbol,
  frontMonth,
  type IsoDate,
  isFutureSpec,
  isIsoDate,
  parseSymbol,
  rollCalendar,
  rolloverStatus,
} from '@minhos/symbols';
import type { CliCommand, CliIo } from '../cli.js';

function today(): IsoDate {
  return new Date().toISOString().slice(0, 10) as IsoDate;
}

function futures(roots: readonly string[], io: CliIo, note: (text: string) => void = io.out) {
  const registry = contractRegistry();
  const wanted = roots.length > 0 ? roots.map((r) => r.toUpperCase()) : registry.roots();
  const specs = [];
  for (const root of wanted) {
    const spec = registry.find(root);
    if (spec === undefined) {
      io.err(`minhos symbols: unknown product "${root}". Known: ${registry.roots().join(', ')}`);
      return undefined;
    }
    if (isFutureSpec(spec)) specs.push(spec);
    else if (roots.length > 0) note(`${root}: ${spec.assetClass}, no expiry`);
  }
  return specs;
}

/**
 * `minhos symbols roll|front|status|parse`: the roll calendar N years ahead, the front month at a
 * date, the rollover alerts (critical ≤7 d, warning ≤15 d, info ≤30 d) and symbol parsing.
 */
export const symbolsCommand: CliCommand = {
  name: 'symbols',
  summary: 'roll calendar, front month, rollover alerts and symbol parsing (ES, NQ, GC, 6E, VX, …)',
  usage:
    'minhos symbols roll [ROOT…] [--from YYYY-MM-DD] [--years N] [--offset DAYS] [--json]\n' +
    '       minhos symbols front ROOT… [--at YYYY-MM-DD] [--offset DAYS] [--json]\n' +
    '       minhos symbols status [--at YYYY-MM-DD] [--json]\n' +
    '       minhos symbols parse SYMBOL… [--json]',
  run: async (args, io) => {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        from: { type: 'string' },
        at: { type: 'string' },
        years: { type: 'string' },
        offset: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    const [action = 'roll', ...rest] = positionals;
    for (const [name, value] of [
      ['from', values.from],
      ['at', values.at],
    ] as const) {
      if (value !== undefined && !isIsoDate(value)) {
        io.err(`minhos symbols: --${name} must be a date YYYY-MM-DD, got "${value}"`);
        return 2;
      }
    }
    const offset = values.offset === undefined ? undefined : Number(values.offset);
    if (offset !== undefined && !(Number.isInteger(offset) && offset >= 0 && offset <= 60)) {
      io.err(
        `minhos symbols: --offset must be a whole number of calendar days 0..60, got "${values.offset}"`,
      );
      return 2;
    }
    const rollOptions =
      offset === undefined ? {} : { roll: { kind: 'calendarDaysBeforeExpiry' as const, days: offset } };
    const at = (values.at ?? today()) as IsoDate;

    switch (action) {
      case 'roll': {
        const years = values.years === undefined ? 1 : Number(values.years);
        if (!(Number.isInteger(years) && years >= 1 && years <= 20)) {
          io.err(`minhos symbols: --years must be a whole number 1..20, got "${values.years}"`);
          return 2;
        }
        const notes: string[] = [];
        const specs = futures(rest, io, (t) => notes.push(t));
        if (specs === undefined) return 2;
        if (values.json) {
          const products = specs.map((spec) => ({
            root: spec.root,
            name: spec.name,
            rolls: rollCalendar(spec, {
              from: (values.from ?? today()) as IsoDate,
              years,
              ...rollOptions,
            }).map((r) => ({
              contract: formatSymbol(spec, r.contract),
              expiry: r.lastTradeDate,
              first_notice: r.firstNoticeDate ?? null,
              roll_date: r.rollDate,
              next: formatSymbol(spec, r.next),
            })),
          }));
          io.out(JSON.stringify({ products, notes }));
          return 0;
        }
        for (const n of notes) io.out(n);
        for (const spec of specs) {
          io.out(`${spec.root}  ${spec.name}`);
          for (const r of rollCalendar(spec, {
            from: (values.from ?? today()) as IsoDate,
            years,
            ...rollOptions,
          })) {
            const notice = r.firstNoticeDate === undefined ? '' : `  first notice ${r.firstNoticeDate}`;
            io.out(
              `  ${formatSymbol(spec, r.contract).padEnd(16)} expiry ${r.lastTradeDate}${notice}  roll ${r.rollDate} → ${formatSymbol(spec, r.next)}`,
            );
          }
        }
        return 0;
      }
      case 'front': {
        const notes: string[] = [];
        const specs = futures(rest, io, (t) => notes.push(t));
        if (specs === undefined) return 2;
        if (values.json) {
          const fronts = specs.map((spec) => {
            const e = frontMonth(spec, at, rollOptions);
            return {
              root: spec.root,
              at,
              contract: formatSymbol(spec, e.contract),
              expiry: e.lastTradeDate,
              next: formatSymbol(spec, e.next),
              roll_date: e.rollDate,
              roll_at: formatTimestampUs(e.rollAt),
            };
          });
          io.out(JSON.stringify({ fronts, notes }));
          return 0;
        }
        for (const n of notes) io.out(n);
        for (const spec of specs) {
          const e = frontMonth(spec, at, rollOptions);
          io.out(
            `${spec.root} on ${at}: ${formatSymbol(spec, e.contract)} (expiry ${e.lastTradeDate}), rolls to ${formatSymbol(spec, e.next)} on ${e.rollDate} at ${formatTimestampUs(e.rollAt)}`,
          );
        }
        return 0;
      }
      case 'status': {
        const status = rolloverStatus(contractRegistry(), toTimestampUs(new Date(`${at}T15:00:00Z`)));
        if (values.json) {
          io.out(
            JSON.stringify({
              at,
              total_upcoming: status.totalUpcoming,
              urgent_count: status.urgentCount,
              alerts: status.alerts.map((a) => ({
                level: a.level,
                symbol: a.symbol,
                next_symbol: a.nextSymbol,
                days_until: a.daysUntil,
                roll_date: a.rollDate,
              })),
            }),
          );
          return 0;
        }
        io.out(`rollover on ${at}: ${status.totalUpcoming} upcoming, ${status.urgentCount} urgent`);
        for (const a of status.alerts) {
          io.out(
            `  ${a.level.padEnd(8)} ${a.symbol} → ${a.nextSymbol} in ${a.daysUntil} d (roll ${a.rollDate})`,
          );
        }
        return 0;
      }
      case 'parse': {
        let failed = 0;
        if (values.json) {
          const parsed = rest.map((text) => {
            const r = parseSymbol(text);
            if (!r.ok) failed += 1;
            return r.ok
              ? { text, ok: true, id: r.value.id, asset_class: r.value.assetClass, style: r.value.style }
              : { text, ok: false, error: r.error.message };
          });
          io.out(JSON.stringify({ symbols: parsed }));
          return failed === 0 ? 0 : 1;
        }
        for (const text of rest) {
          const r = parseSymbol(text);
          if (r.ok) io.out(`${text} → ${r.value.id} (${r.value.assetClass}, ${r.value.style})`);
          else {
            io.err(r.error.message);
            failed += 1;
          }
        }
        return failed === 0 ? 0 : 1;
      }
      default:
        io.err(`minhos symbols: unknown action "${action}", expected roll, front, status or parse`);
        return 2;
    }
  },
};
