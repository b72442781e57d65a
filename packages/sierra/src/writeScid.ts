import { BarSeries } from '@minhos/core';
import type { ScidRecords } from './ScidRecords.js';
import { type ScidTickInput, type ScidWriteMode, ScidWriter } from './ScidWriter.js';

/**
 * Writes a whole `.scid` file in one call: columnar {@link ScidRecords}, a `BarSeries` (bar
 * records) or trades (tick records, e.g. `@minhos/core` `Tick`s from a recording). Returns the
 * number of records in the file afterwards.
 *
 * Default mode `'create'` (as {@link ScidWriter.create}): an existing file is never replaced
 * silently — it fails with `SCID_IO`. Pass `'overwrite'` to replace one, `'append'` to add to it.
 * See {@link ScidWriter} for the validation applied.
 *
 * @example
 * ```ts
 * import { writeScid } from '@minhos/sierra';
 * declare const recorded: import('@minhos/core').Tick[];
 * await writeScid('/tmp/ESZ25-CME.scid', recorded); // open it in Sierra Chart
 * ```
 */
export async function writeScid(
  path: string,
  data: ScidRecords | BarSeries | readonly ScidTickInput[],
  options: { readonly mode?: ScidWriteMode } = {},
): Promise<number> {
  const writer = await ScidWriter.create(path, { mode: options.mode ?? 'create' });
  try {
    if (data instanceof BarSeries) await writer.appendBars(data);
    else if (Array.isArray(data)) await writer.appendTicks(data as readonly ScidTickInput[]);
    else await writer.append(data as ScidRecords);
    return writer.recordCount;
  } finally {
    await writer.close();
  }
}
