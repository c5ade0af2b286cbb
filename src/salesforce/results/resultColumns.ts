/**
 * The result files' own columns (`sf__Id`, `sf__Error`, `sf__Created`): Salesforce writes them first
 * in every failed and success file, and they are left out when such a file is loaded again. One
 * rule for the preflight, the upload's splitter and the downloads: a column whose name begins with
 * `sf__`, in any case, spaces around it ignored (a file edited by hand or in a spreadsheet).
 * No field can be written under such a name, so a column dropped by this rule is never data.
 */
export function isResultColumn(header: string): boolean {
  return /^sf__/i.test(header.trim());
}
