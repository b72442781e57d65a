/**
 * The original's intent classes: `explain` (what, why, how, explain, describe), `analyze`
 * (analyze, check, review, assess), `alert` (alert, notify, when, tell me when), `execute` (buy,
 * sell, trade, order, close), else `query`.
 */
export type ChatIntent = 'explain' | 'analyze' | 'alert' | 'execute' | 'query';

/** Indicators the chat computes from the engine's bars. */
export const CHAT_INDICATORS = [
  'RSI',
  'SMA',
  'EMA',
  'MACD',
  'ATR',
  'BOLLINGER',
  'VOLUME',
  'VOLATILITY',
  'TREND',
] as const;

/** One of {@link CHAT_INDICATORS}. */
export type ChatIndicator = (typeof CHAT_INDICATORS)[number];

/** What the chat was asked to do, with its arguments. */
export type ChatCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'status' }
  | { readonly kind: 'positions' }
  | { readonly kind: 'pnl' }
  | { readonly kind: 'orders' }
  | { readonly kind: 'price' }
  | { readonly kind: 'indicator'; readonly indicator: ChatIndicator; readonly period?: number }
  | { readonly kind: 'explain_decision' }
  | { readonly kind: 'set_mode'; readonly mode: 'manual' | 'semi_auto' | 'full_auto' }
  | {
      readonly kind: 'order';
      readonly side: 'BUY' | 'SELL';
      readonly quantity: number;
      readonly orderType: 'MARKET' | 'LIMIT';
      readonly price?: number;
    }
  | { readonly kind: 'close_position' }
  | { readonly kind: 'approvals' }
  | { readonly kind: 'approve'; readonly id?: string }
  | { readonly kind: 'reject'; readonly id?: string }
  | { readonly kind: 'emergency_stop'; readonly level: 'reduce_only' | 'cancel_all' | 'flatten' }
  | {
      readonly kind: 'alert';
      readonly condition: 'above' | 'below' | 'crosses';
      readonly level: number;
      /** Set when the alert is on an indicator rather than the price. */
      readonly indicator?: ChatIndicator;
      /** The indicator's timeframe when the message names one (`5m`); default 1m. */
      readonly timeframe?: string;
    }
  | { readonly kind: 'list_alerts' }
  | { readonly kind: 'clear_alerts' }
  | { readonly kind: 'confirm' }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'unknown' };

/** Entities found in a message (the original's extractors). */
export interface ChatEntities {
  /** Product roots or contract symbols, upper case, in order of appearance (`NQ`, `ESZ13`). */
  readonly symbols: readonly string[];
  readonly indicators: readonly ChatIndicator[];
  /** Normalised timeframes: `1m`, `5m`, `15m`, `30m`, `1h`, `4h`, `1d`. */
  readonly timeframes: readonly string[];
  readonly conditions: readonly ('above' | 'below' | 'crosses')[];
  /** The first number in the message (after symbols and timeframes are taken out). */
  readonly number?: number;
}

/** A parsed chat message. */
export interface ParsedChatMessage {
  readonly intent: ChatIntent;
  readonly command: ChatCommand;
  readonly entities: ChatEntities;
  /** How sure the parser is of `command`: 0.9 keyword match, 0.6 inferred, 0 unknown. */
  readonly confidence: number;
}

/** Product roots the extractor knows (every root of `@minhos/symbols`' registry and the original's). */
const ROOTS = [
  'ES',
  'NQ',
  'YM',
  'RTY',
  'GC',
  'SI',
  'CL',
  'NG',
  'ZB',
  'ZN',
  'VX',
  'VIX',
  '6E',
  'EURUSD',
  'XAUUSD',
  'MES',
  'MNQ',
];
const MONTH_CODES = 'FGHJKMNQUVXZ';
const INDICATOR_WORDS: Readonly<Record<string, ChatIndicator>> = {
  rsi: 'RSI',
  sma: 'SMA',
  'moving average': 'SMA',
  ema: 'EMA',
  macd: 'MACD',
  atr: 'ATR',
  'average true range': 'ATR',
  bollinger: 'BOLLINGER',
  bb: 'BOLLINGER',
  volume: 'VOLUME',
  volatility: 'VOLATILITY',
  vol: 'VOLATILITY',
  trend: 'TREND',
};

const TIMEFRAME_RE = /\b(\d+)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|day|days)\b/g;
const WORD_TIMEFRAMES: Readonly<Record<string, string>> = { daily: '1d', hourly: '1h' };

function unitOf(u: string): string {
  if (u.startsWith('s')) return 's';
  if (u.startsWith('m')) return 'm';
  if (u.startsWith('h')) return 'h';
  return 'd';
}

function has(text: string, words: readonly string[]): boolean {
  return words.some((w) => new RegExp(`(^|[^a-z0-9_])${w.replace(/ /g, '\\s+')}([^a-z0-9_]|$)`).test(text));
}

function intentOf(text: string): ChatIntent {
  if (has(text, ['what', 'why', 'how', 'explain', 'describe'])) return 'explain';
  if (has(text, ['analyze', 'analyse', 'check', 'review', 'assess'])) return 'analyze';
  if (has(text, ['alert', 'notify', 'when', 'tell me when'])) return 'alert';
  if (has(text, ['buy', 'sell', 'trade', 'order', 'close', 'long', 'short'])) return 'execute';
  return 'query';
}

/** Extracts symbols, indicators, timeframes, conditions and the first number from `text`. */
export function extractChatEntities(text: string): ChatEntities {
  const lower = text.toLowerCase();
  const symbols: string[] = [];
  const tokenRe = /[a-z0-9]+(?:[.-][a-z]+)?/gi;
  for (const m of text.matchAll(tokenRe)) {
    const raw = m[0].toUpperCase();
    const base = raw.split(/[.-]/)[0] as string;
    const contract = new RegExp(`^([A-Z0-9]{1,3}?)([${MONTH_CODES}])(\\d{1,2})$`).exec(base);
    if (ROOTS.includes(base)) symbols.push(base);
    else if (contract !== null && ROOTS.includes(contract[1] as string)) symbols.push(base);
  }
  const indicators: ChatIndicator[] = [];
  for (const [word, ind] of Object.entries(INDICATOR_WORDS))
    if (has(lower, [word]) && !indicators.includes(ind)) indicators.push(ind);
  const timeframes: string[] = [];
  let rest = lower;
  for (const m of lower.matchAll(TIMEFRAME_RE)) {
    const tf = `${Number(m[1])}${unitOf(m[2] as string)}`;
    if (!timeframes.includes(tf)) timeframes.push(tf);
    rest = rest.replace(m[0], ' ');
  }
  for (const [word, tf] of Object.entries(WORD_TIMEFRAMES))
    if (has(lower, [word]) && !timeframes.includes(tf)) timeframes.push(tf);
  const conditions: ('above' | 'below' | 'crosses')[] = [];
  if (has(lower, ['above', 'over'])) conditions.push('above');
  if (has(lower, ['below', 'under'])) conditions.push('below');
  if (has(lower, ['cross', 'crosses', 'crossing'])) conditions.push('crosses');
  // Numbers that are part of a symbol (6E, ESZ13) or a timeframe are not "the number".
  for (const s of symbols) rest = rest.replace(new RegExp(`\\b${s.toLowerCase()}\\b`), ' ');
  const num = /(?:^|[^a-z0-9.])(-?\d+(?:\.\d+)?)(?![a-z0-9])/.exec(rest);
  return {
    symbols,
    indicators,
    timeframes,
    conditions,
    ...(num === null ? {} : { number: Number(num[1]) }),
  };
}

const MODE_WORDS: readonly [RegExp, 'manual' | 'semi_auto' | 'full_auto'][] = [
  [/\bsemi[\s_-]?auto(matic)?\b/, 'semi_auto'],
  [/\bfull[\s_-]?auto(matic)?\b|\bautonomous\b/, 'full_auto'],
  [/\bmanual\b/, 'manual'],
];

function commandOf(text: string, e: ChatEntities): { command: ChatCommand; confidence: number } {
  const lower = text.toLowerCase();
  const sure = (command: ChatCommand) => ({ command, confidence: 0.9 });
  const words = lower.replace(/[!?.,]+$/g, '').trim();
  if (/^(confirm|yes|y|ok|okay|do it|go ahead)$/.test(words)) return sure({ kind: 'confirm' });
  if (/^(cancel|no|n|abort|never ?mind|stop that)$/.test(words)) return sure({ kind: 'cancel' });
  if (/^(help|\?|commands|what can you do)/.test(words)) return sure({ kind: 'help' });

  // A question about the emergency state is a status question, not a stop.
  const asksAbout =
    /\b(what|which|is there|are we|level|status)\b/.test(lower) && !/\b(stop|flatten|halt)\b/.test(lower);
  if (
    !asksAbout &&
    (/\b(emergency|panic|kill ?switch)\b/.test(lower) ||
      /\bstop (all )?trading\b/.test(lower) ||
      /\bflatten\b/.test(lower))
  ) {
    const level = /\breduce[\s_-]?only\b/.test(lower)
      ? 'reduce_only'
      : /\bcancel[\s_-]?all\b|\bhalt\b/.test(lower)
        ? 'cancel_all'
        : 'flatten';
    return sure({ kind: 'emergency_stop', level });
  }
  const approvalId =
    /\b(?:approve|reject|decline|deny)\s+(?:approval\s+|order\s+|decision\s+)?([a-z0-9][a-z0-9_.:-]*\d[a-z0-9_.:-]*)/i.exec(
      text,
    )?.[1];
  if (/\b(approve|accept)\b/.test(lower))
    return sure({ kind: 'approve', ...(approvalId === undefined ? {} : { id: approvalId }) });
  if (/\b(reject|decline|deny)\b/.test(lower))
    return sure({ kind: 'reject', ...(approvalId === undefined ? {} : { id: approvalId }) });
  if (/\b(pending|approvals?|waiting)\b/.test(lower)) return sure({ kind: 'approvals' });
  if (/^(clear|delete|remove|cancel) (all )?(my )?alerts?$/.test(words))
    return sure({ kind: 'clear_alerts' });
  if (/^(my |list |show (my )?)?alerts$/.test(words)) return sure({ kind: 'list_alerts' });
  if (/\b(alert|notify|tell me when|let me know when|ping me when)\b/.test(lower) && e.number !== undefined) {
    const condition = e.conditions.includes('crosses') ? 'crosses' : (e.conditions[0] ?? 'crosses');
    return sure({
      kind: 'alert',
      condition,
      level: e.number,
      ...(e.indicators[0] === undefined ? {} : { indicator: e.indicators[0] }),
      ...(e.indicators[0] === undefined || e.timeframes[0] === undefined
        ? {}
        : { timeframe: e.timeframes[0] }),
    });
  }

  if (/\b(mode|switch|set|go|change)\b/.test(lower))
    for (const [re, mode] of MODE_WORDS) if (re.test(lower)) return sure({ kind: 'set_mode', mode });

  // "should I buy?" asks for the engine's view, it is not an order.
  if (/^(should|would|could|shall|is it (a )?good|do you think)\b/.test(words))
    return sure({ kind: 'explain_decision' });
  const side = /\b(buy|long)\b/.test(lower) ? 'BUY' : /\b(sell|short)\b/.test(lower) ? 'SELL' : undefined;
  if (side !== undefined && e.indicators.length === 0) {
    const qty =
      /\b(?:buy|sell|long|short)\s+(\d+)\b/.exec(lower)?.[1] ??
      /\b(\d+)\s*(?:contracts?|lots?|cars?)\b/.exec(lower)?.[1];
    const limit =
      /\b(?:at|@|limit)\s*(\d+(?:\.\d+)?)/.exec(lower)?.[1] ?? /@\s*(\d+(?:\.\d+)?)/.exec(lower)?.[1];
    return {
      command: {
        kind: 'order',
        side,
        quantity: qty === undefined ? 1 : Number(qty),
        orderType: limit === undefined ? 'MARKET' : 'LIMIT',
        ...(limit === undefined ? {} : { price: Number(limit) }),
      },
      confidence: qty === undefined ? 0.6 : 0.9,
    };
  }
  if (/\bclose\b/.test(lower) && /\b(position|positions|all|everything|it)\b/.test(lower))
    return sure({ kind: 'close_position' });

  if (e.indicators.length > 0) {
    const indicator = e.indicators[0] as ChatIndicator;
    const period = /\b(?:rsi|sma|ema|atr|bollinger)\s*\(?(\d{1,3})\)?/.exec(lower)?.[1];
    return sure({
      kind: 'indicator',
      indicator,
      ...(period === undefined ? {} : { period: Number(period) }),
    });
  }
  if (
    /\b(last|latest|recent)?\s*(decision|signal|trade idea)s?\b/.test(lower) &&
    /\b(why|explain|last|latest|reason|describe|what)\b/.test(lower)
  )
    return sure({ kind: 'explain_decision' });
  if (/\b(p&l|pnl|p and l|profit|loss|equity|drawdown|performance|money|made|earned)\b/.test(lower))
    return sure({ kind: 'pnl' });
  if (/\b(positions?|exposure|holding|holdings)\b/.test(lower)) return sure({ kind: 'positions' });
  if (/\b(orders?)\b/.test(lower)) return sure({ kind: 'orders' });
  if (
    /\b(price|quote|last|bid|ask|trading at|at what)\b/.test(lower) ||
    (e.symbols.length > 0 && words.split(/\s+/).length <= 2)
  )
    return sure({ kind: 'price' });
  if (/\b(status|health|state|running|system|mode|how are|overview|emergency)\b/.test(lower))
    return sure({ kind: 'status' });
  return { command: { kind: 'unknown' }, confidence: 0 };
}

/**
 * Parses one chat message into the original's intent class, a command with its arguments and the
 * extracted entities. Pure and deterministic: the same text always gives the same result.
 *
 * @example
 * ```ts
 * import { parseChatMessage } from '@minhos/server';
 * const p = parseChatMessage('rsi nq 5m');
 * p.command; // { kind: 'indicator', indicator: 'RSI' }
 * p.entities.symbols; // ['NQ']
 * p.entities.timeframes; // ['5m']
 * ```
 */
export function parseChatMessage(text: string): ParsedChatMessage {
  const clean = text.trim().slice(0, 1000);
  const lower = clean.toLowerCase();
  const entities = extractChatEntities(clean);
  const { command, confidence } = commandOf(clean, entities);
  return { intent: intentOf(lower), command, entities, confidence };
}
