import * as z from 'zod';

/**
 * Identifier formats of the national systems.
 *
 * Mã định danh điện tử của cơ quan (QCVN 102:2016/BTTTT): four groups `LLL.KK.JJ.Pnn`,
 * at most 13 characters, the province group rightmost (e.g. `000.00.14.H56`).
 */
export const AGENCY_CODE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

/** Mã thủ tục hành chính of the national TTHC database, e.g. `1.001193`. */
export const PROCEDURE_CODE = /^\d\.\d{6}$/;

export const isAgencyCode = (value: string): boolean => AGENCY_CODE.test(value);
export const isProcedureCode = (value: string): boolean => PROCEDURE_CODE.test(value);

/** An electronic agency code as input: the schema the catalog and the actions share. */
export const AgencyCode = z
  .string()
  .regex(AGENCY_CODE, 'must be an electronic agency code in the QCVN 102 format, e.g. 000.00.14.H56')
  .meta({ example: '000.00.14.H19' });
