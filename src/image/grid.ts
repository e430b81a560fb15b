/**
 * The distilled set as one picture: one row per synthetic step (group), one column per image
 * of that step (class-major: `imagesPerClass` images of class 0, then class 1, …). Each image
 * is de-normalised to pixel/255 space (x·std[c] + mean[c]), clipped to [0, 1], scaled up by
 * pixel repetition and framed by separator lines.
 */
import { RasterImage } from './png';

/** Layout of the grid picture. */
export interface GridOptions {
  /** Pixel repetition factor (default 2). */
  scale?: number;
  /** Separator width in pixels between and around the images (default 1). */
  gap?: number;
  /** Separator gray level 0–255 (default 255, white). */
  separator?: number;
}

/** Size in pixels of the grid of `rows × cols` images of `h × w` (see `distilledGrid`). */
export function gridSize(
  rows: number,
  cols: number,
  h: number,
  w: number,
  o: GridOptions = {},
): { width: number; height: number } {
  const scale = o.scale ?? 2,
    gap = o.gap ?? 1;
  return { width: cols * w * scale + (cols + 1) * gap, height: rows * h * scale + (rows + 1) * gap };
}

/**
 * Arranges distilled images as a grid picture.
 * @param values float32 values in normalised space, NHWC per image, laid out as `shape`
 * @param shape `[steps, imagesPerStep, H, W, C]` with C 1 (gray) or 3 (RGB)
 * @param mean per-channel mean, pixel/255 space (length C)
 * @param std per-channel standard deviation, pixel/255 space (length C)
 */
export function distilledGrid(
  values: Float32Array,
  shape: readonly number[],
  mean: readonly number[],
  std: readonly number[],
  o: GridOptions = {},
): RasterImage {
  if (shape.length !== 5) {
    throw new Error(`distilledGrid: expected shape [steps, images, H, W, C], received [${shape}]`);
  }
  const [rows, cols, h, w, c] = shape;
  if (c !== 1 && c !== 3) throw new Error(`distilledGrid: expected 1 or 3 channels, received ${c}`);
  if (values.length !== rows * cols * h * w * c) {
    throw new Error(
      `distilledGrid: expected ${rows * cols * h * w * c} values for [${shape}], received ${values.length}`,
    );
  }
  if (mean.length !== c || std.length !== c) {
    throw new Error(`distilledGrid: expected ${c} mean/std values, received ${mean.length}/${std.length}`);
  }
  const scale = o.scale ?? 2,
    gap = o.gap ?? 1,
    sep = o.separator ?? 255;
  if (!Number.isInteger(scale) || scale < 1) {
    throw new Error(`distilledGrid: expected scale to be a positive integer, received ${scale}`);
  }
  if (!Number.isInteger(gap) || gap < 0) {
    throw new Error(`distilledGrid: expected gap to be an integer ≥ 0, received ${gap}`);
  }
  const { width, height } = gridSize(rows, cols, h, w, { scale, gap });
  const data = new Uint8Array(width * height * c).fill(sep);
  const toByte = (v: number, ch: number) => {
    const p = v * std[ch] + mean[ch];
    return Math.round(255 * (Number.isNaN(p) ? 0 : Math.min(1, Math.max(0, p))));
  };
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < cols; k++) {
      const src = (r * cols + k) * h * w * c;
      const x0 = gap + k * (w * scale + gap), y0 = gap + r * (h * scale + gap);
      for (let y = 0; y < h * scale; y++) {
        for (let x = 0; x < w * scale; x++) {
          const from = src + (Math.floor(y / scale) * w + Math.floor(x / scale)) * c;
          const to = ((y0 + y) * width + x0 + x) * c;
          for (let ch = 0; ch < c; ch++) data[to + ch] = toByte(values[from + ch], ch);
        }
      }
    }
  }
  return { width, height, channels: c as 1 | 3, data };
}

/**
 * The first image of each class of a class-major set, so that a figure stays legible when a set
 * has many images per class (CIFAR-10: 100 images in one row would be 6,500 pixels wide).
 * @param values float32 values laid out as `shape`
 * @param shape `[steps, classes · perClass, H, W, C]`, class-major within a step
 * @param classes the number of classes
 * @returns the values and shape `[steps, classes, H, W, C]` of image 0 of each class of each step
 */
export function firstOfEachClass(
  values: Float32Array,
  shape: readonly number[],
  classes: number,
): { values: Float32Array; shape: number[] } {
  if (shape.length !== 5) {
    throw new Error(`firstOfEachClass: expected shape [steps, images, H, W, C], received [${shape}]`);
  }
  const [steps, images, h, w, c] = shape;
  if (!Number.isInteger(classes) || classes < 1 || images % classes !== 0) {
    throw new Error(`firstOfEachClass: expected ${images} images to split into ${classes} classes of equal size`);
  }
  const perClass = images / classes, size = h * w * c;
  const out = new Float32Array(steps * classes * size);
  for (let s = 0; s < steps; s++) {
    for (let k = 0; k < classes; k++) {
      const from = (s * images + k * perClass) * size;
      out.set(values.subarray(from, from + size), (s * classes + k) * size);
    }
  }
  return { values: out, shape: [steps, classes, h, w, c] };
}
