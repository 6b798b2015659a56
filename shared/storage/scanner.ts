import { containsEicar } from '../domain/files.ts';
import { ENV, resourceVariable } from '../env.ts';
import { objectTags } from './files.ts';

export type ScanVerdict = 'clean' | 'infected' | 'pending';

/**
 * The malware scanner behind the quarantine prefix, chosen by `MALWARE_SCANNER`:
 * - `guardduty` (AWS): GuardDuty Malware Protection for S3 tags each scanned object with
 *   `GuardDutyMalwareScanStatus`; no tag yet means the scan is still running;
 * - `eicar` (the local runtime): recognises the EICAR test file, as every scanner must.
 */
export async function scan(key: string, bytes: Uint8Array): Promise<ScanVerdict> {
  if (resourceVariable(ENV.malwareScanner, 'the files bucket') === 'eicar')
    return containsEicar(bytes) ? 'infected' : 'clean';
  const status = (await objectTags(key)).GuardDutyMalwareScanStatus;
  if (status === 'NO_THREATS_FOUND') return 'clean';
  if (status === 'THREATS_FOUND') return 'infected';
  return 'pending';
}
