import { type ContractRegistry, contractRegistry } from '../ContractRegistry.js';

// Never handed to callers, so nobody can mutate it: it only spares re-validating the built-in
// specs on every parse when no registry is passed.
let shared: ContractRegistry | undefined;

export function defaultRegistry(): ContractRegistry {
  shared ??= contractRegistry();
  return shared;
}
