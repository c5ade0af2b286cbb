/**
 * Code that activation does not need is loaded on first use: `lazy(name, () => import('./x'), onLoad)`
 * gives a function that imports the module once (webpack makes it a chunk `dist/<chunk>.js`) and
 * reports how long the first load took, so the cost of loading late is seen, not guessed.
 */
export type LazyModule<M> = () => Promise<M>;

export function lazy<M>(name: string, load: () => Promise<M>, onLoad: (name: string, ms: number) => void): LazyModule<M> {
  let loading: Promise<M> | undefined;
  return () => {
    if (loading === undefined) {
      const started = performance.now();
      loading = load().then((module) => {
        onLoad(name, performance.now() - started);
        return module;
      });
      // A failed load (a chunk missing from a broken install) is tried again next time.
      loading.catch(() => {
        loading = undefined;
      });
    }
    return loading;
  };
}
