import cliProgress from 'cli-progress';

export type ProgressFn = (step: string, done: number, total: number) => void;

/** A progress bar per step on a terminal; plain lines elsewhere (CI logs). */
export function progressReporter(): ProgressFn {
  let bar: cliProgress.SingleBar | undefined;
  let current = '';
  let lastLogged = -1;
  return (step, done, total) => {
    if (step !== current) {
      bar?.stop();
      current = step;
      lastLogged = -1;
      if (process.stdout.isTTY) {
        bar = new cliProgress.SingleBar({ format: `  ${step.padEnd(14)} [{bar}] {value}/{total}`, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, done);
      } else bar = undefined;
    }
    if (bar) {
      bar.update(done);
      if (done >= total) bar.stop();
    } else {
      const decile = Math.floor((done / Math.max(total, 1)) * 10);
      if (decile !== lastLogged) {
        lastLogged = decile;
        console.log(`  ${step}: ${done}/${total}`);
      }
    }
  };
}
