# The psutil peer of the sampler benchmark: Vigil's metric set collected with psutil on Vigil's schedule,
# metered like the Node contenders (childMeter.ts): after a warm-up, its own CPU time over a window of samples.
# Every second, as Vigil's fast tier (src/main/metrics/linux/fastCollector.ts): CPU total and per core (total,
# user, system, iowait), each core's clock where sysfs exposes it, load average, memory, swap, receive and send
# rates per interface with totals since start, read and write rates per whole disk. Every 5 s, as Vigil's slow
# tier: file-system usage, temperatures and battery.
# With a fourth argument `idle` it wakes on the same schedule and collects nothing: the Python runtime's own cost.
# Usage: python3 psutilLoop.py WARMUP_SAMPLES MEASURED_SAMPLES INTERVAL_MS [idle]; prints one `result {json}` line.
import json
import os
import re
import resource
import sys
import time

import psutil

SLOW_EVERY_SAMPLES = 5
DISK_LIST_REFRESH_SECONDS = 60
# Vigil's ignoredBlockDevices: loop mounts, RAM disks, floppies, CD drives.
IGNORED_BLOCK_DEVICES = re.compile(r"^(loop|ram|zram|fd|sr)\d+$")
# Without cpufreq in sysfs, psutil would read /proc/cpuinfo instead; Vigil then reads no clock at all.
HAS_FREQUENCIES = os.path.exists("/sys/devices/system/cpu/cpufreq/policy0") or os.path.exists("/sys/devices/system/cpu/cpu0/cpufreq")


def cpu_ms(who):
    usage = resource.getrusage(who)
    return (usage.ru_utime + usage.ru_stime) * 1000


def list_disks():
    """Whole disks only, as Vigil counts them: the names in /sys/block."""
    return {name for name in os.listdir("/sys/block") if not IGNORED_BLOCK_DEVICES.match(name)}


def cpu_shares(times):
    """Vigil's shares: user includes nice, system includes irq and softirq, total is all but idle and iowait."""
    return (100 - times.idle - times.iowait, times.user + times.nice, times.system + times.irq + times.softirq, times.iowait)


class Collector:
    def __init__(self):
        self.previous_at = time.monotonic()
        self.network_start = psutil.net_io_counters(pernic=True)
        self.network = self.network_start
        self.disk_counters = psutil.disk_io_counters(perdisk=True)
        self.disks = list_disks()
        self.disks_listed_at = self.previous_at
        self.slow_values = {}
        self.samples = 0
        psutil.cpu_times_percent(percpu=True)
        psutil.cpu_times_percent()

    def collect_slow(self):
        values = {}
        for partition in psutil.disk_partitions():
            try:
                usage = psutil.disk_usage(partition.mountpoint)
            except OSError:
                continue
            values["fs", partition.mountpoint] = (usage.total, usage.used, usage.free, usage.percent, 100 - usage.percent)
        for sensor, readings in psutil.sensors_temperatures().items():
            values["temp", sensor] = max(reading.current for reading in readings)
        battery = psutil.sensors_battery()
        if battery is not None:
            values["battery"] = (battery.percent, battery.power_plugged, battery.secsleft)
        self.slow_values = values

    def collect(self):
        if self.samples % SLOW_EVERY_SAMPLES == 0:
            self.collect_slow()
        self.samples += 1
        now = time.monotonic()
        elapsed = max(now - self.previous_at, 0.001)
        values = dict(self.slow_values)
        values["cpu"] = cpu_shares(psutil.cpu_times_percent())
        for core, times in enumerate(psutil.cpu_times_percent(percpu=True)):
            values["core", core] = cpu_shares(times)
        if HAS_FREQUENCIES:
            for core, frequency in enumerate(psutil.cpu_freq(percpu=True)):
                values["freq", core] = frequency.current
        values["load"] = os.getloadavg()
        memory = psutil.virtual_memory()
        values["mem"] = (memory.total, memory.total - memory.available, (memory.total - memory.available) / memory.total * 100, memory.available, memory.cached, memory.buffers)
        swap = psutil.swap_memory()
        if swap.total > 0:
            values["swap"] = (swap.total, swap.used)

        network = psutil.net_io_counters(pernic=True)
        totals = [0, 0, 0, 0]
        for interface, counters in network.items():
            before = self.network.get(interface)
            if before is None:
                continue
            first = self.network_start.get(interface, before)
            rates_and_totals = (
                max(0, counters.bytes_recv - before.bytes_recv) / elapsed,
                max(0, counters.bytes_sent - before.bytes_sent) / elapsed,
                max(0, counters.bytes_recv - first.bytes_recv),
                max(0, counters.bytes_sent - first.bytes_sent),
            )
            values["net", interface] = rates_and_totals
            if interface != "lo":
                totals = [total + figure for total, figure in zip(totals, rates_and_totals)]
        values["net", "total"] = tuple(totals)

        if now - self.disks_listed_at > DISK_LIST_REFRESH_SECONDS:
            self.disks = list_disks()
            self.disks_listed_at = now
        disk_counters = psutil.disk_io_counters(perdisk=True)
        for device, counters in disk_counters.items():
            before = self.disk_counters.get(device)
            if before is None or device not in self.disks:
                continue
            values["disk", device] = (max(0, counters.read_bytes - before.read_bytes) / elapsed, max(0, counters.write_bytes - before.write_bytes) / elapsed)

        self.previous_at = now
        self.network = network
        self.disk_counters = disk_counters
        return values


def describe(values):
    count = lambda kind: sum(1 for key in values if isinstance(key, tuple) and key[0] == kind)
    return {"cores": count("core"), "interfaces": count("net") - 1, "disks": count("disk"), "mounts": count("fs"), "frequencies": count("freq")}


def main():
    warmup_samples, measured_samples, interval_ms = (int(argument) for argument in sys.argv[1:4])
    is_idle = sys.argv[4:5] == ["idle"]
    collector = None if is_idle else Collector()
    started_at = time.monotonic()
    start = None
    values = {}
    for tick in range(1, warmup_samples + measured_samples + 1):
        if collector is not None:
            values = collector.collect()
        if tick == warmup_samples:
            start = (time.monotonic(), cpu_ms(resource.RUSAGE_SELF), cpu_ms(resource.RUSAGE_CHILDREN))
        if tick == warmup_samples + measured_samples:
            break
        time.sleep(max(0.0, started_at + tick * interval_ms / 1000 - time.monotonic()))
    end = (time.monotonic(), cpu_ms(resource.RUSAGE_SELF), cpu_ms(resource.RUSAGE_CHILDREN))
    detail = {} if is_idle else describe(values)
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
