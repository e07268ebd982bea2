import { z } from 'zod';

const identifier = z.string().min(1).max(254).describe('Mainland mobile number (+86) or email address');
const password = z.string().min(1).max(1024);

export const registerBody = z
  .object({
    identifier,
    password,
    displayName: z.string().trim().min(1).max(40).optional(),
  })
  .strict();

export const loginBody = z.object({ identifier, password, code: z.string().trim().regex(/^\d{6}$/).optional().describe('两步验证 code, when the account has it on') }).strict();

export const changePasswordBody = z.object({ currentPassword: password, newPassword: password }).strict();

export const userView = z.object({
  id: z.string(),
  displayName: z.string(),
  mobile: z.string().nullable().describe('Masked: 138****8000'),
  email: z.string().nullable(),
});

export const meView = userView.extend({
  platformRoles: z.array(z.string()),
  shops: z.array(z.object({ shopId: z.string(), shopName: z.string(), role: z.string() })),
  csrfToken: z.string(),
});
