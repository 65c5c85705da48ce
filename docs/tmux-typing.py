#!/usr/bin/env python3
"""Typing latency in a real terminal: start the reader in tmux at 200x50 on LIBRARY, type
"regulation", "stablecoin" and "tokenization" a letter at a time, and after each letter from
the third on, poll `tmux capture-pane` until the query bar shows it and no search is running.
Prints p50/p99 in ms. Usage: python3 docs/tmux-typing.py LIBRARY [DOSSIER]"""
import subprocess, sys, time

library = sys.argv[1]
dossier = sys.argv[2] if len(sys.argv) > 2 else ".build/release/dossier"

def tm(*a):
    return subprocess.run(["tmux"] + list(a), capture_output=True, text=True).stdout

tm("kill-session", "-t", "typing")
tm("new-session", "-d", "-s", "typing", "-x", "200", "-y", "50", f"{dossier} --library {library}")
time.sleep(2)
lat = []
for word in ["regulation", "stablecoin", "tokenization"]:
    tm("send-keys", "-t", "typing", "/")
    for k, ch in enumerate(word):
        typed = word[: k + 1]
        t = time.perf_counter()
        tm("send-keys", "-t", "typing", "-l", ch)
        if k < 2:
            time.sleep(0.05)
            continue
        while True:
            first = tm("capture-pane", "-p", "-t", "typing").split("\n")[0]
            if first.startswith(" / " + typed) and "searching" not in first:
                break
            if time.perf_counter() - t > 5:
                break
        lat.append((time.perf_counter() - t) * 1000)
    tm("send-keys", "-t", "typing", "Escape")
    time.sleep(0.2)
tm("send-keys", "-t", "typing", "Q")
lat.sort()
print("n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms" % (len(lat), lat[len(lat) // 2], lat[max(0, int(len(lat) * 0.99) - 1)], lat[-1]))
