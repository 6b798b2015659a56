import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dashboardPage } from '../../shared/documents/dashboard.ts';
import { docsPage } from '../../shared/documents/docs-page.ts';
import { escapeHtml, formPage } from '../../shared/documents/html.ts';
import { controlSlipHtml, type ReceiptDocument, receiptHtml } from '../../shared/documents/slips.ts';
import { transparencyPage } from '../../shared/documents/transparency.ts';
import { figures, SIX_PARTS, scores, zeroCounts } from '../../shared/domain/indicators.ts';

/** Texts that become markup when a page writes them as they are: in an element, and in a quoted attribute. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "' onmouseover='alert(3)",
  'Tom & Jerry <b>Tom</b>',
];

/** What a browser reads back from escaped text. */
const readBack = (html: string) =>
  html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

/** The page holds each hostile text only escaped: never as markup, and still readable as text. */
function expectOnlyEscaped(page: string, texts: readonly string[]): void {
  for (const text of texts) {
    expect(page, text).not.toContain(text);
    expect(page, text).toContain(escapeHtml(text));
  }
  for (const markup of ['<script>alert', '<img', '<b>Tom</b>', "' onmouseover="])
    expect(page, markup).not.toContain(markup);
}

describe('escapeHtml: text never becomes markup', () => {
  it('writes each of & < > " \' as a numeric character reference', () => {
    expect(escapeHtml(`a&b<c>d"e'f`)).toBe('a&#38;b&#60;c&#62;d&#34;e&#39;f');
    expect(escapeHtml('Ủy ban nhân dân phường Biên Hòa')).toBe('Ủy ban nhân dân phường Biên Hòa');
  });

  it('leaves no character that opens a tag or closes an attribute, and reads back as the text given', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        // Every & left starts a reference the escape wrote.
        expect(escaped.replace(/&#(38|60|62|34|39);/g, '')).not.toContain('&');
        expect(readBack(escaped)).toBe(text);
      }),
    );
  });
});

describe('the leaders’ dashboard writes every name as text', () => {
  const board = {
    unit: HOSTILE[0]!,
    period: HOSTILE[1]!,
    at: '2026-11-28T03:00:00.000Z',
    units: HOSTILE.map((name, at) => ({
      code: `${HOSTILE[1]}${at}`,
      name,
      open: 3,
      dueSoon: 1,
      overdue: at,
      resolved: 2,
      onTimeRate: 50,
      lists: {
        open: `/units/${HOSTILE[2]}/dossiers`,
        dueSoon: `/units/x/dossiers?dueBefore=${HOSTILE[1]}`,
        overdue: '/units/x/dossiers?dueBefore=a&b',
        resolved: '/indicators?unit=x&period=2026-11',
      },
    })),
    officers: HOSTILE.map((officer) => ({ officer, resolved: 1, onTimeRate: 100 })),
  };

  it('a hostile unit name, unit code, officer, period or list address appears escaped, in either language', () => {
    for (const language of ['vi', 'en'] as const) {
      const page = dashboardPage(board, language);
      expectOnlyEscaped(page, HOSTILE);
      expect(page).toContain(`data-unit="${escapeHtml(`${HOSTILE[1]}0`)}"`);
      expect(page).toContain(`href="${escapeHtml('/units/x/dossiers?dueBefore=a&b')}"`);
    }
  });
});

describe('the public page (công khai) writes every name and text as text', () => {
  const row = (code: string, name: string) => {
    const counts = { ...zeroCounts(), received: 4, resolved: 2, onTime: 1, late: 1, extended: 1 };
    return { code, name, rollUp: true, counts, figures: figures(counts), scores: scores(counts, SIX_PARTS) };
  };
  const data = {
    province: HOSTILE[3]!,
    period: HOSTILE[1]!,
    total: row('province', HOSTILE[3]!),
    units: HOSTILE.map((name, at) => row(`unit-${at}`, name)),
    late: HOSTILE.map((text) => ({
      code: text,
      procedureCode: text,
      unitName: text,
      dueAt: '2026-11-20T03:00:00.000Z',
      endedAt: '2026-11-24T03:00:00.000Z',
      apologised: true,
      apology: {
        at: '2026-11-19T03:00:00.000Z',
        category: 'other' as const,
        publicReason: text,
        newDueAt: '2026-11-25T10:00:00.000Z',
      },
    })),
    answers: HOSTILE.map((text) => ({
      question: text,
      answer: text,
      unitName: text,
      publishedAt: '2026-11-21T03:00:00.000Z',
      likes: 2,
      dislikes: 1,
    })),
  };

  it('a hostile unit name, province, period, dossier text, published question or answer appears escaped', () => {
    for (const language of ['vi', 'en'] as const)
      expectOnlyEscaped(transparencyPage(data, language), HOSTILE);
  });
});

describe('the printable forms write every name as text', () => {
  const receipt: ReceiptDocument = {
    title: HOSTILE[0]!,
    code: HOSTILE[1]!,
    procedure: { code: HOSTILE[2]!, name: HOSTILE[3]! },
    applicant: HOSTILE[0]!,
    receivingUnit: { code: 'x', name: HOSTILE[1]! },
    receivedAt: '2026-11-20T03:00:00.000Z',
    dueAt: '2026-11-25T10:00:00.000Z',
    components: HOSTILE,
    delivery: HOSTILE[2]!,
    lookupSecret: HOSTILE[3]!,
  };

  it('a hostile procedure name, applicant, unit name or component appears escaped on the receipt', () => {
    expectOnlyEscaped(receiptHtml(receipt), HOSTILE);
  });

  it('a hostile unit name or officer appears escaped on the control slip, its hand-offs included', () => {
    const unit = (name: string) => ({ code: 'x', name });
    const slip = {
      title: HOSTILE[0]!,
      code: HOSTILE[1]!,
      dueAt: '2026-11-25T10:00:00.000Z',
      rows: HOSTILE.map((text) => ({
        step: text,
        fromUnit: unit(text),
        toUnit: unit(text),
        by: text,
        at: '2026-11-20T03:00:00.000Z',
      })),
      handoffs: HOSTILE.map((text, at) => ({
        hop: at + 1,
        kind: 'transfer' as const,
        fromUnit: unit(text),
        toUnit: unit(text),
        sentBy: text,
        sentAt: '2026-11-20T03:00:00.000Z',
        status: 'sent' as const,
      })),
    };
    expectOnlyEscaped(controlSlipHtml(slip), HOSTILE);
  });

  it('the form frame and the API reference escape their titles', () => {
    expectOnlyEscaped(formPage(HOSTILE[0]!, ''), [HOSTILE[0]!]);
    expectOnlyEscaped(docsPage(HOSTILE[1]!), [HOSTILE[1]!]);
  });
});
