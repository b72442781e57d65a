import { expectTypeOf, test } from 'vitest';
import type { LoadConfigOptions, MinhosConfig, MinhosConfigInput, TradingMode } from './index.js';
import { defaultConfig } from './index.js';

test('MinhosConfig is fully typed and deeply readonly', () => {
  expectTypeOf(defaultConfig.risk.maxDailyLoss).toEqualTypeOf<number>();
  expectTypeOf(defaultConfig.auth.token).toEqualTypeOf<string | undefined>();
  expectTypeOf(defaultConfig.symbols.enabled).toEqualTypeOf<readonly string[]>();
  expectTypeOf<TradingMode>().toEqualTypeOf<'manual' | 'semi_auto' | 'full_auto'>();
  expectTypeOf<MinhosConfig['models']['backend']>().toEqualTypeOf<'auto' | 'tensorflow' | 'wasm' | 'cpu'>();
  const config: MinhosConfig = defaultConfig;
  // @ts-expect-error frozen at runtime, readonly in the type
  config.risk.maxDailyLoss = 1;
  // @ts-expect-error readonly array
  config.symbols.enabled.push('GC');
});

test('inputs and overrides are deep partials that still reject unknown keys and wrong types', () => {
  expectTypeOf<{ risk: { maxDailyLoss: number } }>().toExtend<MinhosConfigInput>();
  expectTypeOf<Record<never, never>>().toExtend<MinhosConfigInput>();
  const options: LoadConfigOptions = { overrides: { trading: { mode: 'semi_auto' } } };
  expectTypeOf(options).toExtend<LoadConfigOptions>();
  // @ts-expect-error not a trading mode
  const bad: LoadConfigOptions = { overrides: { trading: { mode: 'auto' } } };
  // @ts-expect-error unknown key
  const typo: MinhosConfigInput = { risk: { maxDailyLos: 5 } };
  expectTypeOf([bad, typo]).not.toBeAny();
});
