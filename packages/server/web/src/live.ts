/** The state of the `/ws` connection. */
export type Connection = 'connecting' | 'online' | 'offline';

type TopicListener = (data: unknown) => void;

/** The part of the browser's WebSocket the client uses (tests pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  send(text: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** `WebSocket.OPEN`. */
const OPEN = 1;
type ConnectionListener = (state: Connection, epoch: number) => void;

interface ServerMessage {
  readonly type: string;
  readonly topic?: string;
  readonly seq?: number;
  readonly data?: unknown;
  readonly message?: string;
}

/**
 * The one `/ws` connection of the page. Topics are subscribed while someone listens; every
 * `update` carries the topic's sequence number, and a gap asks the server to `resync` from the last
 * one seen (the server replays the missed messages or sends a fresh snapshot). When the server goes
 * away the state turns `offline` and the client reconnects with a growing delay (0.5 s … 5 s); on
 * reconnect it subscribes again (fresh snapshots) and bumps `epoch`, so REST-polled panels reload.
 */
export class LiveClient {
  readonly #url: string;
  readonly #listeners = new Map<string, Set<TopicListener>>();
  readonly #connection = new Set<ConnectionListener>();
  readonly #seq = new Map<string, number>();
  readonly #last = new Map<string, unknown>();
  #ws: SocketLike | undefined;
  #state: Connection = 'connecting';
  #epoch = 0;
  #delay = 500;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  readonly #connect: (url: string) => SocketLike;

  constructor(
    url: string,
    connect: (url: string) => SocketLike = (u) => new WebSocket(u) as unknown as SocketLike,
  ) {
    this.#url = url;
    this.#connect = connect;
  }

  /** Current connection state. */
  get state(): Connection {
    return this.#state;
  }

  /** How many times the connection has (re)opened. */
  get epoch(): number {
    return this.#epoch;
  }

  /** The last data seen on `topic`. */
  last(topic: string): unknown {
    return this.#last.get(topic);
  }

  /** Opens the connection (and keeps it open). */
  start(): void {
    this.#stopped = false;
    this.#open();
  }

  /** Stops reconnecting (the page never does; tests do). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** Listens to `topic` (subscribing it on the server); returns the unsubscribe function. */
  subscribe(topic: string, listener: TopicListener): () => void {
    let set = this.#listeners.get(topic);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(topic, set);
      this.#sendJson({ type: 'subscribe', topics: [topic] });
    }
    set.add(listener);
    if (this.#last.has(topic)) listener(this.#last.get(topic));
    return () => {
      const s = this.#listeners.get(topic);
      if (s === undefined) return;
      s.delete(listener);
      if (s.size === 0) {
        this.#listeners.delete(topic);
        this.#sendJson({ type: 'unsubscribe', topics: [topic] });
      }
    };
  }

  /** Calls `listener` on every connection change (and once now). */
  onConnection(listener: ConnectionListener): () => void {
    this.#connection.add(listener);
    listener(this.#state, this.#epoch);
    return () => this.#connection.delete(listener);
  }

  #setState(state: Connection): void {
    this.#state = state;
    for (const l of this.#connection) l(state, this.#epoch);
  }

  #sendJson(message: unknown): void {
    if (this.#ws?.readyState === OPEN) this.#ws.send(JSON.stringify(message));
  }

  #open(): void {
    const ws = this.#connect(this.#url);
    this.#ws = ws;
    ws.onopen = () => {
      this.#delay = 500;
      this.#epoch++;
      this.#seq.clear();
      // One topic per message: a topic this server lacks is refused alone, not with the others.
      for (const topic of this.#listeners.keys()) this.#sendJson({ type: 'subscribe', topics: [topic] });
      this.#setState('online');
    };
    ws.onmessage = (event) => this.#onMessage(String(event.data));
    ws.onclose = () => {
      if (this.#ws !== ws) return;
      this.#ws = undefined;
      this.#setState('offline');
      clearTimeout(this.#timer);
      if (this.#stopped) return;
      this.#timer = setTimeout(() => this.#open(), this.#delay);
      this.#delay = Math.min(5000, this.#delay * 2);
    };
    // A failed connect is followed by close, which schedules the retry.
    ws.onerror = () => {};
  }

  #emit(topic: string, data: unknown): void {
    this.#last.set(topic, data);
    for (const l of this.#listeners.get(topic) ?? []) l(data);
  }

  #onMessage(text: string): void {
    let m: ServerMessage;
    try {
      m = JSON.parse(text) as ServerMessage;
    } catch {
      return;
    }
    if (m.type === 'initial') {
      this.#emit('status', m.data);
      return;
    }
    if (m.topic === undefined || m.seq === undefined) return;
    const seen = this.#seq.get(m.topic);
    if (m.type === 'snapshot') {
      this.#seq.set(m.topic, m.seq);
      this.#emit(m.topic, m.data);
      return;
    }
    if (m.type !== 'update') return;
    if (seen !== undefined && m.seq <= seen) return; // replayed twice
    if (seen !== undefined && m.seq > seen + 1) {
      // Missed messages: ask for them; the replay (or snapshot) brings this one again.
      this.#sendJson({ type: 'resync', topic: m.topic, after: seen });
      return;
    }
    this.#seq.set(m.topic, m.seq);
    this.#emit(m.topic, m.data);
  }
}
