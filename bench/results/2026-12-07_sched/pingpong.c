// Two threads hand a token back and forth through a pthread condition (as a blocking queue does);
// prints the round trip: two wake-ups of a parked thread.
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int turn = 0; static int N = 20000;
static void *other(void *x) { for (int i = 0; i < N; i++) { pthread_mutex_lock(&m); while (turn != 1) pthread_cond_wait(&c, &m); turn = 0; pthread_cond_signal(&c); pthread_mutex_unlock(&m);} return 0; }
static double now() { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e6 + t.tv_nsec / 1e3; }
static int cmp(const void *a, const void *b) { double x = *(double*)a, y = *(double*)b; return x < y ? -1 : x > y; }
int main() { pthread_t t; pthread_create(&t, 0, other, 0); double *rt = malloc(N * sizeof(double));
  for (int i = 0; i < N; i++) { double s = now(); pthread_mutex_lock(&m); turn = 1; pthread_cond_signal(&c); while (turn != 0) pthread_cond_wait(&c, &m); pthread_mutex_unlock(&m); rt[i] = now() - s; }
  pthread_join(t, 0); qsort(rt, N, sizeof(double), cmp);
  printf("round trip us: p50 %.1f p90 %.1f p99 %.1f\n", rt[N/2], rt[N*9/10], rt[N*99/100]); }
