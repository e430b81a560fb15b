/**
 * Rich output in a tslab notebook cell: the kernel's display writer, and a text display that is
 * replaced in place (Jupyter's `update_display_data` on one `display_id`). Classic Notebook,
 * JupyterLab and nbconvert/nbclient all apply the update to the output that shows that id, so an
 * executed notebook keeps only the last text.
 */
import { randomBytes } from 'crypto';

/** tslab's writer of `display_data` (`update: false`) and `update_display_data` (`update: true`). */
export type WriteDisplay = (
  msg: { data: Record<string, unknown>; metadata: object; transient: object },
  update: boolean,
) => void;

/** The display writer of the tslab cell now executing, or null outside a tslab kernel. */
export function tslabWriter(): WriteDisplay | null {
  try {
    const file = require.resolve('tslab/dist/jupyter');
    // Only a kernel loads tslab's Jupyter module; loading it here would load TypeScript for nothing.
    if (require.cache[file] === undefined) return null;
    // tslab keeps the active display writer on its jupyter module (internal but pinned).
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return require(file).lastWriteDisplayData ?? null;
  } catch {
    return null;
  }
}

/** A text output of the current cell that each `set` replaces. */
export class LiveText {
  private readonly id = randomBytes(8).toString('hex');
  private shown = false;

  /** @param writer the cell's display writer (`tslabWriter()`), captured when the display is made */
  constructor(private readonly writer: WriteDisplay) {}

  /** Shows `text` (plain text; lines separated by '\n'), replacing what this display showed. */
  set(text: string): void {
    this.writer({ data: { 'text/plain': text }, metadata: {}, transient: { display_id: this.id } }, this.shown);
    this.shown = true;
  }
}
