import { useEffect, useState } from 'preact/hooks';
import { LiveContext, RoutesContext, useConnection } from './hooks.js';
import type { LiveClient } from './live.js';
import { loadRoutes, type RouteTable } from './routes.js';
import { AiTransparency } from './sections/AiTransparency.js';
import { Backtests } from './sections/Backtests.js';
import { Chat } from './sections/Chat.js';
import { CriticalSystems } from './sections/CriticalSystems.js';
import { DecisionInspector } from './sections/DecisionInspector.js';
import { DecisionQuality } from './sections/DecisionQuality.js';
import { Market } from './sections/Market.js';
import { MlMonitoring } from './sections/MlMonitoring.js';
import { Modules } from './sections/Modules.js';
import { Performance } from './sections/Performance.js';
import { Risk } from './sections/Risk.js';
import { Rollover } from './sections/Rollover.js';
import { StatusBar } from './sections/StatusBar.js';
import { TradingControl } from './sections/TradingControl.js';

function Sections() {
  const { state, epoch } = useConnection();
  const [routes, setRoutes] = useState<RouteTable | undefined>(undefined);
  // The route table is read again on every reconnect: a restarted server may have new endpoints.
  useEffect(() => {
    if (state !== 'online') return;
    let alive = true;
    loadRoutes().then(
      (r) => alive && setRoutes(r),
      () => {},
    );
    return () => {
      alive = false;
    };
  }, [epoch, state]);
  return (
    <RoutesContext.Provider value={routes}>
      <StatusBar />
      <main class={state === 'offline' ? 'stale' : ''}>
        <div class="col">
          <TradingControl />
          <Chat />
        </div>
        <div class="col">
          <Risk />
          <Rollover />
          <CriticalSystems />
        </div>
        <Market />
        <div class="col">
          <AiTransparency />
        </div>
        <div class="col">
          <DecisionQuality />
          <Modules />
          <MlMonitoring />
        </div>
        <DecisionInspector />
        <Performance />
        <Backtests />
      </main>
    </RoutesContext.Provider>
  );
}

/** The dashboard: one live connection, every section. */
export function App({ live }: { readonly live: LiveClient }) {
  return (
    <LiveContext.Provider value={live}>
      <Sections />
    </LiveContext.Provider>
  );
}
