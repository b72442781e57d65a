import type { CliIo } from '../cli.js';

/** A progress display for long work: a bar on a terminal, plain lines otherwise. */
export interface ProgressReporter {
  /** Reports `done` of `total` units (a note such as the current fold or epoch is optional). */
  update(done: number, note?: string): void;
  /** Ends the display with a final line. */
  finish(note?: string): void;
}

const WIDTH = 24;

/**
 * Progress of `label` over `total` units, on stderr (stdout stays for results and `--json`). On a
 * terminal (`io.isTTY`, else `process.stderr.isTTY`) it redraws one bar line in place; otherwise
 * it prints a plain line at each further 10 % (and every note change), so logs stay short.
 */
export function progressReporter(io: CliIo, label: string, total: number): ProgressReporter {
  const tty = io.isTTY ?? process.stderr.isTTY === true;
  const raw = io.writeErr ?? ((text: string) => process.stderr.write(text));
  let lastDecile = -1;
  let lastNote: string | undefined;
  let drawn = false;
  const safeTotal = total > 0 ? total : 1;
  return {
    update(done, note) {
      const fraction = Math.min(1, Math.max(0, done / safeTotal));
      const pct = Math.floor(fraction * 100);
      if (tty) {
        const filled = Math.round(fraction * WIDTH);
        raw(
          `\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(pct).padStart(3)}% ${done}/${total}${note === undefined ? '' : ` ${note}`}\x1b[K`,
        );
        drawn = true;
        return;
      }
      const decile = Math.floor(fraction * 10);
      if (decile === lastDecile && note === lastNote) return;
      lastDecile = decile;
      lastNote = note;
      io.err(`${label}: ${pct}% (${done}/${total})${note === undefined ? '' : ` ${note}`}`);
    },
    finish(note) {
      if (tty && drawn) raw('\r\x1b[K');
      io.err(`${label}: done${note === undefined ? '' : ` — ${note}`}`);
    },
  };
}
