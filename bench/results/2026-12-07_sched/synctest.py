import os, threading, time, sys
nthreads=int(sys.argv[1]); secs=3
path='/tmp/synctest.dat'
fd=os.open(path, os.O_RDWR|os.O_CREAT)
os.ftruncate(fd, 0); os.write(fd, b'\0'*(64<<20)); os.fsync(fd)
lock=threading.Lock(); pos=[0]; counts=[0]*nthreads; lat=[[] for _ in range(nthreads)]
stop=time.time()+secs
def run(i):
    while time.time()<stop:
        with lock:
            p=pos[0]; pos[0]+=2048
        os.pwrite(fd, b'x'*2048, p)
        t=time.perf_counter(); os.fdatasync(fd); lat[i].append(time.perf_counter()-t)
        counts[i]+=1
ts=[threading.Thread(target=run,args=(i,)) for i in range(nthreads)]
[t.start() for t in ts]; [t.join() for t in ts]
allat=sorted(x for l in lat for x in l)
print(nthreads, 'threads: syncs/s', sum(counts)/secs, 'median latency us', allat[len(allat)//2]*1e6, 'p90', allat[int(len(allat)*.9)]*1e6)
