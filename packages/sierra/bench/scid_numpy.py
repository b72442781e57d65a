#!/usr/bin/env python3
"""NumPy side of scidDecode.bench.ts: read a .scid file and produce three contiguous columns
(time as float64 µs since the Unix epoch, close float32, total volume uint32) — the same work as
ScidReader.readColumns(['time', 'close', 'totalVolume']).

  python3 scid_numpy.py FILE REPS
  → one JSON line {"cold": rec/s, "warm": rec/s, "cold_4k": rec/s, "n": N}

cold: fresh arrays every repetition (np.fromfile + column copies). The memory is really fresh
(blocks this large are mmap'd by glibc and unmapped on free, not recycled), but NumPy asks the kernel
for transparent huge pages (madvise(MADV_HUGEPAGE) on arrays >= 4 MiB), so a fresh 2 MiB costs one
page fault, not 512. cold_4k: the same with that madvise switched off (4 KiB pages, as Node gets by
default). warm: the file read into a reused structured buffer, columns written into reused output
arrays. Best of REPS each.
"""
import json
import sys
import time

import numpy as np

HEADER = 56
EPOCH_OFFSET_US = 25569 * 86_400_000_000  # 1899-12-30 → 1970-01-01
DT = np.dtype([('t', '<i8'), ('o', '<f4'), ('h', '<f4'), ('l', '<f4'), ('c', '<f4'),
               ('n', '<u4'), ('v', '<u4'), ('b', '<u4'), ('a', '<u4')])


def main() -> None:
    path, reps = sys.argv[1], int(sys.argv[2])
    with open(path, 'rb') as f:
        f.seek(0, 2)
        n = (f.tell() - HEADER) // DT.itemsize

    def cold() -> None:
        rec = np.fromfile(path, dtype=DT, count=n, offset=HEADER)
        t = rec['t'].astype(np.float64)
        t -= EPOCH_OFFSET_US
        c = np.ascontiguousarray(rec['c'])
        v = np.ascontiguousarray(rec['v'])
        assert t.shape[0] == c.shape[0] == v.shape[0] == n

    raw = np.empty(n, dtype=DT)
    t_out = np.empty(n, dtype=np.float64)
    c_out = np.empty(n, dtype=np.float32)
    v_out = np.empty(n, dtype=np.uint32)

    def warm() -> None:
        with open(path, 'rb', buffering=0) as f:
            f.seek(HEADER)
            f.readinto(memoryview(raw).cast('B'))
        np.subtract(raw['t'], EPOCH_OFFSET_US, out=t_out, casting='unsafe')
        np.copyto(c_out, raw['c'])
        np.copyto(v_out, raw['v'])

    def best(fn) -> float:
        b = float('inf')
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            b = min(b, time.perf_counter() - t0)
        return b

    cold_s = best(cold)
    warm_s = best(warm)
    set_hugepage = getattr(getattr(np, '_core', np.core), 'multiarray')._set_madvise_hugepage
    was = set_hugepage(False)
    cold_4k_s = best(cold)
    set_hugepage(was)
    print(json.dumps({'cold': n / cold_s, 'warm': n / warm_s, 'cold_4k': n / cold_4k_s, 'n': n,
                      'numpy': np.__version__}))


if __name__ == '__main__':
    main()
