import { readdirSync, readFileSync } from 'node:fs';

// /proc/<pid>/stat counts in clock ticks; 100 per second on every Linux this runs on (getconf CLK_TCK).
const TICK_US = 10_000;

type ProcStat = { ppid: number; cpuUs: number; reapedUs: number };

function procStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; fields after the last ')' are fixed.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(f[1]),
      cpuUs: (Number(f[11]) + Number(f[12])) * TICK_US,
      // cutime + cstime: children that exited and were waited for, e.g. pool connections closed when idle.
      reapedUs: (Number(f[13]) + Number(f[14])) * TICK_US,
    };
  } catch {
    return null;
  }
}

/**
 * CPU time of one PostgreSQL cluster: its postmaster, its live children (backends, walwriter …) and its
 * exited children, so the sum never drops when a backend ends. Other clusters on the machine are left out.
 * Null when the server is not local (DATABASE_URL elsewhere).
 */
export function postgresCpu(backendPid: number): (() => number) | null {
  const postmaster = procStat(backendPid)?.ppid;
  if (!postmaster || !procStat(postmaster)) return null;
  return () => {
    const root = procStat(postmaster);
    let total = root ? root.cpuUs + root.reapedUs : 0;
    for (const name of readdirSync('/proc')) {
      const pid = Number(name);
      if (!Number.isInteger(pid)) continue;
      const s = procStat(pid);
      if (s?.ppid === postmaster) total += s.cpuUs;
    }
    return total;
  };
}

/** This process's user + system CPU in microseconds. */
export const ownCpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
