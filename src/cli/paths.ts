/**
 * Checks of path options before any work: a mistyped path is a usage error (exit 2) naming the
 * option and what is wrong there, not a raw ENOENT / EISDIR / EEXIST from Node later on.
 */
import * as fs from 'fs';
import * as path from 'path';
import { usageError } from './errors';

const isDirectory = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;

/**
 * `file` can be created or overwritten: a non-empty path, not a directory, in an existing folder.
 * @param option how to name the path in errors, e.g. `--cases-out`
 * @throws CliError (exit 2) saying what is wrong.
 */
export function checkOutputFile(option: string, file: string): void {
  if (file.trim() === '') throw usageError(`${option}: expected a file path, received ''`);
  if (isDirectory(file)) throw usageError(`${option}: expected a file, received ${file}, which is a directory`);
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) throw usageError(`${option}: the folder ${dir} does not exist`);
  if (!isDirectory(dir)) throw usageError(`${option}: expected a file in a folder, but ${dir} is a file`);
}

/**
 * `dir` is a directory or can be created as one: a non-empty path with no file at it or above it.
 * @param option how to name the path in errors, e.g. `--data-dir`
 * @throws CliError (exit 2) saying what is wrong.
 */
export function checkDirectoryPath(option: string, dir: string): void {
  if (dir.trim() === '') throw usageError(`${option}: expected a directory path, received ''`);
  let p = dir;
  while (!fs.existsSync(p) && path.dirname(p) !== p) p = path.dirname(p);
  if (fs.existsSync(p) && !isDirectory(p)) {
    throw usageError(`${option}: expected a directory, ${p === dir ? dir : `${dir}: ${p}`} is a file`);
  }
}
