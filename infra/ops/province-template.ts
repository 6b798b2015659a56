import { openDecisions } from '../../shared/config/decisions.ts';
import { exampleUnits, PLACEHOLDER_ACCOUNT, PLACEHOLDER_CODE } from '../../shared/config/province-review.ts';

/** What the operator names when starting a province file; the rest is left to decide. */
export interface NewProvince {
  id: string;
  name?: string;
  code?: string;
  region?: string;
}

/**
 * A province file that passes the schema from the start, so that `check` can speak of what is
 * left to decide rather than of syntax: a people's committee, its service centre, a department
 * and a commune, and birth registration received at the commune.
 */
export function provinceTemplate({
  id,
  name,
  code = PLACEHOLDER_CODE,
  region = 'ap-southeast-1',
}: NewProvince) {
  const title = name ?? `Tỉnh ${id}`;
  const agency = (middle: string) => `000.${middle}.${code}`;
  return {
    id,
    name: title,
    code,
    account: PLACEHOLDER_ACCOUNT,
    region,
    oidc: { provider: 'cognito' },
    webOrigins: [],
    source: 'Written by npm run province -- new; every value here is an example until decided',
    decisions: openDecisions(),
    units: exampleUnits({ name: title, code }),
    procedures: [
      {
        code: '1.001193',
        name: 'Đăng ký khai sinh',
        field: { code: 'ho-tich', name: 'Hộ tịch' },
        level: 'toan-trinh',
        receivingUnit: agency('01.01'),
        handlingUnits: [agency('01.01')],
        processingDays: 0,
        cutoffHour: 15,
        fees: [{ amount: 0, note: 'Miễn lệ phí khi đăng ký đúng hạn' }],
        components: [
          { id: 'to-khai', name: 'Tờ khai đăng ký khai sinh', mandatory: true, needsDigitised: true },
          { id: 'giay-chung-sinh', name: 'Giấy chứng sinh', mandatory: true, needsDigitised: true },
        ],
        formFields: [
          {
            key: 'childFullName',
            label: 'Họ, chữ đệm và tên người được khai sinh',
            type: 'text',
            required: true,
            maxLength: 100,
          },
          { key: 'childDateOfBirth', label: 'Ngày, tháng, năm sinh', type: 'date', required: true },
        ],
        source: 'CSDL quốc gia về TTHC 1.001193',
      },
    ],
    calendar: {},
  };
}
