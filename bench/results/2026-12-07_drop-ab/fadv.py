import os, sys, time, resource
mode = sys.argv[1]; path = sys.argv[2]
total = 1536 << 20; chunk = 4096*16; keep = 64 << 20; step = 8 << 20
buf = os.urandom(chunk)
fd = os.open(path, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o644)
r0 = resource.getrusage(resource.RUSAGE_SELF); t0 = time.time()
off = 0; evicted = 0; last_sync = 0
while off < total:
    os.pwrite(fd, buf, off); off += chunk
    if off - last_sync >= step:
        os.fdatasync(fd); last_sync = off
        if mode == "dontneed" and off - keep > evicted:
            os.posix_fadvise(fd, evicted, off - keep - evicted, os.POSIX_FADV_DONTNEED); evicted = off - keep
r1 = resource.getrusage(resource.RUSAGE_SELF)
print(mode, "wall %.2f s, sys %.2f s, user %.2f s" % (time.time()-t0, r1.ru_stime-r0.ru_stime, r1.ru_utime-r0.ru_utime))
os.close(fd); os.unlink(path)
