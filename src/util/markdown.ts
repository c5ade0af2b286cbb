/** Text shown inside markdown (hovers, tooltips): server text is never read as markdown, links or theme icons. */

/** Backslash-escapes everything markdown (and theme icons, `$(…)`) could read as syntax; newlines become spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~$&:"']/g, (c) => `\\${c}`);
}
