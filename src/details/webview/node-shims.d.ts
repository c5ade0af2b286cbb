/**
 * src/salesforce/types.ts mentions Node's `Readable` (for streamed result files) in a type the webview never
 * uses. The webview is type-checked without Node's types (it runs in a browser), so this names the
 * module only, for type positions; nothing from it can reach the bundle.
 */
declare module 'stream' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface Readable {}
}
