# The psutil peer of the sampler benchmark: the dashboard's metric set collected once a second with psutil,
# metered like the Node contenders (childMeter.ts): after a warm-up, its own CPU time over a window of samples.
# Usage: python3 psutilLoop.py WARMUP_SAMPLES MEASURED_SAMPLES INTERVAL_MS; prints one `result {json}` line.
import json
import os
import resource
import sys
import time

import psutil


def cpu_ms(who):
    usage = resource.getrusage(who)
    return (usage.ru_utime + usage.ru_stime) * 1000


def collect():
    """The same set as Vigil's dashboard: CPU per core and total, memory, swap, network and disk counters, file systems, load."""
    psutil.cpu_times_percent(percpu=True)
    psutil.cpu_percent()
    psutil.virtual_memory()
    psutil.swap_memory()
    interfaces = psutil.net_io_counters(pernic=True)
    disks = psutil.disk_io_counters(perdisk=True)
    mounts = 0
    for partition in psutil.disk_partitions():
        try:
            psutil.disk_usage(partition.mountpoint)
            mounts += 1
        except OSError:
            pass
    os.getloadavg()
    return {"interfaces": len(interfaces), "disks": len(disks), "mounts": mounts}


def main():
    warmup_samples, measured_samples, interval_ms = (int(argument) for argument in sys.argv[1:4])
    started_at = time.monotonic()
    start = None
    detail = {}
    for tick in range(1, warmup_samples + measured_samples + 1):
        detail = collect()
        if tick == warmup_samples:
            start = (time.monotonic(), cpu_ms(resource.RUSAGE_SELF), cpu_ms(resource.RUSAGE_CHILDREN))
        if tick == warmup_samples + measured_samples:
            break
        time.sleep(max(0.0, started_at + tick * interval_ms / 1000 - time.monotonic()))
    end = (time.monotonic(), cpu_ms(resource.RUSAGE_SELF), cpu_ms(resource.RUSAGE_CHILDREN))
    detail["psutil"] = psutil.__version__
    window = {
        "samples": measured_samples,
        "elapsedMs": (end[0] - start[0]) * 1000,
        "ownCpuMs": end[1] - start[1],
        "childrenCpuMs": end[2] - start[2],
        "detail": detail,
    }
    print("result " + json.dumps(window), flush=True)


main()
