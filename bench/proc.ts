// What Linux's /proc tells about processes and the machine: memory, CPU time, process trees.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** A `kB` field of /proc/<pid>/status (VmRSS, VmHWM); 0 once the process is gone. */
export function statusKb(pid: number, field: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}

/**
 * Resets a process's high-water mark (VmHWM) to its current RSS, so that VmHWM then tells the
 * peak of what follows; false where the kernel does not allow it.
 */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces). */
function statFields(pid: number | string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

function processIds(): string[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
}

/** Every descendant of `root`: a cluster's workers, npm's node. */
export function descendants(root: number): number[] {
  const byParent = new Map<number, number[]>();
  for (const entry of processIds()) {
    try {
      const parent = Number(statFields(entry)[1]);
      const list = byParent.get(parent) ?? [];
      list.push(Number(entry));
      byParent.set(parent, list);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const stack = [root];
  for (let pid = stack.pop(); pid !== undefined; pid = stack.pop()) {
    for (const child of byParent.get(pid) ?? []) {
      found.push(child);
      stack.push(child);
    }
  }
  return found;
}

/** utime + stime of a process, in clock ticks; 0 once it is gone. */
export function cpuTicks(pid: number): number {
  try {
    const fields = statFields(pid);
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * Clock ticks of the whole machine (all cores) spent in processes (user, nice, system), in
 * interrupts (softirq: much of loopback networking), and stolen by the hypervisor.
 */
export function machineTicks(): {
  processes: number;
  interrupts: number;
  steal: number;
} {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const t = (cpu ?? '').split(/\s+/).slice(1).map(Number);
  const at = (i: number) => t[i] ?? 0;
  return {
    processes: at(0) + at(1) + at(2),
    interrupts: at(5) + at(6),
    steal: at(7),
  };
}

/** The pids of the MariaDB/MySQL servers running on this machine. */
export function databasePids(): number[] {
  return processIds()
    .filter((entry) => {
      try {
        const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
        return comm === 'mariadbd' || comm === 'mysqld';
      } catch {
        return false;
      }
    })
    .map(Number);
}
