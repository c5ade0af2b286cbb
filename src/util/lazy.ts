/**
 * Made on first use, once: `once(make)` gives a function that calls `make` the first time and hands
 * back the same promise after; a failed one (a chunk missing from a broken install, a network error)
 * is made again on the next call, and `failed` is told. `lazy(name, () => import('./x'), onLoad)` loads
 * a module that way (webpack makes it a chunk `dist/<chunk>.js`) and reports how long the first load
 * took, so the cost of loading late is seen, not guessed.
 */
export type LazyModule<M> = () => Promise<M>;

export function once<T>(make: () => Promise<T>, failed?: (e: unknown) => void): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    if (made === undefined) {
      made = make();
      made.catch((e: unknown) => {
        made = undefined;
        failed?.(e);
      });
    }
    return made;
  };
}

export function lazy<M>(name: string, load: () => Promise<M>, onLoad: (name: string, ms: number) => void): LazyModule<M> {
  return once(() => {
    const started = performance.now();
    return load().then((module) => {
      onLoad(name, performance.now() - started);
      return module;
    });
  });
}
