/**
 * Crash tests: with JISHI_FAULT_POINT=<name> the process kills itself (SIGKILL, no cleanup) when it
 * reaches that point, so a test can prove that what was in flight leaves nothing half-done.
 * Without the variable this is a no-op.
 */
export function faultPoint(name: string): void {
  if (process.env.JISHI_FAULT_POINT === name) process.kill(process.pid, 'SIGKILL');
}
