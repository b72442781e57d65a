"""Generate cross-check fixtures by running kernc/backtesting.py 0.6.6 itself.

Not part of the product and not a dependency of it: run it by hand, outside the repository's
test suite, to (re)create packages/engine/src/backtest/fixtures/*.json. Only the resulting numbers
are committed.

Usage (Debian: apt-get install -y python3-pandas; bokeh is not needed, its import is stubbed):

    git -C <backtesting.py clone> archive 0.6.6 backtesting | tar -x -C /tmp/btcheck
    /usr/bin/python3 packages/engine/scripts/backtestingPyFixtures.py /tmp/btcheck data \
        packages/engine/src/backtest/fixtures <backtesting.py clone, for its commit id>
"""

import json
import math
import subprocess
import sys
import types
import warnings

src_dir, data_dir, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]

# backtesting.py imports its bokeh plotting module at import time; plotting is never used here.
plotting = types.ModuleType('backtesting._plotting')
plotting.plot = plotting.plot_heatmaps = plotting.set_bokeh_output = lambda *a, **k: None
sys.modules['backtesting._plotting'] = plotting
sys.path.insert(0, src_dir)

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from backtesting import Backtest, Strategy  # noqa: E402
from backtesting._stats import compute_stats  # noqa: E402
from backtesting.lib import crossover  # noqa: E402

warnings.simplefilter('ignore')


def sma(values, n):
    return pd.Series(values).rolling(n).mean()


def make_strategy(fast, slow, size):
    class SmaCross(Strategy):
        """The docs' SmaCross: on a cross, close the position and reverse."""

        def init(self):
            self.sma1 = self.I(sma, self.data.Close, fast)
            self.sma2 = self.I(sma, self.data.Close, slow)

        def next(self):
            if crossover(self.sma1, self.sma2):
                self.position.close()
                self.buy(size=size)
            elif crossover(self.sma2, self.sma1):
                self.position.close()
                self.sell(size=size)

    return SmaCross


def num(x):
    if isinstance(x, pd.Timedelta):
        return None if pd.isna(x) else x.value / 1000  # µs
    if isinstance(x, pd.Timestamp):
        return x.value / 1000
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def load_spy():
    df = pd.read_csv(f'{data_dir}/ohlcv/spy_daily_raw_lean.csv', parse_dates=['date'], index_col='date')
    return df.rename(columns=str.capitalize)


def load_es(name, contract, rows=None):
    df = pd.read_csv(f'{data_dir}/ohlcv/{name}', parse_dates=['time_utc_bar_start'])
    df = df[df['contract_yyyymm'] == contract]
    df['time_utc_bar_start'] = df['time_utc_bar_start'].dt.tz_localize(None)
    df = df.set_index('time_utc_bar_start').drop(columns=['contract_yyyymm'])
    df = df.rename(columns=str.capitalize)
    return df.iloc[:rows] if rows else df


def run(name, df, source, fast, slow, size, cash, commission, spread=0.0, margin=1.0, inline=False):
    bt = Backtest(df, make_strategy(fast, slow, size), cash=cash, commission=commission,
                  spread=spread, margin=margin, finalize_trades=True)
    s = bt.run()
    trades = s['_trades']
    equity = s['_equity_curve']['Equity']
    stats = {k: num(v) for k, v in s.items() if not k.startswith('_')}
    # LEAN-style Sharpe of the same daily equity returns, by pandas (not by backtesting.py):
    # arithmetic mean × 252 over sample std × √252.
    days = equity.resample('D').last().dropna().pct_change().dropna()
    lean_sharpe = days.mean() * 252 / (days.std(ddof=1) * np.sqrt(252))
    out = {
        'provenance': {
            'tool': 'kernc/backtesting.py 0.6.6 (tag 0.6.6, commit ' + commit + ')',
            'pandas': pd.__version__,
            'numpy': np.__version__,
            'command': 'python3 packages/engine/scripts/backtestingPyFixtures.py /tmp/btcheck data '
                       'packages/engine/src/backtest/fixtures',
            'data': source,
            'strategy': f'SmaCross: SMA({fast}) crosses SMA({slow}) on Close: position.close() then '
                        f'buy/sell(size={size})',
            'settings': {'cash': cash, 'commission': commission, 'spread': spread, 'margin': margin,
                         'trade_on_close': False, 'hedging': False, 'exclusive_orders': False,
                         'finalize_trades': True, 'risk_free_rate': 0},
            'units': 'times and durations in µs since the Unix epoch (naive index read as UTC); '
                     'null = NaN',
        },
        'bars': len(df),
        'firstTime': num(df.index[0]),
        'warmupBars': slow - 1,
        'equity': [float(x) for x in equity.values],
        'trades': [
            {'size': int(t.Size), 'entryBar': int(t.EntryBar), 'exitBar': int(t.ExitBar),
             'entryPrice': float(t.EntryPrice), 'exitPrice': float(t.ExitPrice),
             'pnl': float(t.PnL), 'commission': float(t.Commission),
             'returnPct': float(t.ReturnPct)}
            for t in trades.itertuples()
        ],
        'stats': stats,
        **({'inlineBars': [{'time': num(t), 'open': float(r.Open), 'close': float(r.Close)}
                           for t, r in df.iterrows()]} if inline else {}),
        'leanSharpe252': num(lean_sharpe),
        # The same run's statistics recomputed by backtesting.py's own compute_stats with a 3 %
        # risk-free rate (Backtest.run always passes 0). Trades passed as its DataFrame, so
        # 'Commissions [$]' is not reported here.
        'statsRiskFree3pct': {k: num(v) for k, v in compute_stats(
            trades, equity.values, df, s['_strategy'], risk_free_rate=0.03).items()
            if not k.startswith('_')},
    }
    with open(f'{out_dir}/{name}.json', 'w') as f:
        json.dump(out, f, indent=1, allow_nan=False)
    print(name, len(out['trades']), 'trades')
    print(s.drop(['_strategy', '_equity_curve', '_trades']).to_string())


commit = subprocess.run(['git', '-C', sys.argv[4] if len(sys.argv) > 4 else '.', 'rev-parse', 'HEAD'],
                        capture_output=True, text=True).stdout.strip() or 'see README'

run('spy_daily_sma10_20', load_spy(), 'data/ohlcv/spy_daily_raw_lean.csv (all rows)',
    10, 20, 0.9999, 10_000, 0.002)
spy = load_spy()
weekly = spy.resample('W').agg({'Open': 'first', 'High': 'max', 'Low': 'min', 'Close': 'last',
                                'Volume': 'sum'}).dropna()
run('spy_weekly_sma10_20', weekly,
    'data/ohlcv/spy_daily_raw_lean.csv resampled to weeks ending Sunday (pandas resample("W"): '
    'first open, max high, min low, last close)', 10, 20, 0.9999, 10_000, 0.002)
# Real SPY prices on a synthetic calendar of consecutive days (weekends included), to exercise the
# 365-periods-a-year branch that crypto-like data takes.
every_day = spy.iloc[:1500].copy()
every_day.index = pd.date_range('2000-01-01', periods=len(every_day), freq='D')
run('spy_calendar_days_sma10_20', every_day,
    'first 1500 rows of data/ohlcv/spy_daily_raw_lean.csv re-dated to consecutive calendar days '
    'from 2000-01-01 (synthetic calendar, real prices)', 10, 20, 0.5, 10_000, 0.001)
run('spy_daily_sma5_15_costs', spy.iloc[-1500:],
    'last 1500 rows of data/ohlcv/spy_daily_raw_lean.csv', 5, 15, 0.3, 10_000, (1.0, 0.0005),
    spread=0.0002, margin=0.5)
run('es_daily_sma5_10', load_es('es_daily_trade_lean.csv', 'ES201312'),
    'data/ohlcv/es_daily_trade_lean.csv, rows with contract_yyyymm = ES201312',
    5, 10, 1, 10_000, (2.5, 0.0))
run('es_1min_sma10_30', load_es('es_1min_trade_lean.csv', 'ES201312', 6000),
    'data/ohlcv/es_1min_trade_lean.csv, first 6000 rows with contract_yyyymm = ES201312',
    10, 30, 0.5, 100_000, 0.0001)

# A synthetic squeeze at 10x leverage: a short is caught by a gap up, equity goes below zero and
# backtesting.py stops the run.
crash_close = [100, 99, 98, 99, 100, 101, 100, 98, 96, 94, 92, 91, 90, 105, 110, 108, 111, 115,
               117, 116, 118, 119, 121, 120]
crash = pd.DataFrame({'Open': [c - 0.5 for c in crash_close], 'High': [c + 1 for c in crash_close],
                      'Low': [c - 1 for c in crash_close], 'Close': crash_close},
                     index=pd.date_range('2024-01-01', periods=len(crash_close), freq='B'))
run('synthetic_squeeze_10x', crash, 'synthetic: closes listed in the generator, open = close - 0.5 '
    '(bars inline in this file)', 2, 4, 0.9999, 10_000, 0.0, margin=0.1, inline=True)
