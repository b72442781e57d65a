/** Order or trade direction. */
export type Side = 'BUY' | 'SELL';

/** +1 for BUY, −1 for SELL: multiply a quantity by it to get a signed position change. */
export function sideSign(side: Side): 1 | -1 {
  return side === 'BUY' ? 1 : -1;
}

/** The opposite side (the side that closes a position opened with `side`). */
export function oppositeSide(side: Side): Side {
  return side === 'BUY' ? 'SELL' : 'BUY';
}
