// Prints the roll schedule and rollover alerts of the built-in futures, and resolves Sierra symbols.
// Run: pnpm --filter @minhos/examples exec tsx src/symbolsRollCalendar.ts [YYYY-MM-DD]
import { toTimestampUs } from '@minhos/core';
import {
  contractRegistry,
  formatSymbol,
  isFutureSpec,
  parseSymbol,
  rollCalendar,
  rolloverStatus,
  subscriptionList,
} from '@minhos/symbols';

const day = process.argv[2] ?? new Date().toISOString().slice(0, 10);
const at = toTimestampUs(new Date(`${day}T15:00:00Z`));
const registry = contractRegistry();

for (const spec of registry.list().filter(isFutureSpec)) {
  console.log(`\n${spec.root} (${spec.name}) — next rolls from ${day}`);
  for (const r of rollCalendar(spec, { from: day as `${number}-${number}-${number}` })) {
    const fnd = r.firstNoticeDate === undefined ? '' : `  first notice ${r.firstNoticeDate}`;
    console.log(
      `  ${formatSymbol(spec, r.contract).padEnd(16)} expiry ${r.lastTradeDate}${fnd}  roll ${r.rollDate} → ${r.next.code}`,
    );
  }
}

const status = rolloverStatus(registry, at);
console.log(
  `\nRollover alerts at ${day} 15:00Z: ${status.totalUpcoming} upcoming, ${status.urgentCount} urgent`,
);
for (const a of status.alerts)
  console.log(`  ${a.level.padEnd(8)} ${a.symbol} → ${a.nextSymbol} in ${a.daysUntil} d (${a.rollDate})`);

const subs = subscriptionList(
  [
    { root: 'NQ', priority: 1 },
    { root: 'ES', priority: 2 },
    { root: 'VIX', priority: 3 },
    { root: 'EURUSD', enabled: false },
  ],
  { at, primary: 'NQ', registry },
);
console.log(`\nSubscriptions: ${subs.map((s) => s.sierraSymbol).join(', ')}`);

for (const text of ['NQZ25-CME', 'ESZ25_FUT_CME', 'VIX_CGI', 'ESF25-CME']) {
  const r = parseSymbol(text, { registry });
  console.log(
    r.ok
      ? `  ${text} → ${r.value.id} (${r.value.assetClass})`
      : `  ${text} → error ${r.error.code}: ${r.error.message}`,
  );
}
