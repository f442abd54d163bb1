// Meters of a server under test: the CPU each side of a measured run used, and peak memory.
import {
  cpuTicks,
  databasePids,
  descendants,
  machineTicks,
  statusKb,
} from './proc.js';

/**
 * CPU used during a measured run, in % of one core: the server's processes, mariadbd (which
 * other users of the database add to), this process (autocannon), all other processes,
 * interrupt handling (softirq, much of it the loopback traffic), and time the hypervisor stole.
 */
export interface Cpu {
  server: number;
  mariadb: number;
  bench: number;
  other: number;
  interrupts: number;
  steal: number;
}

/** Starts measuring CPU use; the function it returns stops and gives it. */
export function cpuMeter(serverPid: number): () => Cpu {
  const servers = [serverPid, ...descendants(serverPid)];
  const dbs = databasePids();
  const sum = (pids: number[]) =>
    pids.reduce((total, pid) => total + cpuTicks(pid), 0);
  const start = {
    at: process.hrtime.bigint(),
    server: sum(servers),
    db: sum(dbs),
    bench: cpuTicks(process.pid),
    machine: machineTicks(),
  };
  return () => {
    const seconds = Number(process.hrtime.bigint() - start.at) / 1e9;
    // 100 ticks a second: ticks per second is % of a core.
    const percent = (ticks: number) => Math.round(ticks / seconds);
    const server = sum(servers) - start.server;
    const db = sum(dbs) - start.db;
    const bench = cpuTicks(process.pid) - start.bench;
    const machine = machineTicks();
    return {
      server: percent(server),
      mariadb: percent(db),
      bench: percent(bench),
      other: Math.max(
        0,
        percent(
          machine.processes - start.machine.processes - server - db - bench,
        ),
      ),
      interrupts: percent(machine.interrupts - start.machine.interrupts),
      steal: percent(machine.steal - start.machine.steal),
    };
  };
}

/**
 * Peak memory of a process and its descendants (a cluster's workers), sampled every 0.5 s: the
 * kernel's high-water mark covers one process only, the sampled sum the whole tree.
 */
export class RssSampler {
  private peakTreeKb = 0;
  private peakProcessKb = 0;
  private processCount = 1;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 500);
    this.timer.unref();
  }

  /** The most processes the tree had at once. */
  get processes(): number {
    return this.processCount;
  }

  /** Peak RSS in MB: the kernel's high-water mark of one process, or the tree's sampled sum. */
  peakMb(): number {
    this.sample();
    return Math.max(this.peakProcessKb, this.peakTreeKb) / 1024;
  }

  /** The tree's highest sampled sum, in MB. */
  peakTreeMb(): number {
    return this.peakTreeKb / 1024;
  }

  /** The largest high-water mark of any one process of the tree, in MB. */
  largestProcessMb(): number {
    return this.peakProcessKb / 1024;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    const pids = [this.pid, ...descendants(this.pid)];
    let total = 0;
    for (const pid of pids) {
      total += statusKb(pid, 'VmRSS');
      this.peakProcessKb = Math.max(this.peakProcessKb, statusKb(pid, 'VmHWM'));
    }
    this.processCount = Math.max(this.processCount, pids.length);
    this.peakTreeKb = Math.max(this.peakTreeKb, total);
  }
}
