import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { eventually } from './eventually.ts';
import { pdf, upload } from './files.ts';
import { type Json, readJson } from './json.ts';
import type { TestRuntime } from './runtime.ts';

/** The desk of phường Trấn Biên, which receives birth registrations (1.001193). */
export const TRAN_BIEN = '000.01.30.H19';
/** phường Biên Hòa, which receives marriage status certificates (1.004873, 3 working days). */
export const BIEN_HOA = '000.02.30.H19';
export const CONSTRUCTION_DEPT = '000.00.15.H19';

export const marriageStatus = (overrides: Record<string, unknown> = {}) => ({
  procedureCode: '1.004873',
  applicant: {
    kind: 'citizen',
    fullName: 'Nguyễn Thị Hoà',
    idNumber: '075190001234',
    dateOfBirth: '1990-05-17',
    phone: '0912345678',
    address: 'Số 12, đường Võ Thị Sáu, phường Trấn Biên, tỉnh Đồng Nai',
  },
  formData: { purpose: 'Đăng ký kết hôn', previousMarriage: false },
  components: [{ componentId: 'to-khai', uploadIds: [] }],
  delivery: { method: 'online' },
  ...overrides,
});

/** The provincial public service centre, which receives land registrations (1.013831). */
export const CENTRE = '000.00.01.H19';
/** The land registration office: the procedure gives its step 40 working hours. */
export const LAND_OFFICE = '000.01.16.H19';
/** A national body outside this deployment, reached through a connector. */
export const EXTERNAL_UNIT = '000.00.00.G12';

const LAND_COMPONENTS = ['don-mau-18', 'giay-chung-nhan', 'hop-dong'];

/** A land registration (đăng ký biến động) with its three mandatory documents. */
export const landTransfer = (uploadIds: string[]) => ({
  ...marriageStatus(),
  procedureCode: '1.013831',
  formData: {
    certificateNumber: 'CS 123456',
    landParcel: 'Thửa 45, tờ bản đồ 12',
    changeType: 'chuyen-nhuong',
  },
  components: LAND_COMPONENTS.map((componentId, at) => ({
    componentId,
    uploadIds: [uploadIds[at]!],
  })),
});

/** The calls of one journey through a dossier's life, as its applicant and officers. */
export function journey(api: TestRuntime, citizen = `citizen-${randomUUID().slice(0, 8)}`) {
  const post = (path: string, body: unknown, init: Parameters<TestRuntime['call']>[1] = {}) =>
    api.call(path, {
      method: 'POST',
      ...init,
      headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
      body: JSON.stringify(body),
    });
  return {
    citizen,
    /** A marriage status application with its declaration uploaded and verified. */
    async application(overrides: Record<string, unknown> = {}): Promise<Json> {
      const file = await upload(api, pdf(), { sub: citizen });
      expect(file.status).toBe('verified');
      return marriageStatus({ components: [{ componentId: 'to-khai', uploadIds: [file.id] }], ...overrides });
    },
    /** A land registration, received at the provincial centre. */
    async landApplication(): Promise<Json> {
      const files = await Promise.all(
        LAND_COMPONENTS.map((componentId) =>
          upload(api, pdf(), {
            sub: citizen,
            fileName: `${componentId}.pdf`,
            purpose: { kind: 'component', procedureCode: '1.013831', componentId },
          }),
        ),
      );
      return landTransfer(files.map((file) => file.id));
    },
    async submit(body?: unknown, key = randomUUID()): Promise<Json> {
      body ??= await this.application();
      const response = await post('/dossiers', body, {
        as: 'citizen',
        sub: citizen,
        headers: { 'idempotency-key': key },
      });
      expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
      return readJson(response);
    },
    async get(code: string, as: 'citizen' | 'officer' = 'citizen', unit?: string): Promise<Json> {
      const response = await api.call(`/dossiers/${code}`, {
        as,
        sub: as === 'citizen' ? citizen : `officer-${unit}`,
        unit,
      });
      expect(response.status).toBe(200);
      return readJson(response);
    },
    /** The dossier once its last hop has landed (or failed), as its applicant sees it. */
    async landed(code: string): Promise<Json> {
      // A hop retried through its queue: on a loaded machine that may take minutes.
      return eventually(async () => {
        const dossier = await this.get(code);
        expect(dossier.sub).not.toBe('in-transit');
        return dossier;
      }, 180_000);
    },
    /** An officer of `unit` takes an action at the dossier's current version. */
    async act(
      code: string,
      unit: string,
      action: string,
      body: Record<string, unknown> = {},
      expected = 200,
    ): Promise<Json> {
      const version = (await this.get(code, 'officer', unit)).version;
      const response = await post(`/dossiers/${code}/actions/${action}`, body, {
        as: 'officer',
        sub: `officer-${unit}`,
        unit,
        headers: { 'if-match': `"${version}"` },
      });
      const answer = await readJson(response);
      expect(response.status, JSON.stringify(answer)).toBe(expected);
      return answer;
    },
    async asCitizen(
      code: string,
      action: 'withdraw' | 'supplement',
      body: Record<string, unknown>,
    ): Promise<Json> {
      const version = (await this.get(code)).version;
      const response = await post(`/dossiers/${code}/${action}`, body, {
        as: 'citizen',
        sub: citizen,
        headers: { 'if-match': `"${version}"` },
      });
      const answer = await readJson(response);
      expect(response.status, JSON.stringify(answer)).toBe(200);
      return answer;
    },
  };
}
