/** The error a statement fails with, or null if it succeeds (for tests of what the database refuses). */
export async function failure(run: () => Promise<unknown>): Promise<{ code?: string; message: string } | null> {
  try {
    await run();
    return null;
  } catch (error) {
    return error as { code?: string; message: string };
  }
}
