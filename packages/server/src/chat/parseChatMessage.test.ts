import { describe, expect, it } from 'vitest';
import { extractChatEntities, parseChatMessage } from './parseChatMessage.js';

describe('parseChatMessage', () => {
  const cases: [string, Record<string, unknown>, string?][] = [
    ['status', { kind: 'status' }, 'query'],
    ['How is the system doing?', { kind: 'status' }, 'explain'],
    ['show my positions', { kind: 'positions' }, 'query'],
    ["what's my P&L today", { kind: 'pnl' }, 'explain'],
    ['pnl', { kind: 'pnl' }],
    ['open orders', { kind: 'orders' }],
    ['price of ES', { kind: 'price' }],
    ['nq', { kind: 'price' }],
    ['rsi nq 5m', { kind: 'indicator', indicator: 'RSI' }, 'query'],
    ['what is the RSI(14) on ES 15 min', { kind: 'indicator', indicator: 'RSI', period: 14 }, 'explain'],
    ['check macd es 1h', { kind: 'indicator', indicator: 'MACD' }, 'analyze'],
    ['sma 20 es', { kind: 'indicator', indicator: 'SMA', period: 20 }],
    [
      'tell me when ES volume is above 5000',
      { kind: 'alert', condition: 'above', level: 5000, indicator: 'VOLUME' },
      'alert',
    ],
    [
      'alert me when rsi es 5m above 70',
      { kind: 'alert', condition: 'above', level: 70, indicator: 'RSI', timeframe: '5m' },
      'alert',
    ],
    [
      'notify me when NQ macd on 15 min crosses 0',
      { kind: 'alert', condition: 'crosses', level: 0, indicator: 'MACD', timeframe: '15m' },
    ],
    ['alert me when es is above 1800.5', { kind: 'alert', condition: 'above', level: 1800.5 }, 'alert'],
    ['notify me when NQ drops below 21000', { kind: 'alert', condition: 'below', level: 21000 }, 'alert'],
    ['let me know when es crosses 1799', { kind: 'alert', condition: 'crosses', level: 1799 }],
    ['alerts', { kind: 'list_alerts' }],
    ['clear alerts', { kind: 'clear_alerts' }],
    ['why did you make the last decision?', { kind: 'explain_decision' }, 'explain'],
    ['explain the latest signal', { kind: 'explain_decision' }, 'explain'],
    ['switch to semi auto', { kind: 'set_mode', mode: 'semi_auto' }],
    ['set mode full_auto', { kind: 'set_mode', mode: 'full_auto' }],
    ['go manual', { kind: 'set_mode', mode: 'manual' }],
    ['buy 2 ES', { kind: 'order', side: 'BUY', quantity: 2, orderType: 'MARKET' }, 'execute'],
    [
      'sell 1 es at 1801.25',
      { kind: 'order', side: 'SELL', quantity: 1, orderType: 'LIMIT', price: 1801.25 },
      'execute',
    ],
    ['go long 3 contracts of nq', { kind: 'order', side: 'BUY', quantity: 3, orderType: 'MARKET' }],
    ['short es', { kind: 'order', side: 'SELL', quantity: 1, orderType: 'MARKET' }],
    ['close my position', { kind: 'close_position' }, 'execute'],
    ['pending approvals', { kind: 'approvals' }],
    ['approve', { kind: 'approve' }],
    ['approve dec-42', { kind: 'approve', id: 'dec-42' }],
    ['reject decision ESZ13.CME-1386253800000000', { kind: 'reject', id: 'ESZ13.CME-1386253800000000' }],
    ['EMERGENCY STOP', { kind: 'emergency_stop', level: 'flatten' }],
    ['emergency stop reduce only', { kind: 'emergency_stop', level: 'reduce_only' }],
    ['stop trading, cancel all', { kind: 'emergency_stop', level: 'cancel_all' }],
    ['what is the emergency level?', { kind: 'status' }, 'explain'],
    ['should I buy ES now?', { kind: 'explain_decision' }],
    ['how much money did I make', { kind: 'pnl' }, 'explain'],
    ['confirm', { kind: 'confirm' }],
    ['yes', { kind: 'confirm' }],
    ['cancel', { kind: 'cancel' }],
    ['help', { kind: 'help' }],
    ['tell me a joke', { kind: 'unknown' }],
  ];
  it.each(cases)('%s', (text, command, intent) => {
    const p = parseChatMessage(text);
    expect(p.command).toEqual(command);
    if (intent !== undefined) expect(p.intent).toBe(intent);
    expect(p.confidence).toBe(command.kind === 'unknown' ? 0 : p.confidence);
  });

  it('extracts symbols, indicators, timeframes, conditions and the first number', () => {
    expect(extractChatEntities('alert me when NQ RSI on 5m crosses above 70')).toEqual({
      symbols: ['NQ'],
      indicators: ['RSI'],
      timeframes: ['5m'],
      conditions: ['above', 'crosses'],
      number: 70,
    });
    expect(extractChatEntities('ESZ13.CME and 6E daily, 1 hour ema')).toEqual({
      symbols: ['ESZ13', '6E'],
      indicators: ['EMA'],
      timeframes: ['1h', '1d'],
      conditions: [],
    });
    expect(extractChatEntities('hello')).toEqual({
      symbols: [],
      indicators: [],
      timeframes: [],
      conditions: [],
    });
  });

  it('is a pure function: same text, same result', () => {
    expect(parseChatMessage('buy 2 es')).toEqual(parseChatMessage('buy 2 es'));
  });
});
