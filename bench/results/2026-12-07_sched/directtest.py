# write+fdatasync (2 KB, page cache) against O_DIRECT|O_DSYNC (4 KB aligned) into a preallocated file:
# syncs per second, latency and CPU (user+system) per sync, one thread, 4 s each.
import os, time, mmap, sys, resource
path = '/tmp/directtest.dat'
size = 64 << 20
fd = os.open(path, os.O_RDWR | os.O_CREAT); os.ftruncate(fd, 0)
os.write(fd, b'\0' * size); os.fsync(fd); os.close(fd)
def run(mode, secs=4):
    if mode == 'fdatasync':
        fd = os.open(path, os.O_RDWR); buf = b'x' * 2048; step = 2048
    else:
        fd = os.open(path, os.O_RDWR | os.O_DIRECT | os.O_DSYNC)
        buf = mmap.mmap(-1, 4096); buf.write(b'y' * 4096); step = 4096
    lat = []; pos = 0
    r0 = resource.getrusage(resource.RUSAGE_SELF); end = time.time() + secs
    while time.time() < end:
        t = time.perf_counter()
        os.pwrite(fd, buf, pos)
        if mode == 'fdatasync': os.fdatasync(fd)
        lat.append(time.perf_counter() - t); pos = (pos + step) % size
    r1 = resource.getrusage(resource.RUSAGE_SELF); os.close(fd)
    lat.sort(); n = len(lat)
    cpu = (r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) / n * 1e6
    sysc = (r1.ru_stime - r0.ru_stime) / n * 1e6
    print(f"{mode:10s} {n/secs:8.0f}/s  p50 {lat[n//2]*1e6:6.0f} us  p99 {lat[int(n*.99)]*1e6:6.0f} us  CPU {cpu:5.1f} us/op (system {sysc:5.1f})")
for m in sys.argv[1:]: run(m)
os.unlink(path)
