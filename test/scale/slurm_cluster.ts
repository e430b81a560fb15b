/**
 * A one-node Slurm cluster for tests (not a test file itself): munged, slurmctld and slurmd
 * started from a temporary folder with their own config, ports and socket, and stopped by their
 * PIDs (a daemon that fails to start stops the ones started before it; the folder then stays for
 * its logs). The configuration is the one verified on Debian 12 (slurm-wlm 22.05, no systemd, no
 * cgroups): linuxproc process tracking, no task plugin, no accounting.
 * `slurmUnavailable()` says why a machine cannot run it (no root, no binaries), or null.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BINARIES = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scontrol'];

/** Why this machine cannot start a test cluster, or null when it can. */
export function slurmUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'not root (slurmd must run as root)';
  const missing = BINARIES.filter((b) => spawnSync('sh', ['-c', `command -v ${b}`]).status !== 0);
  if (missing.length > 0)
    return `missing ${missing.join(', ')} (Debian: apt-get install slurm-wlm munge; 'make test' installs them)`;
  return null;
}

export interface Cluster {
  dir: string;
  node: string;
  /** The environment for Slurm commands (SLURM_CONF). */
  env: NodeJS.ProcessEnv;
  /** Stops the daemons by their PIDs and removes `dir` (kept with `keepDir`, e.g. for its logs after a failure). */
  stop(keepDir?: boolean): void;
}

const freePort = (base: number) => base + 2 * Math.floor(Math.random() * 1000);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts the cluster and waits until the node is idle. */
export function startCluster(): Cluster {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-slurm-'));
  for (const d of ['state', 'spool']) fs.mkdirSync(path.join(dir, d));
  fs.writeFileSync(path.join(dir, 'munge.key'),
    Buffer.from(Array.from({ length: 1024 }, () => Math.floor(Math.random() * 256))), { mode: 0o600 });
  const nodeLine = execFileSync('slurmd', ['-C'], { encoding: 'utf8' }).split('\n')[0];
  const node = /NodeName=(\S+)/.exec(nodeLine)![1];
  const ctld = freePort(20000);
  const conf = [
    'ClusterName=qdtest', `SlurmctldHost=${os.hostname()}`, `SlurmctldPort=${ctld}`, `SlurmdPort=${ctld + 1}`,
    'AuthType=auth/munge', `AuthInfo=socket=${dir}/munge.sock`, `StateSaveLocation=${dir}/state`,
    `SlurmdSpoolDir=${dir}/spool`,
    `SlurmctldPidFile=${dir}/slurmctld.pid`, `SlurmdPidFile=${dir}/slurmd.pid`,
    `SlurmctldLogFile=${dir}/slurmctld.log`, `SlurmdLogFile=${dir}/slurmd.log`,
    'ProctrackType=proctrack/linuxproc', 'TaskPlugin=task/none', 'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none', 'SelectType=select/cons_tres', 'SelectTypeParameters=CR_Core',
    'ReturnToService=2', 'MpiDefault=none', 'SlurmUser=root', 'MinJobAge=600',
    nodeLine, 'PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP', '',
  ].join('\n');
  const confFile = path.join(dir, 'slurm.conf');
  fs.writeFileSync(confFile, conf);
  const env = { ...process.env, SLURM_CONF: confFile };
  // The daemons' PIDs, each read right after its start (they remove their PID files when they stop).
  const pids: Record<string, number> = {};
  const stopDaemons = () => {
    for (const p of ['slurmd', 'slurmctld', 'munged']) {
      const pid = pids[p];
      if (pid === undefined) continue;
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        continue; // gone already
      }
      for (let t = 0; t < 50 && alive(pid); t++) spawnSync('sleep', ['0.1']);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  };
  /** Starts a daemon (it goes to the background) and records its PID, or fails saying why. */
  const startDaemon = (name: string, args: string[]) => {
    execFileSync(name, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const file = path.join(dir, `${name}.pid`);
    for (let t = 0; t < 50 && pids[name] === undefined; t++) {
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
      if (/^[1-9]\d*$/.test(text)) pids[name] = Number(text);
      else spawnSync('sleep', ['0.1']);
    }
    if (pids[name] === undefined) {
      // Not recorded, so not stopped by stopDaemons: find it by the test folder in its command line.
      const strays = strayProcesses(dir, Object.values(pids));
      for (const pid of strays) process.kill(pid, 'SIGKILL');
      throw new Error(`${name} wrote no PID file ${file} within 5 s` +
        `${strays.length > 0 ? ` (killed pid ${strays.join(', ')} running from ${dir})` : ''}; logs in ${dir}`);
    }
  };
  try {
    startDaemon('munged', [`--key-file=${dir}/munge.key`, `--socket=${dir}/munge.sock`,
      `--pid-file=${dir}/munged.pid`, `--log-file=${dir}/munged.log`, `--seed-file=${dir}/munge.seed`, '--force']);
    startDaemon('slurmctld', ['-f', confFile]);
    startDaemon('slurmd', ['-f', confFile]);
  } catch (e) {
    stopDaemons(); // what started; the folder stays for its logs
    throw e;
  }
  const cluster: Cluster = {
    dir, node, env,
    stop(keepDir = false) {
      stopDaemons();
      if (!keepDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    const r = spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' });
    if (r.status === 0 && /idle/.test(r.stdout)) return cluster;
    spawnSync('sleep', ['0.5']);
  }
  cluster.stop(true);
  throw new Error(`test cluster did not come up within 30 s; logs in ${dir}`);
}

/** Processes other than `known` whose command line names `dir` (a daemon whose PID went unrecorded). */
function strayProcesses(dir: string, known: number[]): number[] {
  return fs.readdirSync('/proc').filter((f) => /^\d+$/.test(f)).map(Number)
    .filter((pid) => pid !== process.pid && !known.includes(pid))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false; // gone meanwhile
      }
    });
}
