import { sessionFeatures } from './index.js';
import { sessionColumns } from './internal/__old.js';
import { sessionZone } from './internal/sessionMath.js';

const N = 1_000_000;
const start = Date.UTC(2013, 9, 1) * 1000;
const time = Float64Array.from({ length: N }, (_, i) => start + i * 60_000_000);
function oldSF(time: Float64Array, session: any) {
  const zone = sessionZone(session);
  const n = time.length;
  const since = new Float64Array(n),
    fraction = new Float64Array(n),
    dow = new Float64Array(n);
  sessionColumns(time, session, zone, since, dow);
  for (let i = 0; i < n; i++) fraction[i] = since[i]! / session.lengthMinutes;
  return { since, fraction, dow };
}
for (const zone of ['America/Chicago', 'UTC']) {
  const s = { timeZone: zone, openMinute: 1020, lengthMinutes: 1380 };
  let a = Infinity,
    b = Infinity;
  for (let r = 0; r < 9; r++) {
    let t = performance.now();
    oldSF(time, s);
    a = Math.min(a, performance.now() - t);
    t = performance.now();
    sessionFeatures(time, s);
    b = Math.min(b, performance.now() - t);
  }
  console.log(zone, 'HEAD~1', a.toFixed(2), 'now', b.toFixed(2));
}
