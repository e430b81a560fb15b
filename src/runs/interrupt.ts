/**
 * Stop requests for long loops: Ctrl-C in a terminal, "Interrupt" in Jupyter (which sends
 * SIGINT to the kernel process: tslab's kernelspec has no `interrupt_mode`, so Jupyter uses
 * its default, `signal`).
 *
 * tslab answers SIGINT by failing the running cell at once ("Interrupted asynchronously") while
 * the cell's promise keeps running in the background; a re-run cell then starts a second copy.
 * So while a long loop runs inside `whileInterruptible`, SIGINT only sets the shared stop flag
 * (`stopFlag`): in a tslab kernel tslab's own SIGINT listeners are set aside for that time, so
 * the cell keeps waiting until the loop has checkpointed and returned; a second interrupt hands
 * over to them (the cell ends at once; the loop still stops after its current iteration).
 * Outside a kernel the listener is added beside any others (the CLI's own flags keep working);
 * in a script with no SIGINT listener, a second Ctrl-C exits with 130.
 *
 * Loops check `stopFlag.aborted` between outer iterations (`runDistillation`) and between jobs
 * (`throwIfStopped`, called by `PlanProgress.begin`). The flag is cleared when the outermost
 * `whileInterruptible` ends, so the next cell starts afresh.
 *
 * How tslab 1.0.22 handles interrupts (node_modules/tslab/dist/main.js, executor.js): its
 * kernelspec has no `interrupt_mode` and it ignores `interrupt_request`; its SIGINT listener
 * rejects the promise the cell's execution is raced against, so the cell reports
 * "Interrupted asynchronously" at once; the cell's synchronous part runs with `breakOnSigint`.
 */

export interface StopFlag {
  readonly aborted: boolean;
}

type Listener = (...args: unknown[]) => void;

const flag = { aborted: false };
let depth = 0;
let saved: Listener[] = [];
let othersAtStart = 0;
let inKernel = false;
let say: (message: string) => void = (m) => process.stderr.write(m + '\n');

/** The process-wide stop request, set by SIGINT while a `whileInterruptible` scope runs. */
export const stopFlag: StopFlag = flag;

/** A stop request honoured by a loop: its message says where it stopped and how to go on. */
export class StopRequested extends Error {
  override name = 'StopRequested';
}

/** True inside a tslab kernel (its Jupyter module is loaded in this process). */
export function inTslabKernel(): boolean {
  try {
    return require.cache[require.resolve('tslab/dist/jupyter')] !== undefined;
  } catch {
    return false;
  }
}

const onSigint = (signal: unknown) => {
  if (!flag.aborted) {
    flag.aborted = true;
    if (!inKernel && othersAtStart > 0) return; // the program's own listener reports it (the CLI)
    say(
      'qdistill: stop requested: the current run finishes its iteration, saves a checkpoint and stops' +
        (inKernel ? ' (interrupt again to stop waiting for it)' : ' (Ctrl-C again to exit at once)'),
    );
    return;
  }
  if (inKernel) for (const l of saved) l(signal);
  else if (othersAtStart === 0) process.exit(130);
};

/**
 * Runs `fn` with SIGINT turned into a stop request (see module comment); nested calls share
 * one scope. `log` receives the "stop requested" line (default: stderr, which a tslab cell shows).
 */
export async function whileInterruptible<T>(
  fn: (stop: StopFlag) => Promise<T>,
  log?: (message: string) => void,
): Promise<T> {
  if (depth++ === 0) {
    // Not while a cell's synchronous part runs: tslab runs it with `breakOnSigint`, and a SIGINT
    // listener added then is left without its OS handler (Node's watchdog restores the default
    // action at the end), so the next interrupt would kill the kernel.
    await new Promise<void>((resolve) => setImmediate(resolve));
    inKernel = inTslabKernel();
    if (log) say = log;
    othersAtStart = process.listenerCount('SIGINT');
    saved = inKernel ? (process.listeners('SIGINT') as Listener[]) : [];
    process.on('SIGINT', onSigint); // first, so that the OS handler stays installed throughout
    for (const l of saved) process.off('SIGINT', l);
  }
  try {
    return await fn(stopFlag);
  } finally {
    if (--depth === 0) {
      for (const l of saved) process.on('SIGINT', l);
      process.off('SIGINT', onSigint);
      saved = [];
      flag.aborted = false;
      say = (m) => process.stderr.write(m + '\n');
    }
  }
}

/**
 * Throws `StopRequested` when a stop was requested; loops call it between jobs.
 * @param next what would have started next (named in the message)
 */
export function throwIfStopped(next: string): void {
  if (!flag.aborted) return;
  throw new StopRequested(
    `stopped before ${next}; run the cell again to resume (finished runs are reused from the run cache)`,
  );
}

/** `a` or `b` aborted (either may be absent). */
export function eitherAborted(a: StopFlag | undefined, b: StopFlag | undefined): StopFlag {
  return { get aborted() { return (a?.aborted ?? false) || (b?.aborted ?? false); } };
}
