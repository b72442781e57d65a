import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientOrderId, createOrder, instrumentId, money } from '@minhos/core';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from './EngineStore.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

const ES = instrumentId('ESZ25.CME');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('schema version 2', () => {
  it('migrates a version-1 database: rows, their insertion order and fill dedupe survive; no marks yet', () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-v2-'));
    dirs.push(dir);
    const path = join(dir, 'engine.sqlite');
    const v1 = new Database(path);
    v1.exec(MIGRATIONS[0] as string);
    v1.pragma('user_version = 1');
    const put = v1.prepare(
      'INSERT INTO orders (client_order_id, instrument_id, status, working, parent_id, oco_group, created_at, updated_at, body) VALUES (?, ?, ?, 1, NULL, NULL, ?, ?, ?)',
    );
    // Same creation time: the order between them is the insertion order.
    for (const id of ['z', 'a']) {
      const order = createOrder(
        { clientOrderId: clientOrderId(id), instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 1 },
        7,
      );
      put.run(
        id,
        ES,
        'INITIALIZED',
        7,
        7,
        JSON.stringify({ order, role: 'ENTRY', reduceOnly: false, outcomeUnknown: false }),
      );
    }
    const fill = {
      fillId: 'e1',
      clientOrderId: 'z',
      instrumentId: ES,
      side: 'BUY',
      quantity: 1,
      price: 5000,
      commission: money(0),
      time: 9,
    };
    v1.prepare(
      'INSERT INTO fills (fill_id, client_order_id, instrument_id, time, body) VALUES (?, ?, ?, ?, ?)',
    ).run('e1', 'z', ES, 9, JSON.stringify(fill));
    v1.prepare(
      "INSERT INTO risk_validations (time, client_order_id, approved, body) VALUES (1, 'z', 1, 'null')",
    ).run();
    v1.close();

    const ro = openStore(path, { readonly: true });
    expect(!ro.ok && ro.error.message).toMatch(/schema version 1.*read-write once/);

    const opened = openStore(path);
    if (!opened.ok) throw opened.error;
    const store = opened.value;
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    const snap = store.load();
    expect(snap.orders.map((r) => r.order.clientOrderId)).toEqual(['z', 'a']);
    expect(snap.fills.map((f) => f.fillId)).toEqual(['e1']);
    expect(snap.marks).toEqual([]);
    expect(store.putFill({ ...fill, clientOrderId: clientOrderId('z'), instrumentId: ES, side: 'BUY' })).toBe(
      false,
    );
    store.recordValidation({ time: 2, clientOrderId: clientOrderId('a'), approved: false, body: null });
    expect(store.validations().map((v) => v.clientOrderId)).toEqual(['z', 'a']);
    store.close();
  });
});
