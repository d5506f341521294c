import { required } from '../../src/shared/required.js';

/** A small deterministic generator for table tests built from seeds, so a failing case can be run again by its seed. */
export function randomOf(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: <T>(items: readonly T[]): T => required(items[Math.floor(next() * items.length)]),
    some: <T>(items: readonly T[], chance: number): T[] => items.filter(() => next() < chance),
  };
}
