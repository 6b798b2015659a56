import { createHash, randomUUID } from 'node:crypto';
import { getFile } from '../connectors/http.ts';
import { connectorSettings } from '../connectors/settings.ts';
import {
  addressRefusal,
  bytesRefusal,
  type FileRefusal,
  type FileSource,
  type FileVerdict,
  filesSettled,
  maxFileBytes,
} from '../domain/channel-files.ts';
import { CHANNEL_FILES, sideEvent } from '../domain/dossier-events.ts';
import { DEFAULT_LIMITS, type FileType, sniffType } from '../domain/files.ts';
import { count, logger } from '../observability.ts';
import { getProcedure, type ProcedureRecord } from '../persistence/catalog.ts';
import {
  type AttachedFileRecord,
  type DossierRecord,
  getApplication,
  getDossier,
  saveTransition,
} from '../persistence/dossiers.ts';
import { getUpload, putFetchedFile } from '../persistence/uploads.ts';
import { cleanKey, deleteObject, moveObject, quarantineKey, writeObject } from '../storage/files.ts';
import { scan } from '../storage/scanner.ts';

/**
 * The files another channel named by address (the portal's TaiLieuNop): each fetched into the
 * quarantine prefix from a host the province allows that channel, its size and SHA-256 checked
 * against what was declared, its type against the component's, then scanned like an upload.
 * Clean, it moves to the clean prefix as a verified file of the dossier; once every file has a
 * verdict the dossier leaves `receiving-files`, for reception, or asks for the refused files
 * again. A fetch that may succeed later (no answer, a 5xx, a scan still running) is tried again
 * until the consumer's patience runs out.
 */

/** Deliveries of a message after which a file that still cannot be fetched or scanned is refused. */
export const FETCH_PATIENCE = 5;

/** Raised to have the message come back later. */
export class TryLater extends Error {
  override name = 'TryLater';
}

export type FilesOutcome = 'settled' | 'already-handled';

export async function receiveChannelFiles(code: string, attempt: number, now: Date): Promise<FilesOutcome> {
  const dossier = await getDossier(code);
  if (dossier?.sub !== 'receiving-files' || !dossier.channel) return 'already-handled';
  const [application, procedure] = await Promise.all([
    getApplication(code),
    getProcedure(dossier.procedureCode),
  ]);
  if (!application) throw new Error(`dossier ${code} has no application item`);
  const settings = connectorSettings();
  const source = settings.channels?.[dossier.channel.integrator];
  const files = application.components.flatMap(({ componentId, files: attached }) =>
    attached.filter((file) => file.url).map((file) => ({ componentId, file })),
  );
  const verdicts: Record<string, FileVerdict> = { ...dossier.channelFiles };
  const late: string[] = [];
  for (const { componentId, file } of files) {
    if (verdicts[file.uploadId]) continue;
    const component = procedure?.components.find((one) => one.id === componentId);
    try {
      verdicts[file.uploadId] = await checkFile(
        dossier,
        { componentId, file, acceptedTypes: component?.acceptedTypes },
        source,
        attempt,
        now,
      );
    } catch (error) {
      if (!(error instanceof TryLater)) throw error;
      late.push(`${file.fileName}: ${error.message}`);
    }
  }
  if (late.length) throw new TryLater(late.join('; '));
  await settle(dossier, files, verdicts, procedure, now);
  return 'settled';
}

async function settle(
  dossier: DossierRecord,
  files: { componentId: string; file: AttachedFileRecord }[],
  verdicts: Record<string, FileVerdict>,
  procedure: ProcedureRecord | undefined,
  now: Date,
): Promise<void> {
  const refused = files.flatMap(({ componentId, file }) => {
    const verdict = verdicts[file.uploadId];
    if (verdict?.status !== 'refused') return [];
    const componentName = procedure?.components.find((one) => one.id === componentId)?.name ?? componentId;
    return [{ componentId, componentName, fileName: file.fileName, reason: verdict.reason }];
  });
  const next: DossierRecord = {
    ...(filesSettled(dossier, refused, now) as DossierRecord),
    channelFiles: verdicts,
  };
  const { event, chain } = sideEvent('filesReceived', dossier, next, CHANNEL_FILES, now, randomUUID(), {
    clean: files.length - refused.length,
    refused: refused.map(({ componentId, fileName, reason }) => ({ componentId, fileName, reason })),
    ...(next.supplementItems && refused.length ? { items: next.supplementItems } : {}),
  });
  await saveTransition({ ...next, ...chain }, dossier.version, event);
  count('ChannelFiles', { outcome: 'clean' }, files.length - refused.length);
  for (const { reason } of refused) count('ChannelFiles', { outcome: reason });
  logger.info('channel files', { dossier: dossier.code, files: files.length, refused: refused.length });
}

/** The upload id a fetched file is kept under: the same for every attempt at the same file. */
export function fetchedFileId(code: string, channelUploadId: string): string {
  const hex = createHash('sha256').update(`${code}\n${channelUploadId}`).digest('hex');
  // An RFC 9562 UUID of version 8 (custom), so that the download route takes it.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function checkFile(
  dossier: DossierRecord,
  named: { componentId: string; file: AttachedFileRecord; acceptedTypes: readonly FileType[] | undefined },
  source: FileSource | undefined,
  attempt: number,
  now: Date,
): Promise<FileVerdict> {
  const { componentId, file, acceptedTypes } = named;
  const id = fetchedFileId(dossier.code, file.uploadId);
  if ((await getUpload(id))?.status === 'verified') return { status: 'clean', uploadId: id };
  const refused = (reason: FileRefusal): FileVerdict => ({ status: 'refused', reason });
  if (!source || addressRefusal(file.url!, source)) return refused('host-not-allowed');
  const maxBytes = maxFileBytes(source);
  const fetched = await getFile(file.url!, maxBytes, connectorSettings());
  if (!fetched.ok) {
    if (fetched.tooLarge) return refused('too-large');
    // The channel says the file is not there (4xx): asking again will not bring it.
    if (/^answered 4\d\d$/.test(fetched.error) || attempt >= FETCH_PATIENCE) return refused('unreachable');
    throw new TryLater(fetched.error);
  }
  const { bytes } = fetched;
  const type = sniffType(bytes);
  const wrong = bytesRefusal(
    file,
    { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), type },
    { maxBytes, types: acceptedTypes ?? DEFAULT_LIMITS.types },
  );
  if (wrong) return refused(wrong);
  const key = quarantineKey(id);
  await writeObject(key, bytes);
  const verdict = await scan(key, bytes);
  if (verdict === 'pending') {
    if (attempt < FETCH_PATIENCE) throw new TryLater('the malware scan has not ended');
  }
  if (verdict !== 'clean') {
    await deleteObject(key);
    return refused(verdict === 'infected' ? 'malware' : 'scan-failed');
  }
  await moveObject(key, cleanKey(id));
  await putFetchedFile({
    id,
    ownerSub: dossier.ownerSub,
    purpose: { kind: 'component', procedureCode: dossier.procedureCode, componentId },
    fileName: file.fileName,
    contentType: type!,
    size: bytes.length,
    sha256: file.sha256.toLowerCase(),
    status: 'verified',
    key: cleanKey(id),
    maxBytes,
    createdAt: now.toISOString(),
    usedBy: dossier.code,
  });
  return { status: 'clean', uploadId: id };
}
