import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, errorText, getJson } from './api.js';
import type { Connection, LiveClient } from './live.js';
import type { RouteTable } from './routes.js';

/** The page's live connection, provided by `App`. */
export const LiveContext = createContext<LiveClient | null>(null);

/** The server's routes (undefined until the OpenAPI document is loaded), provided by `App`. */
export const RoutesContext = createContext<RouteTable | undefined>(undefined);

/** The server's route table, to show "not available" instead of calling a missing endpoint. */
export function useRoutes(): RouteTable | undefined {
  return useContext(RoutesContext);
}

function useLive(): LiveClient {
  const live = useContext(LiveContext);
  if (live === null) throw new Error('LiveContext missing: render inside <App>');
  return live;
}

/**
 * The latest data of a `/ws` topic: undefined until it has any (a topic with nothing yet sends a
 * null snapshot, e.g. `ai` before the first analysis after a restart).
 */
export function useTopic<T>(topic: string | null): T | undefined {
  const live = useLive();
  const [data, setData] = useState<T | undefined>(
    topic === null ? undefined : ((live.last(topic) ?? undefined) as T | undefined),
  );
  useEffect(() => {
    if (topic === null) return undefined;
    return live.subscribe(topic, (d) => setData((d ?? undefined) as T | undefined));
  }, [live, topic]);
  return data;
}

/** Connection state and epoch (bumped on every reconnect). */
export function useConnection(): { state: Connection; epoch: number } {
  const live = useLive();
  const [s, set] = useState({ state: live.state, epoch: live.epoch });
  useEffect(() => live.onConnection((state, epoch) => set({ state, epoch })), [live]);
  return s;
}

/** What a polled endpoint currently says. */
export interface Polled<T> {
  readonly data: T | undefined;
  /** This server has no such endpoint. */
  readonly unavailable: boolean;
  readonly error: string | undefined;
  /** Fetch again now. */
  readonly reload: () => void;
}

/**
 * GETs `path` now, every `everyMs` while online, again on reconnect and whenever `bump` changes;
 * keeps the last good data when a later call fails. `path` null: nothing is fetched.
 */
export function usePoll<T>(path: string | null, everyMs: number, bump: unknown = 0): Polled<T> {
  const { state, epoch } = useConnection();
  const routes = useRoutes();
  const [data, setData] = useState<T | undefined>(undefined);
  const [unavailable, setUnavailable] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const latest = useRef(path);
  latest.current = path;
  useEffect(() => {
    if (path === null || state === 'offline' || routes === undefined) return undefined;
    // Ask only for what this server has: a missing endpoint is a state, not a failed request.
    if (!routes.has('GET', path)) {
      setUnavailable(true);
      return undefined;
    }
    let alive = true;
    const load = () =>
      getJson<T>(path).then(
        (d) => {
          if (!alive || latest.current !== path) return;
          setData(d);
          setUnavailable(false);
          setError(undefined);
        },
        (e: unknown) => {
          if (!alive || latest.current !== path) return;
          if (e instanceof ApiFailure && e.unavailable) setUnavailable(true);
          else setError(errorText(e));
        },
      );
    void load();
    const timer = everyMs > 0 ? setInterval(load, everyMs) : undefined;
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [path, everyMs, state, epoch, tick, bump, routes]);
  return { data, unavailable, error, reload: () => setTick((t) => t + 1) };
}
