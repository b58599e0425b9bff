"""How many fsyncs per second the disk under the state directory sustains: the ceiling on
commits per second without group commit. Writes 4 KiB and fsyncs, for `seconds`."""
import os
import sys
import time

directory = sys.argv[1]
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
path = os.path.join(directory, "fsync-probe")
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
block = b"x" * 4096
count = 0
start = time.monotonic()
while time.monotonic() - start < seconds:
    os.pwrite(fd, block, (count % 256) * 4096)
    os.fsync(fd)
    count += 1
elapsed = time.monotonic() - start
os.close(fd)
os.unlink(path)
print(f"RESULT fsyncs={count} seconds={elapsed:.2f} rate={count / elapsed:.0f}")
