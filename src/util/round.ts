/** `x` rounded to `digits` decimals, as a number (for tables, logs and JSON). */
export const roundTo = (x: number, digits: number): number => Number(x.toFixed(digits));
