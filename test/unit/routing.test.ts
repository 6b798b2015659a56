import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import { competentUnit, mayReceive } from '../../shared/domain/catalog.ts';
import { type Dossier, transition } from '../../shared/domain/dossier.ts';
import { deliverHop } from '../../shared/domain/handoffs.ts';
import { ProcedureBody } from '../../shared/schemas/catalog.ts';

const CENTRE = '000.00.01.H19';
const LOC_NINH = '000.05.30.H19';
const DONG_XOAI = '000.04.30.H19';
const CONSTRUCTION = '000.00.15.H19';

const procedure = {
  receivingUnit: DONG_XOAI,
  handlingUnits: [DONG_XOAI, LOC_NINH, CONSTRUCTION],
  anyCentre: true,
  routing: { by: 'asset' as const, field: 'seat', units: { '000.09.30.H19': CONSTRUCTION } },
};

describe('the unit competent to decide a dossier', () => {
  it('is the commune its form names when that commune handles the procedure', () => {
    expect(competentUnit(procedure, { seat: LOC_NINH })).toBe(LOC_NINH);
  });

  it('is the commune itself under a rule that names no units', () => {
    expect(
      competentUnit({ ...procedure, routing: { by: 'applicant', field: 'seat' } }, { seat: LOC_NINH }),
    ).toBe(LOC_NINH);
  });

  it('is the unit the rule names for a commune, before the commune itself', () => {
    expect(competentUnit(procedure, { seat: '000.09.30.H19' })).toBe(CONSTRUCTION);
  });

  it('is none without a rule, without the field, or for a commune that handles nothing', () => {
    expect(competentUnit({ ...procedure, routing: undefined }, { seat: LOC_NINH })).toBeUndefined();
    expect(competentUnit(procedure, {})).toBeUndefined();
    expect(competentUnit(procedure, { seat: 7 })).toBeUndefined();
    expect(competentUnit(procedure, { seat: '000.08.30.H19' })).toBeUndefined();
  });
});

describe('who receives a procedure at the desk', () => {
  const unit = (code: string, kind: 'centre' | 'commune' | 'department', more = {}) => ({
    code,
    kind,
    ...more,
  });

  it('its receiving unit always; any open centre or commune desk when any centre may', () => {
    expect(mayReceive({ ...procedure, anyCentre: false }, unit(DONG_XOAI, 'commune'))).toBe(true);
    expect(mayReceive({ ...procedure, anyCentre: false }, unit(CENTRE, 'centre'))).toBe(false);
    expect(mayReceive(procedure, unit(CENTRE, 'centre'))).toBe(true);
    expect(mayReceive(procedure, unit(LOC_NINH, 'commune'))).toBe(true);
  });

  it('never a unit without a one-stop desk, a closed one, or one outside the deployment', () => {
    expect(mayReceive(procedure, unit(CONSTRUCTION, 'department'))).toBe(false);
    expect(mayReceive(procedure, unit(LOC_NINH, 'commune', { disabled: true }))).toBe(false);
    expect(mayReceive(procedure, unit(LOC_NINH, 'commune', { external: true }))).toBe(false);
  });
});

describe('a routing rule in the catalog', () => {
  const fields = {
    name: 'Đăng ký thành lập hộ kinh doanh',
    field: { code: 'ho-kinh-doanh', name: 'Hộ kinh doanh' },
    level: 'toan-trinh',
    receivingUnit: DONG_XOAI,
    handlingUnits: [DONG_XOAI, LOC_NINH],
    processingDays: 3,
    fees: [],
    components: [],
    formFields: [
      {
        key: 'seat',
        label: 'Xã, phường',
        type: 'select',
        required: true,
        options: [
          { value: DONG_XOAI, label: 'Đồng Xoài' },
          { value: LOC_NINH, label: 'Lộc Ninh' },
        ],
      },
      { key: 'name', label: 'Tên', type: 'text', required: true },
    ],
    anyCentre: true,
    routing: { by: 'asset', field: 'seat' },
  };

  it('reads a select of communes, each leading to a unit that handles the procedure', () => {
    expect(ProcedureBody.safeParse(fields).success).toBe(true);
  });

  it('is refused on a field that is not a select, or a commune that leads nowhere', () => {
    const text = ProcedureBody.safeParse({ ...fields, routing: { by: 'asset', field: 'name' } });
    expect(text.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['routing.field']);
    const nowhere = ProcedureBody.safeParse({ ...fields, handlingUnits: [DONG_XOAI] });
    expect(nowhere.error?.issues.map((issue) => issue.path.join('.'))).toEqual([`routing.units.${LOC_NINH}`]);
  });
});

describe('a dossier received away from the unit competent to decide it', () => {
  const dossier = {
    code: `${CENTRE}-261208-0001`,
    procedureCode: '1.001612',
    ownerSub: 'citizen-1',
    receivingUnit: CENTRE,
    currentUnit: CENTRE,
    competentUnit: LOC_NINH,
    units: [CENTRE],
    state: 1,
    sub: 'none',
    version: 1,
    submittedAt: '2026-12-08T01:00:00.000Z',
    clock: { processingDays: 3 },
    pausedDays: 0,
    supplementRequests: 0,
    hops: [],
  } as Dossier;
  const context = {
    now: new Date('2026-12-08T02:00:00.000Z'),
    seq: 2,
    actor: { sub: 'officer-centre', role: 'officer' as const, unit: CENTRE },
    calendar: new WorkingCalendar(),
    clock: { processingDays: 3 },
  };

  it('is received there, its clock started, and routed on as a hop to that unit', () => {
    const change = transition(dossier, { action: 'receive' } as never, context);
    expect(change.dossier).toMatchObject({ state: 2, sub: 'in-transit', currentUnit: CENTRE });
    expect(change.dossier.dueAt).toBeDefined();
    expect(change.dossier.hops).toEqual([
      expect.objectContaining({ seq: 2, kind: 'route', fromUnit: CENTRE, toUnit: LOC_NINH, status: 'sent' }),
    ]);
    expect(change.toUnit).toBe(LOC_NINH);
  });

  it('belongs, once the hop lands, to that unit as its own', () => {
    const { dossier: sent } = transition(dossier, { action: 'receive' } as never, context);
    const landed = deliverHop(sent, sent.hops[0]!, {
      at: new Date('2026-12-08T02:01:00.000Z'),
      receipt: 'jws',
      external: false,
    });
    expect(landed).toMatchObject({ currentUnit: LOC_NINH, sub: 'none', units: [CENTRE, LOC_NINH] });
    expect(landed.stepDueAt).toBeUndefined();
  });

  it('is received where it is when that is the competent unit', () => {
    const here = transition({ ...dossier, competentUnit: CENTRE }, { action: 'receive' } as never, context);
    expect(here.dossier).toMatchObject({ state: 2, sub: 'none', hops: [] });
  });
});
