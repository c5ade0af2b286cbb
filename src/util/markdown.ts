/**
 * Server text (a job's `errorMessage`, an object's or a user's Name, an org's label…) shown by VS Code
 * as text, never as syntax: the one owner of escaping it, for each place VS Code reads syntax in.
 *
 * - Markdown (hovers, tree tooltips): `escapeMarkdown`.
 * - Notifications and dialogs (`showInformationMessage`…, modal or not): VS Code turns `[label](https://…)`,
 *   `[label](command:…)` and `[label](file:…)` into links there, and nothing else (its `parseLinkedText`
 *   needs `](` side by side): `plainMessage` parts each `](` with a space. No message of this extension
 *   carries a link of its own, so a whole message is passed through it.
 * - Quick pick labels, descriptions and details: `$(name)` becomes a theme icon there; `escapeIcons`
 *   writes `\$(`, which VS Code shows as the text `$(`. (Tree labels and descriptions show `$(…)` as text.)
 */

/** Backslash-escapes everything markdown (and theme icons, `$(…)`) could read as syntax; newlines become spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~$&:"']/g, (c) => `\\${c}`);
}

/** A notification's or a dialog's message with no link VS Code would render: every `](` becomes `] (`. */
export function plainMessage(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}

/** Text for a quick pick item with no theme icon: `$(` becomes `\$(` (shown as `$(`), escaped once. */
export function escapeIcons(text: string): string {
  return text.replace(/\\?\$\(/g, '\\$(');
}
