import { MinhosError } from '@minhos/core';
import type { DtcClientStats, DtcSessionOptions } from '../DtcSessionOptions.js';
import type { DtcFrameEvent, DtcJsonFrame } from '../dtcFraming.js';
import type { DtcLogonResponse } from '../dtcMessages.js';
import { DTC_PROTOCOL_VERSION, DtcEncoding, DtcLogonStatus, DtcMessageType as T } from '../dtcProtocol.js';

/**
 * What `DtcSession` sends and the errors it reports, apart from the connection state machine:
 * the logon request, the reading of a logon response and the texts of session errors.
 */

/** Zeroed counters of a new session. */
export function newDtcClientStats(): DtcClientStats {
  return {
    bytesReceived: 0,
    framesReceived: 0,
    messagesReceived: 0,
    malformedFrames: 0,
    invalidMessages: 0,
    unknownTypes: 0,
    otherMessages: 0,
    heartbeatsReceived: 0,
    heartbeatTimeouts: 0,
    connects: 0,
    reconnects: 0,
    disconnects: 0,
    requestTimeouts: 0,
    droppedMarketData: 0,
    unmatchedMarketData: 0,
    listenerErrors: 0,
  };
}

/** The LOGON_REQUEST of a session (heartbeat interval in whole seconds, 0 = none). */
export function dtcLogonRequest(o: DtcSessionOptions, heartbeatMs: number): DtcJsonFrame {
  return {
    Type: T.LOGON_REQUEST,
    ProtocolVersion: DTC_PROTOCOL_VERSION,
    Username: o.username ?? '',
    Password: o.password ?? '',
    GeneralTextData: '',
    Integer_1: o.logonInteger1 ?? 0,
    Integer_2: 0,
    HeartbeatIntervalInSeconds: heartbeatMs === 0 ? 0 : Math.max(1, Math.round(heartbeatMs / 1000)),
    TradeAccount: o.tradeAccount ?? '',
    HardwareIdentifier: '',
    ClientName: o.clientName ?? 'MinhOS',
  };
}

/** The JSON ENCODING_REQUEST (sent when the server's encoding is preset to JSON). */
export function dtcJsonEncodingRequest(): DtcJsonFrame {
  return {
    Type: T.ENCODING_REQUEST,
    ProtocolVersion: DTC_PROTOCOL_VERSION,
    Encoding: DtcEncoding.JSON_ENCODING,
    ProtocolType: 'DTC',
  };
}

/** A LOGON_RESPONSE read: success, or the error, whether to stop reconnecting and a new address. */
export type DtcLogonOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly error: MinhosError;
      readonly noReconnect: boolean;
      readonly host?: string;
      readonly port?: number;
    };

/** Reads a LOGON_RESPONSE. */
export function dtcLogonOutcome(m: DtcLogonResponse): DtcLogonOutcome {
  if (m.Result === DtcLogonStatus.LOGON_SUCCESS) return { ok: true };
  let host: string | undefined;
  let port: number | undefined;
  if (m.Result === DtcLogonStatus.LOGON_RECONNECT_NEW_ADDRESS && m.ReconnectAddress !== '') {
    const [h, p] = m.ReconnectAddress.split(':');
    if (h !== undefined && h !== '') host = h;
    const n = Number(p);
    if (Number.isInteger(n) && n > 0 && n < 65536) port = n;
  }
  const noReconnect = m.Result === DtcLogonStatus.LOGON_ERROR_NO_RECONNECT;
  const error = new MinhosError(
    'DTC_LOGON_REJECTED',
    `DTC logon rejected (Result ${m.Result}): ${m.ResultText || '(no text)'}`,
    {
      retryable: !noReconnect,
      details: { result: m.Result, resultText: m.ResultText, reconnectAddress: m.ReconnectAddress },
    },
  );
  return {
    ok: false,
    error,
    noReconnect,
    ...(host === undefined ? {} : { host }),
    ...(port === undefined ? {} : { port }),
  };
}

/** The server chose an encoding other than JSON. */
export function dtcEncodingRefused(encoding: unknown, binaryAnswer: boolean): MinhosError {
  return binaryAnswer
    ? new MinhosError(
        'DTC_ENCODING_REFUSED',
        `DTC server answered encoding ${String(encoding)}, this client speaks JSON (2) only; set Sierra Chart's DTC server encoding to JSON or Automatic`,
        { details: { encoding } },
      )
    : new MinhosError(
        'DTC_ENCODING_REFUSED',
        `DTC server answered encoding ${String(encoding)}, this client speaks JSON (2) only`,
      );
}

/** A frame the decoder could not read. */
export function dtcMalformedFrame(ev: Extract<DtcFrameEvent, { kind: 'malformed' }>): MinhosError {
  return new MinhosError(
    ev.reason === 'bad-handshake' ? 'DTC_BAD_HANDSHAKE' : 'DTC_MALFORMED_FRAME',
    `DTC ${ev.reason}: ${ev.detail}`,
    { retryable: true, details: { excerpt: ev.excerpt } },
  );
}

/** Connect plus logon took longer than `connectTimeoutMs`. */
export function dtcConnectTimeout(host: string, port: number, timeoutMs: number): MinhosError {
  return new MinhosError(
    'DTC_TIMEOUT',
    `DTC connect/logon to ${host}:${port} timed out after ${timeoutMs} ms`,
    {
      retryable: true,
      details: { host, port, timeoutMs },
    },
  );
}

/** No answer to the binary encoding request (the server is probably preset to JSON). */
export function dtcEncodingNoAnswer(host: string, port: number, ms: number): MinhosError {
  return new MinhosError(
    'DTC_ENCODING_NO_ANSWER',
    `DTC server ${host}:${port} did not answer the binary encoding request within ${ms} ms (its encoding is probably preset to JSON; retrying in JSON)`,
    { retryable: true },
  );
}

/** A socket error. */
export function dtcSocketError(host: string, port: number, e: Error): MinhosError {
  return new MinhosError('DTC_SOCKET_ERROR', `DTC socket ${host}:${port}: ${e.message}`, {
    cause: e,
    retryable: true,
    details: { host, port },
  });
}

/** The server closed the TCP connection. */
export function dtcConnectionClosed(host: string, port: number): MinhosError {
  return new MinhosError('DTC_CONNECTION_CLOSED', `DTC server ${host}:${port} closed the connection`, {
    retryable: true,
  });
}

/** Nothing received for longer than the heartbeat timeout. */
export function dtcHeartbeatTimeout(silentMs: number, timeoutMs: number): MinhosError {
  const silent = Math.round(silentMs);
  return new MinhosError(
    'DTC_HEARTBEAT_TIMEOUT',
    `no data from DTC server for ${silent} ms (limit ${timeoutMs} ms)`,
    {
      retryable: true,
      details: { silentMs: silent, timeoutMs },
    },
  );
}
