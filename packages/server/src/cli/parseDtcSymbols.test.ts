import { describe, expect, it } from 'vitest';
import { parseDtcSymbols } from './parseDtcSymbols.js';

describe('parseDtcSymbols', () => {
  it.each([
    ['VXZ25-CFE', ['VXZ25-CFE']],
    ['VXZ25-CFE, 6EZ25-CME ,VXZ25-CFE', ['VXZ25-CFE', '6EZ25-CME']],
    ['BTCUSD#', ['BTCUSD#']],
  ])('%s → %j', (input, expected) => {
    expect(parseDtcSymbols(input)).toEqual(expected);
  });

  it.each([
    ['', 'at least one symbol'],
    [' , ', 'at least one symbol'],
    ['VXZ25-CFE,,ES', 'empty entry'],
    ['VX Z25', 'is not a Sierra Chart symbol'],
    ['-VX', 'is not a Sierra Chart symbol'],
  ])('refuses %j with a message saying what to fix', (input, message) => {
    const r = parseDtcSymbols(input);
    expect(typeof r).toBe('string');
    expect(r).toContain(message);
  });
});
