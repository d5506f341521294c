// Loaded into the Portico process a benchmark starts (`node --import ./scripts/bench-memory-probe.js …`) when
// BENCH_MEMORY_PROBE names a file: every few milliseconds a line with process.memoryUsage() (RSS, V8's heap, the
// external memory and its ArrayBuffers), and one line per garbage collection (its kind and duration), so a memory rise
// can be split into live data, garbage waiting for a collection and memory the allocator keeps. Nothing of Portico's
// own code changes; without BENCH_MEMORY_PROBE the file does nothing.
//   {"t":<ms since epoch>,"rss":…,"heapTotal":…,"heapUsed":…,"external":…,"arrayBuffers":…,"newSpace":…}
//   {"t":<ms since epoch>,"gc":"minor"|"major"|"incremental"|"weakcb","ms":<duration>}
import { appendFileSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

const file = process.env.BENCH_MEMORY_PROBE;
const SAMPLE_MS = 5;
const FLUSH_MS = 250;

if (file !== undefined && file !== '') {
  let lines = [];
  const flush = () => {
    if (lines.length === 0) return;
    appendFileSync(file, lines.join(''));
    lines = [];
  };
  const kinds = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const t = performance.timeOrigin + entry.startTime;
      lines.push(`${JSON.stringify({ t, gc: kinds[entry.detail?.kind] ?? 'other', ms: entry.duration })}\n`);
    }
  }).observe({ entryTypes: ['gc'] });
  setInterval(() => {
    const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
    lines.push(`${JSON.stringify({ t: Date.now(), ...process.memoryUsage(), newSpace })}\n`);
  }, SAMPLE_MS).unref();
  setInterval(flush, FLUSH_MS).unref();
  process.once('exit', flush);
}
