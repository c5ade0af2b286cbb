/**
 * Whether an org is Production, in the words every confirmation that writes to an org uses (the
 * house rule: a modal names the org and says whether it is Production). Pure.
 */
import type { OrgIdentity } from '../salesforce/types';
import type { Translate } from '../job/format';

/** "Production", "Sandbox", or, when the Organization record could not be read, that it is not known. */
export function orgKind(identity: Pick<OrgIdentity, 'isSandbox'> | undefined, t: Translate): string {
  if (identity === undefined) {
    return t('could not tell whether it is Production');
  }
  return identity.isSandbox ? t('Sandbox') : t('Production');
}
