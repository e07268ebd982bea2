import validator from 'validator';
import { AppError } from '../../http/errors.ts';
import { isCommonPassword } from './common-passwords.ts';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export type Identifier = { kind: 'mobile'; value: string } | { kind: 'email'; value: string };

/** "+86 138 0013 8000", "8613800138000", "13800138000" → "+8613800138000". */
export function normalizeMobile(input: string): string {
  let digits = input.replace(/[\s-]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (!/^1[3-9]\d{9}$/.test(digits) || !validator.isMobilePhone(digits, 'zh-CN')) throw new AppError('MOBILE_INVALID');
  return `+86${digits}`;
}

export function normalizeEmail(input: string): string {
  const email = input.trim().toLowerCase();
  if (email.length > 254 || !validator.isEmail(email)) throw new AppError('EMAIL_INVALID');
  return email;
}

/** A login name is an email if it has an @, otherwise a mobile number. */
export function parseIdentifier(input: string): Identifier {
  const trimmed = input.trim();
  if (!trimmed) throw new AppError('IDENTIFIER_INVALID');
  return trimmed.includes('@')
    ? { kind: 'email', value: normalizeEmail(trimmed) }
    : { kind: 'mobile', value: normalizeMobile(trimmed) };
}

export function checkPasswordPolicy(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN) throw new AppError('PASSWORD_TOO_SHORT', { min: PASSWORD_MIN });
  if (length > PASSWORD_MAX) throw new AppError('PASSWORD_TOO_LONG', { max: PASSWORD_MAX });
  if (isCommonPassword(password)) throw new AppError('PASSWORD_TOO_COMMON');
}

/** 138****8000: how a phone number may appear outside its owner's own pages and logs. */
export function maskMobile(mobile: string): string {
  const digits = mobile.replace(/^\+86/, '');
  return digits.length === 11 ? `${digits.slice(0, 3)}****${digits.slice(7)}` : '***';
}

export function maskEmail(email: string): string {
  const [name = '', domain = ''] = email.split('@');
  return `${name.slice(0, 1)}***@${domain}`;
}
