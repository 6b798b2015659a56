import { containsEicar, guardDutyVerdict, type ScanVerdict } from '../domain/files.ts';
import { ENV, resourceVariable } from '../env.ts';
import { objectTags } from './files.ts';

/**
 * The malware scanner behind the quarantine prefix, chosen by `MALWARE_SCANNER`:
 * - `guardduty` (AWS): the tag GuardDuty Malware Protection for S3 puts on each object;
 * - `eicar` (the local runtime): recognises the EICAR test file, as every scanner must.
 */
export async function scan(key: string, bytes: Uint8Array): Promise<ScanVerdict> {
  if (resourceVariable(ENV.malwareScanner, 'the files bucket') === 'eicar')
    return containsEicar(bytes) ? 'infected' : 'clean';
  return guardDutyVerdict((await objectTags(key)).GuardDutyMalwareScanStatus);
}
