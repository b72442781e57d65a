import { MinhosError } from '@minhos/core';
import { builtinContracts } from './builtinContracts.js';
import type { ContractSpec } from './ContractSpec.js';
import { defineContract } from './defineContract.js';

/**
 * A set of contract specs keyed by root: the one place products and their conventions live.
 * Symbol parsing, subscriptions and rollover status look roots up here, so adding a product or
 * changing a roll rule is a data change (a spec), never a code change.
 *
 * Registries are plain values (no global state): create one per application or test.
 *
 * @example
 * ```ts
 * import { contractRegistry, defineContract, ES } from '@minhos/symbols';
 * const registry = contractRegistry();
 * registry.get('NQ').pointValue; // 20
 * // Roll ES 10 calendar days before expiry instead of CME's 8:
 * const mine = contractRegistry().define(defineContract({ ...ES, roll: { kind: 'calendarDaysBeforeExpiry', days: 10 } }), { replace: true });
 * ```
 */
export class ContractRegistry {
  readonly #specs = new Map<string, ContractSpec>();

  /** A registry holding `specs` (validated with {@link defineContract}). */
  constructor(specs: Iterable<ContractSpec> = []) {
    for (const s of specs) this.define(s);
  }

  /**
   * Adds a spec (validated). Returns `this` for chaining.
   *
   * @throws {@link @minhos/core!MinhosError} `CONTRACT_SPEC_INVALID` for a bad spec, `CONTRACT_ROOT_DUPLICATE`
   * when the root exists and `replace` is not set.
   */
  define(spec: ContractSpec, options: { readonly replace?: boolean } = {}): this {
    const valid = defineContract(spec);
    if (this.#specs.has(valid.root) && options.replace !== true) {
      throw new MinhosError(
        'CONTRACT_ROOT_DUPLICATE',
        `contract root "${valid.root}" is already registered; pass { replace: true } to change it`,
        { details: { root: valid.root } },
      );
    }
    this.#specs.set(valid.root, valid);
    return this;
  }

  /** Whether `root` is registered. */
  has(root: string): boolean {
    return this.#specs.has(root);
  }

  /** The spec of `root`, or `undefined`. */
  find(root: string): ContractSpec | undefined {
    return this.#specs.get(root);
  }

  /**
   * The spec of `root`.
   * @throws {@link @minhos/core!MinhosError} `SYMBOL_UNKNOWN_ROOT` listing the known roots.
   */
  get(root: string): ContractSpec {
    const s = this.#specs.get(root);
    if (s === undefined) {
      throw new MinhosError(
        'SYMBOL_UNKNOWN_ROOT',
        `unknown contract root "${root}" (known: ${this.roots().join(', ')})`,
        { details: { root } },
      );
    }
    return s;
  }

  /** Registered roots, in registration order. */
  roots(): string[] {
    return [...this.#specs.keys()];
  }

  /** Registered specs, in registration order. */
  list(): ContractSpec[] {
    return [...this.#specs.values()];
  }
}

/**
 * A new registry with the built-in specs (ES, NQ, GC, 6E, VX, VIX, EURUSD, XAUUSD) followed by
 * `extra` ones.
 *
 * @example
 * ```ts
 * import { contractRegistry } from '@minhos/symbols';
 * contractRegistry().roots(); // ['ES', 'NQ', 'GC', '6E', 'VX', 'VIX', 'EURUSD', 'XAUUSD']
 * ```
 */
export function contractRegistry(extra: Iterable<ContractSpec> = []): ContractRegistry {
  return new ContractRegistry([...builtinContracts, ...extra]);
}
