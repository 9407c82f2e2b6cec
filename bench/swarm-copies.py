#!/usr/bin/env python3
"""Which chunks a swarm's seeder sent more than once, and why.

Usage: bench/swarm-copies.py RUN_DIR
  RUN_DIR: one run of bench/swarm-netns.sh --record DIR --record-settings messages (DIR/eddy-all1: seed.jfr and
  getN.jfr, every message recorded). Peers are named by their address in the benchmark's namespaces
  (10.79.0.1 the seeder, 10.79.0.N+1 downloader N). Needs the JDK's jfr tool on the PATH.

Each send of a chunk to a downloader that had it from the seeder before is a retransmission. Every other send
of a chunk the seeder had sent before is put in the first class that fits, judged at the downloader's last
REQUEST for it to the seeder before that send:
  no HAVE had reached the asker    no other peer's announcement of the chunk had reached the downloader: the
                                   race the seeder's hold (RecentUploads) is for
  every holder choked the asker    the downloaders that had announced it all choked the asker
  every other holder had exited    the downloaders that had announced it and did not choke the asker had
                                   ended (a downloader exits once complete)
  every other holder had completed  they had received their last chunk (and announced all, like a seeder)
  a serving holder was known       the asker knew a downloader that served it and had the chunk, and asked
                                   the seeder anyway
"""
import collections
import glob
import json
import os
import subprocess
import sys
from datetime import datetime

SENT, RECEIVED = 'dev.eddy.ppspp.MessageSent', 'dev.eddy.ppspp.MessageReceived'


def seconds(stamp):
    whole, _, fraction = stamp.rstrip('Z').partition('.')
    return datetime.fromisoformat(whole).timestamp() + float('0.' + (fraction or '0'))


def peer(address):
    last = int(address.split(':')[0].split('.')[-1])
    return 'seed' if last == 1 else 'get%d' % (last - 1)


def messages(recording):
    """(event type, time, message type, remote peer, first chunk, last chunk) of every message, in time order."""
    out = subprocess.run(['jfr', 'print', '--json', '--events', SENT + ',' + RECEIVED, recording],
                         capture_output=True, text=True, check=True).stdout
    rows = []
    for e in json.loads(out)['recording']['events']:
        v = e['values']
        rows.append((e['type'], seconds(v['startTime']), v['messageType'], peer(v['remoteAddress']), v['chunkStart'], v['chunkEnd']))
    rows.sort(key=lambda r: r[1])
    return rows


def main(run):
    sends = collections.defaultdict(list)  # chunk -> [(time, downloader)] of the seeder's DATA
    for kind, t, msg, who, first, _ in messages(os.path.join(run, 'seed.jfr')):
        if kind == SENT and msg == 'DATA':
            sends[first].append((t, who))
    chokes = collections.defaultdict(list)  # (downloader, holder) -> [(time, choked)]
    haves = collections.defaultdict(list)   # downloader -> [(time, holder, first, last)]
    asks = collections.defaultdict(list)    # downloader -> [(time, first, last)] of REQUESTs to the seeder
    ended = {}                              # downloader -> time of its last recorded message
    completed = {}                          # downloader -> time it received its last DATA
    for recording in sorted(glob.glob(os.path.join(run, 'get*.jfr'))):
        me = os.path.basename(recording)[:-4]
        for kind, t, msg, who, first, last in messages(recording):
            ended[me] = t
            if kind == RECEIVED and msg == 'DATA':
                completed[me] = t
            if kind == RECEIVED and msg in ('CHOKE', 'UNCHOKE'):
                chokes[(me, who)].append((t, msg == 'CHOKE'))
            elif kind == RECEIVED and msg == 'HAVE' and who != 'seed':
                haves[me].append((t, who, first, last))
            elif kind == SENT and msg == 'REQUEST' and who == 'seed':
                asks[me].append((t, first, last))

    def choked(me, holder, t):
        state = False
        for when, c in chokes[(me, holder)]:
            if when > t:
                break
            state = c
        return state

    classes = collections.Counter()
    total = 0
    for chunk, to in sends.items():
        total += len(to)
        had = set()
        for t, who in to:
            if not had:
                had.add(who)
                continue
            if who in had:
                classes['retransmission to a downloader that had it from the seeder'] += 1
                continue
            had.add(who)
            asked = [a for a, first, last in asks[who] if first <= chunk <= last and a <= t]
            if not asked:
                classes['sent without a recorded REQUEST'] += 1
                continue
            at = asked[-1]
            holders = {h for when, h, first, last in haves[who] if first <= chunk <= last and when <= at}
            serving = [h for h in holders if not choked(who, h, at)]
            if not holders:
                classes['no HAVE had reached the asker'] += 1
            elif not serving:
                classes['every holder choked the asker'] += 1
            elif all(ended.get(h, float('inf')) <= at for h in serving):
                classes['every other holder had exited'] += 1
            elif all(completed.get(h, float('inf')) <= at for h in serving):
                classes['every other holder had completed'] += 1
            else:
                classes['a serving holder was known'] += 1
    chunks = len(sends)
    print('seeder: %d DATA for %d chunks, %.3f copies; %d sent again:' % (total, chunks, total / chunks if chunks else 0, total - chunks))
    for name, n in classes.most_common():
        print('  %7d  %s' % (n, name))


if __name__ == '__main__':
    if len(sys.argv) != 2 or not os.path.isfile(os.path.join(sys.argv[1], 'seed.jfr')):
        sys.exit('usage: swarm-copies.py RUN_DIR (with seed.jfr and getN.jfr recorded with every message)')
    main(sys.argv[1])
