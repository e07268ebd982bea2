/**
 * Strings of 入驻 (merchant onboarding) and shop management, joined into the dictionary in messages.ts.
 * zh-CN is the reference; the English table must have the same keys.
 */
export const onboardingZh = {
} as const;

export const onboardingEn: Record<keyof typeof onboardingZh, string> = {
};
