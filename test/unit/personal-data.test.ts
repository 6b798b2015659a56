import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASK, personalDataOf, scrubPersonalData } from '../../shared/domain/personal-data.ts';

const applicant = {
  fullName: 'Trần Thị Lan',
  idNumber: '079190012345',
  phone: '+84912345678',
  email: 'lan.tran@example.vn',
  address: '12 Lý Thường Kiệt, phường Trấn Biên, Đồng Nai',
};
const known = personalDataOf(applicant);

/** Letters without case or diacritics, and digits alone: how a reader would still recognise a value. */
const plain = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
const digits = (text: string) => text.replace(/\D/g, '');

describe('the scrubber of public texts', () => {
  it('removes the recorded name whatever its case, diacritics, composition or spacing', () => {
    for (const written of [
      'Tôi là Trần Thị Lan.',
      'Tôi là TRẦN THỊ LAN.',
      'Tôi là tran thi lan.',
      'Tôi là Trần Thị Lan.'.normalize('NFD'),
      'Tôi là Trần  Thị\tLan.',
      'Tôi là Trần-Thị-Lan.',
    ])
      expect(scrubPersonalData(written, known), written).toBe(`Tôi là ${MASK}.`);
  });

  it('removes id numbers and phone numbers however their digits are written', () => {
    for (const written of [
      '079190012345',
      '0 7 9 1 9 0 0 1 2 3 4 5',
      '079.190.012.345',
      '079-190-012-345',
      '123456789',
      '123 456 789',
      '0912345678',
      '0912 345 678',
      '0912.345.678',
      '+84 912 345 678',
      '(+84) 912-345-678',
      '84912345678',
      '０９１２３４５６７８',
      '0\u200b9\u200b1\u200b2\u200b3\u200b4\u200b5\u200b6\u200b7\u200b8',
      '0203 3456 789',
    ]) {
      const scrubbed = scrubPersonalData(`Số: ${written}, cảm ơn.`, known);
      expect(scrubbed, written).toBe(`Số: ${MASK}, cảm ơn.`);
    }
    // Glued to the words before it, as a hurried writer does.
    expect(scrubPersonalData('sdt0987654321 và CCCD:012345678901', known)).toBe(`sdt${MASK} và CCCD:${MASK}`);
    // The last digits of a recorded number still point to it.
    expect(scrubPersonalData('máy lẻ 2345678', personalDataOf({ phone: '0912345678' }))).toBe(
      `máy lẻ ${MASK}`,
    );
  });

  it('removes emails, the recorded address and its street', () => {
    expect(scrubPersonalData('Gửi Lan.Tran@Example.VN hoặc ai (at) gmail (dot) com', known)).toBe(
      `Gửi ${MASK} hoặc ${MASK}`,
    );
    expect(scrubPersonalData('Nhà ở 12 Lý Thường Kiệt, phường Trấn Biên, Đồng Nai.', known)).toBe(
      `Nhà ở ${MASK}.`,
    );
    expect(scrubPersonalData('Nhà ở số 12 ly thuong kiet.', known)).toBe(`Nhà ở số ${MASK}.`);
  });

  it('keeps what is not personal: dates, amounts, dossier and procedure codes, ordinary words, a given name alone', () => {
    const text =
      'Hồ sơ 000.02.30.H19-261129-0001 (thủ tục 1.004873) nộp ngày 27/11/2026 lúc 09:30, lệ phí 150.000.000 đồng; chị Lan được hướng dẫn an toàn.';
    expect(scrubPersonalData(text, known)).toBe(text);
    expect(scrubPersonalData('Phường Trấn Biên, Đồng Nai làm việc đến 17 giờ.', known)).toBe(
      'Phường Trấn Biên, Đồng Nai làm việc đến 17 giờ.',
    );
  });

  it('answers NFC text and changes nothing it has scrubbed', () => {
    const once = scrubPersonalData('Tôi là Trần Thị Lan, 0912345678.'.normalize('NFD'), known);
    expect(once).toBe(once.normalize('NFC'));
    expect(scrubPersonalData(once, known)).toBe(once);
  });

  it('leaves none of a person’s data in a hostile text, however it is written', () => {
    const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng'];
    const middle = ['Văn', 'Thị', 'Hữu', 'Ngọc', 'Đức'];
    const given = ['Hùng', 'Lan', 'Phương', 'Dũng', 'Hạnh', 'Quốc Bảo'];
    const person = fc.record({
      fullName: fc
        .tuple(fc.constantFrom(...family), fc.constantFrom(...middle), fc.constantFrom(...given))
        .map((parts) => parts.join(' ')),
      idNumber: fc.stringMatching(/^0\d{11}$/),
      phone: fc.stringMatching(/^0[35789]\d{8}$/),
    });
    const casing = fc.constantFrom<(text: string) => string>(
      (text) => text,
      (text) => text.toUpperCase(),
      (text) => text.toLowerCase(),
      (text) => text.normalize('NFD'),
      (text) => plain(text),
    );
    const spacing = fc.constantFrom<(number: string) => string>(
      (number) => number,
      (number) => number.split('').join(' '),
      (number) => number.replace(/(\d{3})(?=\d)/g, '$1.'),
      (number) => number.replace(/(\d{4})(?=\d)/g, '$1-'),
      (number) => `+84 ${number.slice(1)}`,
    );
    fc.assert(
      fc.property(person, casing, spacing, fc.string({ maxLength: 30 }), (who, cased, spaced, noise) => {
        const text = `${noise} Tôi là ${cased(who.fullName)}, CCCD ${spaced(who.idNumber)}, gọi ${spaced(who.phone)}. ${noise}`;
        const scrubbed = scrubPersonalData(text, personalDataOf(who));
        expect(plain(scrubbed)).not.toContain(plain(who.fullName));
        expect(digits(scrubbed)).not.toContain(who.idNumber);
        expect(digits(scrubbed)).not.toContain(who.phone.slice(1));
      }),
      { numRuns: 300 },
    );
  });

  it('costs no more than its length on a long text', () => {
    const long = `${'a'.repeat(10_000)}@${'1'.repeat(5_000)}`;
    const started = performance.now();
    scrubPersonalData(long, known);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('a recorded number written another way', () => {
  it('withholds a recorded landline written without its trunk zero, short as it is', () => {
    const known = personalDataOf({ fullName: 'Trần Văn Bình', phone: '3812345' });
    expect(scrubPersonalData('Liên hệ số 381 2345 giờ hành chính.', known)).toBe(
      `Liên hệ số ${MASK} giờ hành chính.`,
    );
  });
});

describe('recorded numbers and names at the scrubber’s edges', () => {
  it('withholds a part of a recorded phone written in the other form, local or international', () => {
    expect(scrubPersonalData('gọi 0912 345', personalDataOf({ phone: '+84 912 345 678' }))).toBe(
      `gọi ${MASK}`,
    );
    expect(scrubPersonalData('gọi (+84) 9123', personalDataOf({ phone: '0912 345 678' }))).toBe(
      `gọi ${MASK}`,
    );
    // Ten digits with 84 are the international form of a nine-digit number.
    expect(scrubPersonalData('gọi 0912 345', personalDataOf({ phone: '84 912 345 67' }))).toBe(`gọi ${MASK}`);
  });

  it('reads a short recorded number that begins with 84 as it is, not as an international phone', () => {
    const known = personalDataOf({ phone: '8412345' });
    expect(scrubPersonalData('mã 012345', known)).toBe('mã 012345');
    expect(scrubPersonalData('số 8412345', known)).toBe(`số ${MASK}`);
  });

  it('withholds the last six digits of a recorded id number, whichever of several numbers it is', () => {
    const known = personalDataOf({ idNumber: '079190012345', phone: '0912345678' });
    expect(scrubPersonalData('CCCD đuôi 012345.', known)).toBe(`CCCD đuôi ${MASK}.`);
    expect(scrubPersonalData('máy lẻ 345678.', known)).toBe(`máy lẻ ${MASK}.`);
  });

  it('withholds a short number that holds a recorded one, whichever of several it is', () => {
    const known = personalDataOf({ idNumber: '079190012345', phone: '3812345' });
    expect(scrubPersonalData('gọi 83812345 nhé', known)).toBe(`gọi ${MASK} nhé`);
  });

  it('withholds nothing by a recorded number too short to point to anyone', () => {
    const known = personalDataOf({ phone: '113' });
    expect(scrubPersonalData('Phí 113.000 đồng, gọi 1130 hoặc 11300.', known)).toBe(
      'Phí 113.000 đồng, gọi 1130 hoặc 11300.',
    );
  });

  it('withholds a recorded name of four letters, and not one of fewer, which would take ordinary words with it', () => {
    expect(scrubPersonalData('Ông Vũ An đã đến.', personalDataOf({ fullName: 'Vũ An' }))).toBe(
      `Ông ${MASK} đã đến.`,
    );
    expect(scrubPersonalData('Hà Nội, ngày hôm nay.', personalDataOf({ fullName: 'Hà' }))).toBe(
      'Hà Nội, ngày hôm nay.',
    );
  });

  it('counts the letters of a short name across its words, and withholds none under four', () => {
    expect(scrubPersonalData('Trạm y tế đường Lê Y.', personalDataOf({ fullName: 'Lê Y' }))).toBe(
      'Trạm y tế đường Lê Y.',
    );
  });

  it('withholds a recorded number of six digits, and reads one without a trunk zero in no other form', () => {
    expect(scrubPersonalData('gọi 812 345', personalDataOf({ phone: '812345' }))).toBe(`gọi ${MASK}`);
    expect(scrubPersonalData('mã 84812345', personalDataOf({ phone: '3812345' }))).toBe('mã 84812345');
  });

  it('withholds a recorded email written with other separators', () => {
    const known = personalDataOf({ email: 'lan.tran@example.vn' });
    expect(scrubPersonalData('viết cho lan_tran / example / vn nhé', known)).toBe(`viết cho ${MASK} nhé`);
  });

  it('does not withhold alone the first part of an address that holds no house number', () => {
    const known = personalDataOf({ address: 'Thôn Đông Hòa, xã An Phước, Đồng Nai' });
    expect(scrubPersonalData('Thôn Đông Hòa có đường mới.', known)).toBe('Thôn Đông Hòa có đường mới.');
    expect(scrubPersonalData('ở Thôn Đông Hòa, xã An Phước, Đồng Nai', known)).toBe(`ở ${MASK}`);
  });

  it('masks exactly the number after a dossier code or a character that unfolds into several', () => {
    const known = personalDataOf({ phone: '0912345678' });
    expect(scrubPersonalData('Hồ sơ 000.02.30.H19-261202-0001, gọi 0912345678 ạ.', known)).toBe(
      `Hồ sơ 000.02.30.H19-261202-0001, gọi ${MASK} ạ.`,
    );
    expect(scrubPersonalData('Phí ½ tháng ﬁ, gọi 0912345678 ạ.', known)).toBe(
      `Phí ½ tháng ﬁ, gọi ${MASK} ạ.`,
    );
  });
});
