import { dictionary } from '@zxcvbn-ts/language-common';

// The 3,000 most common passwords (zxcvbn's ranked list) plus ones common among Chinese users.
const chinese = [
  'woaini', 'woaini1314', 'woaini520', 'iloveyou', 'a123456', 'a123456789', 'aa123456', 'qq123456', 'abc123456',
  '5201314', '1314520', '147258369', '123456a', '123456aa', 'zhang123', 'wang123', 'li123456', 'asd123456',
  'qwe123456', '88888888', '66666666', '11223344', '00000000', 'zxc123456', 'a12345678', 'woaini123',
];

const common = new Set<string>([...(dictionary['passwords-common'] as string[]).slice(0, 3000), ...chinese]);

export function isCommonPassword(password: string): boolean {
  return common.has(password.toLowerCase());
}
