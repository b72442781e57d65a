/**
 * A hand-assembled WebAssembly SIMD kernel (no toolchain needed): `mv(w, x, out, nBytes, m)`
 * writes `out[j] = Σ_i w[j·n + i] · x[i]` for `j < m` over float32 rows of `n = nBytes / 4` values
 * (n a multiple of 16, ≥ 16), four accumulators of four lanes, summed pairwise. Addresses are byte
 * offsets into the imported `env.memory`.
 */
const zero16 = new Array(16).fill(0);
// biome-ignore format: the byte layout mirrors the instruction stream
const BYTES = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  // type: (i32 ×5) → ()
  0x01, 0x09, 0x01, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00,
  // import env.memory, min 1 page
  0x02, 0x0f, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x01,
  // function 0 has type 0
  0x03, 0x02, 0x01, 0x00,
  // export "mv"
  0x07, 0x06, 0x01, 0x02, 0x6d, 0x76, 0x00, 0x00,
];
// Locals: j, i (i32) = 5, 6; four accumulators (v128) = 7..10; wp (i32) = 11. Four independent
// accumulators hide the latency of f32x4.add; each iteration consumes 16 floats (64 bytes).
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const load = (offset: number) => [0xfd, 0x00, 0x02, offset];
const F32X4_ADD = [0xfd, 0xe4, 0x01];
const F32X4_MUL = [0xfd, 0xe6, 0x01];
const lane = (k: number) => [...get(7), 0xfd, 0x1f, k];
const BODY = [
  0x03,
  0x02,
  0x7f,
  0x04,
  0x7b,
  0x01,
  0x7f,
  ...get(0),
  ...set(11),
  0x02,
  0x40,
  ...get(4),
  0x45,
  0x0d,
  0x00,
  0x03,
  0x40,
  ...[7, 8, 9, 10].flatMap((a) => [0xfd, 0x0c, ...zero16, ...set(a)]),
  0x41,
  0x00,
  ...set(6),
  0x03,
  0x40,
  ...[0, 1, 2, 3].flatMap((k) => [
    ...get(7 + k),
    ...get(11),
    ...load(16 * k),
    ...get(1),
    ...get(6),
    0x6a,
    ...load(16 * k),
    ...F32X4_MUL,
    ...F32X4_ADD,
    ...set(7 + k),
  ]),
  ...get(11),
  0x41,
  0xc0,
  0x00,
  0x6a,
  ...set(11),
  ...get(6),
  0x41,
  0xc0,
  0x00,
  0x6a,
  ...tee(6),
  ...get(3),
  0x49,
  0x0d,
  0x00,
  0x0b,
  ...get(7),
  ...get(8),
  ...F32X4_ADD,
  ...get(9),
  ...get(10),
  ...F32X4_ADD,
  ...F32X4_ADD,
  ...set(7),
  ...get(2),
  ...lane(0),
  ...lane(1),
  0x92,
  ...lane(2),
  ...lane(3),
  0x92,
  0x92,
  0x38,
  0x02,
  0x00,
  ...get(2),
  0x41,
  0x04,
  0x6a,
  ...set(2),
  ...get(5),
  0x41,
  0x01,
  0x6a,
  ...tee(5),
  ...get(4),
  0x49,
  0x0d,
  0x00,
  0x0b,
  0x0b,
  0x0b,
];

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** The slice of the WebAssembly JS API this file uses (the TS lib config has no WebAssembly types). */
interface Wasm {
  validate(bytes: Uint8Array): boolean;
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => unknown;
  Instance: new (m: unknown, imports: unknown) => { exports: Record<string, unknown> };
}

/** The matrix-vector kernel: `mv(w, x, out, nBytes, m)` (byte offsets). */
export type MatVec = (w: number, x: number, out: number, nBytes: number, m: number) => void;

/** The kernel bound to a fresh memory of `bytes` bytes, or undefined where wasm SIMD is unavailable. */
export function simdMatVec(bytes: number): { readonly buffer: ArrayBuffer; readonly mv: MatVec } | undefined {
  const wasm = (globalThis as unknown as { WebAssembly?: Wasm }).WebAssembly;
  const body = [...leb(BODY.length), ...BODY];
  const code = [0x0a, ...leb(body.length + 1), 0x01, ...body];
  const module = new Uint8Array([...BYTES, ...code]);
  if (!wasm?.validate(module)) return undefined;
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const instance = new wasm.Instance(new wasm.Module(module), { env: { memory } });
  return { buffer: memory.buffer, mv: instance.exports.mv as MatVec };
}
