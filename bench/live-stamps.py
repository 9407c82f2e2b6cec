#!/usr/bin/env python3
"""Timestamped records for bench/live.sh: end-to-end latency of a live stream on one machine (one clock).

  live-stamps.py write RATE_BYTES_PER_S SECONDS    records to standard output at that rate, then exits
  live-stamps.py read  [--follow FILE] WARMUP_S    records from standard input (or from FILE as a peer writes
                                                   it at offsets, polled every millisecond) until it ends
                                                   (or, following, until FILE stops growing for 3 s); prints
                                                   latency samples in microseconds, one a line

A record is RECORD bytes: a magic, the wall-clock time (ns) it was written, its sequence number, padding. Its
latency is when the reader got it minus when it was written: the source's chunking and signing, the
network, the leecher's verification and output buffering, all included. Records are found by their magic, so
chunks a leecher skipped (or the holes of a file written at offsets) cost only their own records. Records
written in the first WARMUP_S seconds are not counted (JIT warm-up of the peers).
"""
import os
import struct
import sys
import time

MAGIC = b"EDDYLIVE"
HEAD = struct.Struct(">8sqq")
RECORD = 1024


def write(rate, seconds):
    out = sys.stdout.buffer
    pad = bytes(RECORD - HEAD.size)
    start = time.monotonic()
    seq = 0
    total = int(rate * seconds / RECORD)
    # Paced in millisecond steps: each step writes the records due by then, so the stream is smooth at
    # 100 Mbit/s (12 records a millisecond) and at 8 Mbit/s (one a millisecond).
    while seq < total:
        due = min(total, int((time.monotonic() - start) * rate / RECORD) + 1)
        if due > seq:
            buf = bytearray()
            for s in range(seq, due):
                buf += HEAD.pack(MAGIC, time.time_ns(), s) + pad
            out.write(buf)
            out.flush()
            seq = due
        time.sleep(0.001)


def scan(buf, warmup_ns, first, samples):
    """Takes every whole record out of buf; returns the bytes left and the first timestamp seen."""
    now = time.time_ns()
    at = 0
    while True:
        i = buf.find(MAGIC, at)
        if i < 0 or len(buf) - i < HEAD.size:
            keep = max(at, len(buf) - HEAD.size) if i < 0 else i
            return buf[keep:], first
        _, stamp, _ = HEAD.unpack_from(buf, i)
        first = stamp if first is None else first
        if stamp - first >= warmup_ns:
            samples.append((now - stamp) // 1000)
        at = i + HEAD.size


def read(warmup, follow):
    samples = []
    first = None
    buf = b""
    warmup_ns = int(warmup * 1e9)
    if follow is None:
        src = sys.stdin.buffer
        while True:
            data = src.read1(1 << 16)
            if not data:
                break
            buf, first = scan(buf + data, warmup_ns, first, samples)
    else:
        while not os.path.exists(follow):
            time.sleep(0.001)
        with open(follow, "rb") as f:
            quiet_since = time.monotonic()
            while time.monotonic() - quiet_since < 3:
                data = f.read(1 << 16)
                if data:
                    quiet_since = time.monotonic()
                    buf, first = scan(buf + data, warmup_ns, first, samples)
                else:
                    time.sleep(0.001)
    sys.stdout.write("".join(f"{s}\n" for s in samples))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "write":
        write(float(sys.argv[2]), float(sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "read":
        read(float(sys.argv[2]), None)
    elif len(sys.argv) == 5 and sys.argv[1] == "read" and sys.argv[2] == "--follow":
        read(float(sys.argv[4]), sys.argv[3])
    else:
        sys.exit(__doc__)
