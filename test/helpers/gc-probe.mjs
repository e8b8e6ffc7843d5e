// Preloaded into a process under test (with --expose-gc) to measure what it keeps, not what it
// has yet to collect: on SIGUSR2 it collects fully and prints one line with the memory still in
// use, which heap-probe.ts reads from the process's stderr. It collects twice, a turn apart: V8
// frees the memory of dead buffers after a collection, not during it, so `external` read right
// after the first one still counts them.
process.on('SIGUSR2', () => {
  globalThis.gc();
  setImmediate(() => {
    globalThis.gc();
    const m = process.memoryUsage();
    process.stderr.write(`gc-probe ${JSON.stringify({ heapUsed: m.heapUsed, external: m.external })}\n`);
  });
});
