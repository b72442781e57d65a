/* Test helper: a scripted DTC server on loopback and a client tuned for fault tests. Not part of the package API. */
import { createServer, type Server, type Socket } from 'node:net';
import { DtcClient, type DtcClientOptions } from '../DtcClient.js';
import { DtcFrameDecoder, encodeDtcEncodingMessage, encodeDtcJsonFrame } from '../dtcFraming.js';
import { DtcEncoding, DtcMessageType as T } from '../dtcProtocol.js';

/** A scripted DTC server: answers the handshake and logon unless told otherwise, records every frame. */
export interface Peer {
  readonly socket: Socket;
  readonly frames: Record<string, unknown>[];
  /** Resolves with the next frame of `type` (already received or future). */
  next(type: number): Promise<Record<string, unknown>>;
}

export interface Script {
  encoding?: (peer: Peer) => void;
  logon?: (peer: Peer, frame: Record<string, unknown>) => void;
  frame?: (peer: Peer, frame: Record<string, unknown>) => void;
  /** Like Sierra with its encoding preset to JSON: no binary handshake; a JSON ENCODING_REQUEST is answered in JSON. */
  jsonPreset?: boolean;
  /** Listen on this port (default: any free one). */
  port?: number;
}

export const LOGON_OK = encodeDtcJsonFrame({
  Type: T.LOGON_RESPONSE,
  Result: 1,
  ResultText: 'ok',
  ServerName: 'fake',
});
export const ENC_JSON = encodeDtcEncodingMessage(T.ENCODING_RESPONSE, DtcEncoding.JSON_ENCODING);

export function trade(symbolId: number, price: number, i: number): Buffer {
  return encodeDtcJsonFrame({
    Type: T.MARKET_DATA_UPDATE_TRADE,
    SymbolID: symbolId,
    AtBidOrAsk: 2,
    Price: price,
    Volume: 1,
    DateTime: 1_700_000_000 + i,
  });
}

const servers: Server[] = [];
const clients: { close(): Promise<void> }[] = [];

/** Closes every client and fake server made so far (call it in `afterEach`). */
export async function closeFakes(): Promise<void> {
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
}

/** Registers something to close in {@link closeFakes}. */
export function track<C extends { close(): Promise<void> }>(c: C): C {
  clients.push(c);
  return c;
}

export async function fakeServer(
  script: Script = {},
): Promise<{ port: number; peers: Peer[]; nextPeer: () => Promise<Peer>; close: () => Promise<void> }> {
  const peers: Peer[] = [];
  const peerWaiters: ((p: Peer) => void)[] = [];
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => {});
    const frames: Record<string, unknown>[] = [];
    const waiters: { type: number; resolve: (f: Record<string, unknown>) => void; from: number }[] = [];
    const peer: Peer = {
      socket,
      frames,
      next: (type) =>
        new Promise((resolve) => {
          waiters.push({ type, resolve, from: 0 });
          flush();
        }),
    };
    const taken = new Set<Record<string, unknown>>();
    const flush = () => {
      for (const w of [...waiters]) {
        const f = frames.find((x) => x.Type === w.type && !taken.has(x));
        if (f !== undefined) {
          taken.add(f);
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(f);
        }
      }
    };
    const decoder = new DtcFrameDecoder({ handshake: script.jsonPreset === true ? 'none' : 'request' });
    socket.on('data', (chunk) => {
      for (const ev of decoder.push(chunk)) {
        if (ev.kind === 'encoding') {
          if (script.encoding) script.encoding(peer);
          else socket.write(ENC_JSON);
        } else if (ev.kind === 'json') {
          const f = ev.value as Record<string, unknown>;
          frames.push(f);
          if (f.Type === T.ENCODING_REQUEST && script.jsonPreset === true) {
            socket.write(
              encodeDtcJsonFrame({
                Type: T.ENCODING_RESPONSE,
                ProtocolVersion: 8,
                Encoding: 2,
                ProtocolType: 'DTC',
              }),
            );
          } else if (f.Type === T.LOGON_REQUEST) {
            if (script.logon) script.logon(peer, f);
            else socket.write(LOGON_OK);
          } else script.frame?.(peer, f);
          flush();
        }
      }
    });
    peers.push(peer);
    peerWaiters.shift()?.(peer);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(script.port ?? 0, '127.0.0.1', () => r()));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return {
    port,
    peers,
    nextPeer: () => new Promise((resolve) => peerWaiters.push(resolve)),
    /** Stops listening and drops every connection (the server is gone for good). */
    close: () =>
      new Promise<void>((r) => {
        for (const p of peers) p.socket.destroy();
        server.close(() => r());
      }),
  };
}

export function client(port: number, extra: Partial<DtcClientOptions> = {}): DtcClient {
  const c = new DtcClient({
    port,
    heartbeatIntervalMs: 1000,
    heartbeatTimeoutMs: 5000,
    connectTimeoutMs: 2000,
    requestTimeoutMs: 2000,
    backoff: { initialMs: 20, maxMs: 200 },
    random: () => 0.5,
    ...extra,
  });
  clients.push(c);
  return c;
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
