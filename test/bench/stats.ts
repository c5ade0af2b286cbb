/** Small numeric helpers for the benchmark. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 3 : 1)} ms`;
}

/** Samples the process's memory every 20 ms; `peak()` is the highest rss / heap above the start. */
export function memorySampler(): { stop(): { rss: number; heap: number } } {
  const start = process.memoryUsage();
  let rss = 0;
  let heap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss - start.rss);
    heap = Math.max(heap, m.heapUsed + m.external + m.arrayBuffers - (start.heapUsed + start.external + start.arrayBuffers));
  };
  const timer = setInterval(sample, 20);
  return {
    stop: () => {
      sample();
      clearInterval(timer);
      return { rss, heap };
    },
  };
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
