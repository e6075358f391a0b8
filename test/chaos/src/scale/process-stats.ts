// CPU and memory of a process as Linux accounts them (/proc/<pid>/stat and /status): the scale
// run reads the server's without any help from it.
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * User + system CPU time the process used so far, in seconds; with `thread`, that thread's only
 * (serverless-local's handlers run on the main thread of a process whose other threads generate
 * the load).
 */
export function cpuSeconds(pid: number, thread?: number): number {
  const path = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
  const stat = readFileSync(path, "utf8");
  // The command name may hold spaces and parentheses: the fields start after its last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat(5), i.e. 11 and 12 after the name.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident set size, in MiB. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** CPU use between two readings, as a percentage of one core. */
export class CpuMeter {
  private lastCpu: number;
  private lastAt = performance.now();

  constructor(
    private readonly pid: number,
    private readonly thread?: number,
  ) {
    this.lastCpu = cpuSeconds(pid, thread);
  }

  /** Percent of one core since the previous call (or the start). */
  read(): number {
    const cpu = cpuSeconds(this.pid, this.thread);
    const at = performance.now();
    const percent = ((cpu - this.lastCpu) / ((at - this.lastAt) / 1000)) * 100;
    this.lastCpu = cpu;
    this.lastAt = at;
    return percent;
  }
}
