/**
 * Loaded before every test file (`make test`: `node --import tsx --import ./test/setup.ts`):
 * silences TF.js's cpu-backend banner, printed once per process, so the test output is the
 * runner's own.
 */
import { quietCpuBanner } from '../src/backend';

quietCpuBanner();
