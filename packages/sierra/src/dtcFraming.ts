import { DTC_PROTOCOL_VERSION, DtcEncoding, DtcMessageType } from './dtcProtocol.js';

/**
 * Byte-level DTC framing for the JSON encoding, with no I/O:
 * 1. the client opens with a **binary** 16-byte ENCODING_REQUEST and the server answers with a binary
 *    16-byte ENCODING_RESPONSE (little endian: `Size u16, Type u16, ProtocolVersion i32, Encoding i32,
 *    ProtocolType char[4] = "DTC\0"`);
 * 2. every later message is a JSON object terminated by one NUL byte.
 */

/** Size in bytes of `s_EncodingRequest` / `s_EncodingResponse`. */
export const DTC_ENCODING_MESSAGE_SIZE = 16;

/** A decoded ENCODING_REQUEST or ENCODING_RESPONSE. */
export interface DtcEncodingMessage {
  /** {@link DtcMessageType.ENCODING_REQUEST} (6) or {@link DtcMessageType.ENCODING_RESPONSE} (7). */
  readonly type: number;
  readonly protocolVersion: number;
  /** A {@link DtcEncoding} value; 2 = JSON. */
  readonly encoding: number;
  /** Normally `"DTC"`. */
  readonly protocolType: string;
}

/**
 * Encodes the binary ENCODING_REQUEST (type 6) or ENCODING_RESPONSE (type 7).
 *
 * @example
 * ```ts
 * import { encodeDtcEncodingMessage, DtcMessageType, DtcEncoding } from '@minhos/sierra';
 * const bytes = encodeDtcEncodingMessage(DtcMessageType.ENCODING_REQUEST, DtcEncoding.JSON_ENCODING);
 * bytes.length; // 16
 * ```
 */
export function encodeDtcEncodingMessage(
  type: number,
  encoding: number = DtcEncoding.JSON_ENCODING,
  protocolVersion: number = DTC_PROTOCOL_VERSION,
): Buffer {
  const b = Buffer.alloc(DTC_ENCODING_MESSAGE_SIZE);
  b.writeUInt16LE(DTC_ENCODING_MESSAGE_SIZE, 0);
  b.writeUInt16LE(type, 2);
  b.writeInt32LE(protocolVersion, 4);
  b.writeInt32LE(encoding, 8);
  b.write('DTC', 12, 'latin1'); // byte 15 stays 0: the C string terminator
  return b;
}

/**
 * Decodes a binary ENCODING_REQUEST/RESPONSE from the start of `bytes` (which must hold at least
 * `Size` bytes). Returns `undefined` when the bytes are not one.
 */
export function decodeDtcEncodingMessage(bytes: Uint8Array): DtcEncodingMessage | undefined {
  if (bytes.length < 12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = view.getUint16(0, true);
  const type = view.getUint16(2, true);
  if (type !== DtcMessageType.ENCODING_REQUEST && type !== DtcMessageType.ENCODING_RESPONSE) return undefined;
  if (size < 12 || size > 64 || bytes.length < size) return undefined;
  let protocolType = '';
  for (let i = 12; i < Math.min(size, 16); i++) {
    const c = bytes[i] as number;
    if (c === 0) break;
    protocolType += String.fromCharCode(c);
  }
  return { type, protocolVersion: view.getInt32(4, true), encoding: view.getInt32(8, true), protocolType };
}

/** A DTC message as a JSON object: an integer `Type` plus the struct's fields by name. */
export type DtcJsonFrame = { readonly Type: number; readonly [field: string]: unknown };

/**
 * Serialises one DTC JSON message as a frame: the JSON text followed by a NUL byte.
 *
 * @example
 * ```ts
 * import { encodeDtcJsonFrame } from '@minhos/sierra';
 * encodeDtcJsonFrame({ Type: 3 }).toString(); // '{"Type":3}\u0000'
 * ```
 */
export function encodeDtcJsonFrame(message: DtcJsonFrame): Buffer {
  return Buffer.from(`${JSON.stringify(message)}\u0000`, 'utf8');
}

/** One thing the {@link DtcFrameDecoder} found in the byte stream. */
export type DtcFrameEvent =
  | { readonly kind: 'encoding'; readonly message: DtcEncodingMessage }
  | { readonly kind: 'json'; readonly value: unknown }
  | {
      readonly kind: 'malformed';
      /** `invalid-json` (frame skipped), `frame-too-large` (bytes skipped up to the next NUL), `bad-handshake`. */
      readonly reason: 'invalid-json' | 'frame-too-large' | 'bad-handshake';
      /** Up to 200 characters of the offending text, for logs. */
      readonly excerpt: string;
      readonly detail: string;
    };

/** Options of {@link DtcFrameDecoder}. */
export interface DtcFrameDecoderOptions {
  /**
   * Which binary encoding message to expect before the JSON frames: `'response'` (a client reading a
   * server), `'request'` (a server reading a client), or `'none'` (JSON from the first byte).
   * A stream that starts with `{` instead is accepted as JSON directly (servers configured with a
   * fixed JSON encoding may skip the handshake).
   */
  readonly handshake?: 'response' | 'request' | 'none';
  /** Largest accepted frame in bytes (default 1 MiB); longer runs without a NUL are skipped and reported. */
  readonly maxFrameBytes?: number;
}

const NUL = 0;
const OPEN_BRACE = 0x7b;
const EXCERPT = 200;

/**
 * Incremental, pure decoder of a DTC JSON byte stream: feed it whatever TCP delivers (one byte at a
 * time, or a handshake coalesced with many frames) and it returns the complete frames found so far.
 *
 * Malformed input never throws and never desynchronises the stream: invalid JSON is reported and the
 * next NUL starts a new frame; a run longer than `maxFrameBytes` without a NUL is reported once and
 * skipped up to the next NUL. Validation of message fields is separate ({@link parseDtcServerMessage}).
 *
 * @example
 * ```ts
 * import { DtcFrameDecoder } from '@minhos/sierra';
 * const d = new DtcFrameDecoder({ handshake: 'none' });
 * d.push(Buffer.from('{"Type":3}\0{"Ty'));   // [{ kind: 'json', value: { Type: 3 } }]
 * d.push(Buffer.from('pe":3}\0'));            // [{ kind: 'json', value: { Type: 3 } }]
 * ```
 */
export class DtcFrameDecoder {
  readonly #maxFrameBytes: number;
  #handshake: 'response' | 'request' | 'none';
  readonly #parts: Buffer[] = [];
  #partsLength = 0;
  #skipping = false;

  constructor(options: DtcFrameDecoderOptions = {}) {
    this.#handshake = options.handshake ?? 'none';
    this.#maxFrameBytes = options.maxFrameBytes ?? 1024 * 1024;
  }

  /** Whether the binary handshake message is still awaited. */
  get awaitingHandshake(): boolean {
    return this.#handshake !== 'none';
  }

  /** Bytes held for an incomplete frame. */
  get bufferedBytes(): number {
    return this.#partsLength;
  }

  /** Forgets any partial frame and expects the handshake again (call on reconnect). */
  reset(handshake: 'response' | 'request' | 'none' = 'none'): void {
    this.#parts.length = 0;
    this.#partsLength = 0;
    this.#skipping = false;
    this.#handshake = handshake;
  }

  /** Consumes `chunk` and returns every complete frame it finished, in order. */
  push(chunk: Uint8Array): DtcFrameEvent[] {
    const out: DtcFrameEvent[] = [];
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.#handshake !== 'none') {
      buf = this.#consumeHandshake(buf, out);
      if (buf.length === 0) return out;
    }
    const lastNul = buf.lastIndexOf(NUL);
    if (lastNul < 0) {
      this.#hold(buf, out);
      return out;
    }
    // Everything up to the last NUL is whole frames. A NUL byte never occurs inside a multi-byte
    // UTF-8 sequence, so decoding that region at once is safe, and much cheaper than per frame.
    let text: string;
    if (this.#partsLength > 0) {
      this.#parts.push(buf.subarray(0, lastNul));
      text = Buffer.concat(this.#parts, this.#partsLength + lastNul).toString('utf8');
      this.#parts.length = 0;
      this.#partsLength = 0;
    } else {
      text = buf.toString('utf8', 0, lastNul);
    }
    let from = 0;
    if (this.#skipping) {
      // The tail of an oversized frame: drop it through its terminating NUL.
      this.#skipping = false;
      const first = text.indexOf('\u0000');
      from = first < 0 ? text.length + 1 : first + 1;
    }
    while (from <= text.length) {
      let nul = text.indexOf('\u0000', from);
      if (nul < 0) nul = text.length;
      if (nul > from) this.#emitFrame(text, from, nul, out);
      from = nul + 1;
    }
    if (lastNul + 1 < buf.length) this.#hold(buf.subarray(lastNul + 1), out);
    return out;
  }

  #hold(rest: Buffer, out: DtcFrameEvent[]): void {
    if (this.#skipping) return;
    if (this.#partsLength + rest.length > this.#maxFrameBytes) {
      const head = this.#parts.length > 0 ? (this.#parts[0] as Buffer) : rest;
      out.push({
        kind: 'malformed',
        reason: 'frame-too-large',
        excerpt: head.toString('utf8', 0, Math.min(head.length, EXCERPT)),
        detail: `no NUL terminator within ${this.#maxFrameBytes} bytes; skipping to the next NUL`,
      });
      this.#parts.length = 0;
      this.#partsLength = 0;
      this.#skipping = true;
      return;
    }
    // Copy: the caller may reuse its chunk buffer after push() returns.
    this.#parts.push(Buffer.from(rest));
    this.#partsLength += rest.length;
  }

  #emitFrame(text: string, start: number, end: number, out: DtcFrameEvent[]): void {
    const frame = start === 0 && end === text.length ? text : text.slice(start, end);
    // Tolerate whitespace-only frames (e.g. a stray newline between frames) silently.
    const c = frame.charCodeAt(0);
    if ((c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) && frame.trim() === '') return;
    try {
      out.push({ kind: 'json', value: JSON.parse(frame) });
    } catch (e) {
      out.push({
        kind: 'malformed',
        reason: 'invalid-json',
        excerpt: frame.slice(0, EXCERPT),
        detail: e instanceof Error ? e.message : String(e),
      });
    }
  }

  #consumeHandshake(buf: Buffer, out: DtcFrameEvent[]): Buffer {
    let data = buf;
    if (this.#partsLength > 0) {
      this.#parts.push(buf);
      data = Buffer.concat(this.#parts, this.#partsLength + buf.length);
      this.#parts.length = 0;
      this.#partsLength = 0;
    }
    if (data.length === 0) return data;
    if (data[0] === OPEN_BRACE) {
      this.#handshake = 'none';
      return data;
    }
    if (data.length < 4) {
      this.#parts.push(Buffer.from(data));
      this.#partsLength = data.length;
      return data.subarray(data.length);
    }
    const size = data.readUInt16LE(0);
    const type = data.readUInt16LE(2);
    const expected =
      this.#handshake === 'response' ? DtcMessageType.ENCODING_RESPONSE : DtcMessageType.ENCODING_REQUEST;
    if (type !== expected || size < 12 || size > 64) {
      out.push({
        kind: 'malformed',
        reason: 'bad-handshake',
        excerpt: data.subarray(0, Math.min(data.length, 16)).toString('hex'),
        detail: `expected a binary ENCODING_${this.#handshake === 'response' ? 'RESPONSE (7)' : 'REQUEST (6)'} of 16 bytes, got Size=${size} Type=${type}`,
      });
      this.#handshake = 'none';
      // Resynchronise on the next NUL: whatever follows may still be valid JSON frames.
      const nul = data.indexOf(NUL);
      return nul < 0 ? data.subarray(data.length) : data.subarray(nul + 1);
    }
    if (data.length < size) {
      this.#parts.push(Buffer.from(data));
      this.#partsLength = data.length;
      return data.subarray(data.length);
    }
    const message = decodeDtcEncodingMessage(data.subarray(0, size));
    if (message !== undefined) out.push({ kind: 'encoding', message });
    this.#handshake = 'none';
    return data.subarray(size);
  }
}
