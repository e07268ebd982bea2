/** Tables of the platform's order and after-sales timer settings (系统设置); filled in by the work that owns it. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TimerSettingsTables {}
