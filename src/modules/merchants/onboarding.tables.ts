// Merchant onboarding (入驻): applications, qualification documents, review; shop freeze and licence records.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OnboardingTables {}
