import { createHash, randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalRuntime } from '../infra/local/runtime.ts';
import { closedLoop, type LoadResult } from './stats.ts';

/** A submission as a citizen sends it (marriage status certificate, 1.004873), with its declaration. */
export const submission = (uploadId: string) => ({
  procedureCode: '1.004873',
  applicant: {
    kind: 'citizen',
    fullName: 'Trần Văn Bình',
    idNumber: '075190004321',
    dateOfBirth: '1988-02-11',
    phone: '0987654321',
    address: 'Số 5, đường Đồng Khởi, phường Biên Hòa, tỉnh Đồng Nai',
  },
  formData: { purpose: 'Đăng ký kết hôn', previousMarriage: false },
  components: [{ componentId: 'to-khai', uploadIds: [uploadId] }],
  delivery: { method: 'online' },
});

const BIEN_HOA = '000.02.30.H19';
export const DECLARATION = Buffer.from('%PDF-1.4\n% Tờ khai cấp Giấy xác nhận tình trạng hôn nhân\n%%EOF\n');

/** A verified upload of the declaration, made as a browser would: ask, POST the form, verify. */
/** A JSON POST through the gateway with a bearer token; a refusal fails the bench. */
export async function postJson(
  runtime: LocalRuntime,
  path: string,
  token: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ code: string; version: number }> {
  const response = await fetch(`${runtime.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { code: string; version: number };
}

export async function uploadDeclaration(runtime: LocalRuntime, token: string): Promise<string> {
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const ticket = (await (
    await fetch(`${runtime.url}/uploads`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        purpose: { kind: 'component', procedureCode: '1.004873', componentId: 'to-khai' },
        fileName: 'To khai.pdf',
        contentType: 'application/pdf',
        size: DECLARATION.length,
        sha256: createHash('sha256').update(DECLARATION).digest('hex'),
      }),
    })
  ).json()) as { uploadId: string; url: string; fields: Record<string, string> };
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
  form.append('file', new Blob([DECLARATION], { type: 'application/pdf' }));
  await fetch(ticket.url, { method: 'POST', body: form });
  await fetch(`${runtime.url}/uploads/${ticket.uploadId}/verify`, { method: 'POST', headers: auth });
  return ticket.uploadId;
}

export interface WriteFigures {
  submitViaGateway: LoadResult;
  submitRawTransaction: LoadResult;
  actionViaGateway: LoadResult;
  actionRawTransaction: LoadResult;
  /** How the background consumers stood while both sides were measured. */
  background: 'held during the measurement';
}

/**
 * POST /dossiers and an officer action through the gateway, each against a raw
 * TransactWriteItems of the same items (copied from a real dossier) in the same run.
 */
export async function measureWrites(
  runtime: LocalRuntime,
  connections: number,
  seconds: number,
): Promise<WriteFigures> {
  const citizen = await runtime.issuer.sign({ sub: 'bench-citizen', role: 'citizen' });
  const officer = await runtime.issuer.sign({ sub: 'bench-officer', role: 'officer', unit: BIEN_HOA });
  const call = async (path: string, token: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${runtime.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { code: string; version: number };
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  // Files are uploaded ahead, so that the timed submissions measure the submission alone.
  const files: string[] = [];
  const stock = async (count: number) => {
    for (let made = 0; made < count; made += connections) {
      files.push(
        ...(await Promise.all(
          Array.from({ length: connections }, () => uploadDeclaration(runtime, citizen)),
        )),
      );
    }
  };
  const submit = async () => {
    const file = files.pop() ?? (await uploadDeclaration(runtime, citizen));
    return call('/dossiers', citizen, submission(file), { 'idempotency-key': randomUUID() });
  };
  const act = (code: string, version: number, action: string, body: unknown = {}) =>
    call(`/dossiers/${code}/actions/${action}`, officer, body, { 'if-match': `"${version}"` });

  /** A dossier being processed, ready for payment requests. */
  const inProcess = async () => {
    const { code } = await submit();
    const received = await act(code, 1, 'receive');
    const processing = await act(code, received.version, 'startProcessing');
    return { code, version: processing.version, owing: false };
  };

  const table = runtime.resources.tableName;
  const raw = DynamoDBDocumentClient.from(runtime.clients.dynamodb);
  const sample = await inProcess();
  const item = async (sk: string) =>
    (await raw.send(new GetCommand({ TableName: table, Key: { pk: `DOSSIER#${sample.code}`, sk } }))).Item!;
  const [dossierItem, eventItem, applicationItem] = [
    await item('DOSSIER'),
    await item('EVENT#000001'),
    await item('APPLICATION'),
  ];

  const rawSubmit = () => {
    const id = randomUUID();
    return raw.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: { ...dossierItem, pk: `BENCH#${id}` },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table,
              Item: { ...eventItem, pk: `BENCH#${id}` },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table,
              Item: { pk: `IDEM#bench#${id}`, sk: 'IDEM', status: 'done', response: { code: id } },
            },
          },
          { Put: { TableName: table, Item: { ...applicationItem, pk: `BENCH#${id}` } } },
          {
            Put: {
              TableName: table,
              Item: { pk: `UPLOAD#bench#${id}`, sk: 'UPLOAD', status: 'verified', usedBy: id },
            },
          },
        ],
      }),
    );
  };

  // One dossier per connection, so that concurrent actions never race for a version.
  const rawVersions = Array.from({ length: connections }, () => ({ id: randomUUID(), version: 0 }));
  const rawAction = async (loop: number) => {
    const dossier = rawVersions[loop]!;
    await raw.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: { ...dossierItem, pk: `BENCH#${dossier.id}`, version: dossier.version + 1 },
              ConditionExpression: 'attribute_not_exists(pk) OR version = :read',
              ExpressionAttributeValues: { ':read': dossier.version },
            },
          },
          {
            Put: {
              TableName: table,
              Item: { ...eventItem, pk: `BENCH#${dossier.id}`, sk: `EVENT#${dossier.version + 1}` },
            },
          },
        ],
      }),
    );
    dossier.version += 1;
  };

  const workers = await Promise.all(Array.from({ length: connections }, inProcess));
  const gatewayAction = async (loop: number) => {
    const worker = workers[loop]!;
    const answer = worker.owing
      ? await act(worker.code, worker.version, 'confirmPayment')
      : await act(worker.code, worker.version, 'requestPayment', { amount: 8000 });
    worker.version = answer.version;
    worker.owing = !worker.owing;
  };

  await stock(Math.max(200, seconds * 250));
  // Both sides with the background consumers held: the events the gateway's writes set off
  // (and the copies the raw writes make) wait, so that neither side competes with them for
  // the one emulator; they are worked off afterwards.
  await runtime.settled(600_000);
  await runtime.holdBackground();
  try {
    await closedLoop(rawSubmit, connections, 1);
    await closedLoop(submit, connections, 1);
    return {
      submitRawTransaction: await closedLoop(rawSubmit, connections, seconds),
      submitViaGateway: await closedLoop(submit, connections, seconds),
      actionRawTransaction: await closedLoop(rawAction, connections, seconds),
      actionViaGateway: await closedLoop(gatewayAction, connections, seconds),
      background: 'held during the measurement' as const,
    };
  } finally {
    runtime.releaseBackground();
    await runtime.settled(600_000);
  }
}
