/** What the operator names when starting a province file; the rest is left to decide. */
export interface NewProvince {
  id: string;
  name?: string;
  code?: string;
  region?: string;
}

/** The decisions every new province file starts with; `npm run province -- check` lists the open ones. */
export const DECISIONS = [
  'code: the province group of the agency codes (QCVN 102); the one here may be a placeholder',
  'units: the real units with their agency codes; the ones here are examples',
  'procedures: those the province offers online, with receiving and handling units, times, fees, components and forms',
  'calendar: the holidays and make-up working days of each year, as announced',
  'oidc: sign-in through a user pool of the province (cognito) or through VNeID or another issuer, with its claims',
  'webOrigins: the portals whose pages upload files',
  'notifyFromEmail: the address citizens’ email comes from, its domain verified in SES',
  'region: the AWS region of the deployment',
];

/**
 * A province file that passes the schema from the start, so that `check` can speak of what is
 * left to decide rather than of syntax: a people's committee, its service centre, a department
 * and a commune, and birth registration received at the commune.
 */
export function provinceTemplate({ id, name, code = 'H00', region = 'ap-southeast-1' }: NewProvince) {
  const title = name ?? `Tỉnh ${id}`;
  const agency = (middle: string) => `000.${middle}.${code}`;
  return {
    id,
    name: title,
    code,
    region,
    oidc: { provider: 'cognito' },
    webOrigins: [],
    source: 'Written by npm run province -- new; every value here is an example until decided',
    decisions: DECISIONS,
    units: [
      {
        code: agency('00.00'),
        name: `Ủy ban nhân dân ${title}`,
        kind: 'province',
        children: [
          { code: agency('00.01'), name: `Trung tâm Phục vụ hành chính công ${title}`, kind: 'centre' },
          { code: agency('00.14'), name: 'Sở Tư pháp', kind: 'department' },
          { code: agency('01.01'), name: 'Ủy ban nhân dân phường (tên phường)', kind: 'commune' },
        ],
      },
    ],
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
