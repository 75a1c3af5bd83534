/*
 * buddy_replay.c: the C baseline for `kmemlab bench replay`.
 *
 * Replays the same binary allocation trace (little-endian int32 per operation: v >= 0 allocates a block
 * of order v, whose handle is the number of allocations before it; v < 0 frees handle -v - 1) on a
 * plain C buddy allocator: one zone of `ram` bytes of 4 KiB frames, all free, with the kernel's
 * free_area[MAX_ORDER] lists threaded through a struct page array (flags, private = order, lru links),
 * __rmqueue_smallest + expand on allocation and __free_one_page's merging on free. No watermarks, no
 * migrate types, no per-CPU lists, no debug checks: the algorithm's core, so the ratio between this and
 * the simulator on the same host and the same day is what to compare (hosts vary from day to day).
 *
 *   gcc -O2 -o /tmp/buddy_replay scripts/bench/buddy_replay.c
 *   /tmp/buddy_replay /tmp/t10m.bin [ram-MiB, default 1024] [runs, default 5]
 *
 * It prints the same fields as `kmemlab bench replay`. The checksum (FNV-1a over the returned pfns, -1 for
 * a failure) differs from the simulator's because the simulated machine has two zones, reserved frames
 * and migrate types; it is printed so that two runs of this program can be compared.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_ORDER 11
#define PG_BUDDY 1u

struct page {                   /* the fields of struct page this algorithm touches */
	uint32_t flags;
	uint32_t private;           /* order of a free block's head */
	int32_t next, prev;         /* lru: pfn links, -1 ends a list */
};

static struct page *mem_map;
static int32_t free_head[MAX_ORDER];
static long nr_free[MAX_ORDER];
static long nr_pages;

static void list_add(int32_t pfn, unsigned order)     /* at the head, as list_add does */
{
	int32_t h = free_head[order];
	mem_map[pfn].next = h;
	mem_map[pfn].prev = -1;
	if (h >= 0)
		mem_map[h].prev = pfn;
	free_head[order] = pfn;
}

static void list_del(int32_t pfn, unsigned order)
{
	struct page *p = &mem_map[pfn];
	if (p->prev >= 0)
		mem_map[p->prev].next = p->next;
	else
		free_head[order] = p->next;
	if (p->next >= 0)
		mem_map[p->next].prev = p->prev;
}

static void set_free(int32_t pfn, unsigned order)
{
	mem_map[pfn].flags |= PG_BUDDY;
	mem_map[pfn].private = order;
	list_add(pfn, order);
	nr_free[order]++;
}

/* __rmqueue_smallest + expand: take the first block of the smallest order that has one, keep its lowest
 * part, and put the upper halves at the head of the lower lists. */
static int32_t rmqueue_smallest(unsigned order)
{
	for (unsigned cur = order; cur < MAX_ORDER; cur++) {
		int32_t pfn = free_head[cur];
		if (pfn < 0)
			continue;
		list_del(pfn, cur);
		nr_free[cur]--;
		mem_map[pfn].flags &= ~PG_BUDDY;
		mem_map[pfn].private = 0;
		while (cur > order) {
			cur--;
			set_free(pfn + (1 << cur), cur);
		}
		return pfn;
	}
	return -1;
}

/* __free_one_page: merge with the buddy while it is free, of the same order and inside the zone. */
static void free_one_page(int32_t pfn, unsigned order)
{
	while (order < MAX_ORDER - 1) {
		int32_t buddy = pfn ^ (1 << order);
		if (buddy >= nr_pages || !(mem_map[buddy].flags & PG_BUDDY) || mem_map[buddy].private != order)
			break;
		list_del(buddy, order);
		nr_free[order]--;
		mem_map[buddy].flags &= ~PG_BUDDY;
		mem_map[buddy].private = 0;
		pfn &= ~(1 << order);
		order++;
	}
	set_free(pfn, order);
}

static void boot(void)
{
	for (unsigned o = 0; o < MAX_ORDER; o++) {
		free_head[o] = -1;
		nr_free[o] = 0;
	}
	for (long pfn = 0; pfn < nr_pages; pfn++)
		mem_map[pfn] = (struct page){0, 0, -1, -1};
	for (long pfn = 0; pfn + (1 << (MAX_ORDER - 1)) <= nr_pages; pfn += 1 << (MAX_ORDER - 1))
		set_free((int32_t)pfn, MAX_ORDER - 1);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s TRACE [ram-MiB] [runs]\n", argv[0]);
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	fseek(f, 0, SEEK_END);
	long bytes = ftell(f);
	fseek(f, 0, SEEK_SET);
	if (bytes % 4) {
		fprintf(stderr, "%s: %ld bytes, not a whole number of int32 operations\n", argv[1], bytes);
		return 2;
	}
	long n = bytes / 4;
	int32_t *ops = malloc(bytes ? bytes : 1);
	unsigned char *raw = malloc(bytes ? bytes : 1);
	if (!ops || !raw || fread(raw, 1, bytes, f) != (size_t)bytes) {
		fprintf(stderr, "%s: cannot read\n", argv[1]);
		return 2;
	}
	fclose(f);
	long allocs = 0;
	for (long i = 0; i < n; i++) {
		uint32_t u = raw[4 * i] | raw[4 * i + 1] << 8 | raw[4 * i + 2] << 16 | (uint32_t)raw[4 * i + 3] << 24;
		ops[i] = (int32_t)u;
		if (ops[i] >= 0) {
			if (ops[i] >= MAX_ORDER) {
				fprintf(stderr, "operation %ld: order %d is not below MAX_ORDER\n", i, ops[i]);
				return 2;
			}
			allocs++;
		} else if (-(long)ops[i] - 1 >= allocs) {
			fprintf(stderr, "operation %ld frees handle %ld before it was allocated\n", i, -(long)ops[i] - 1);
			return 2;
		}
	}
	free(raw);
	long ram_mib = argc > 2 ? atol(argv[2]) : 1024;
	int runs = argc > 3 ? atoi(argv[3]) : 5;
	if (ram_mib <= 0 || runs <= 0) {
		fprintf(stderr, "ram-MiB and runs must be positive\n");
		return 2;
	}
	nr_pages = ram_mib * 256;
	mem_map = malloc(sizeof(struct page) * nr_pages);
	int32_t *handles = malloc(sizeof(int32_t) * (allocs ? allocs : 1));
	unsigned char *orders = malloc(allocs ? allocs : 1);
	if (!mem_map || !handles || !orders) {
		fprintf(stderr, "out of memory\n");
		return 2;
	}
	double best = 0;
	long failed = 0, frees = 0;
	uint64_t checksum = 0;
	for (int r = 1; r <= runs; r++) {
		boot();
		long next = 0;
		failed = 0;
		frees = 0;
		checksum = 0xcbf29ce484222325ULL;
		double t0 = now();
		for (long i = 0; i < n; i++) {
			int32_t v = ops[i];
			if (v >= 0) {
				int32_t pfn = rmqueue_smallest((unsigned)v);
				handles[next] = pfn;
				orders[next] = (unsigned char)v;
				next++;
				if (pfn < 0)
					failed++;
				checksum = (checksum ^ (uint64_t)(int64_t)pfn) * 0x100000001b3ULL;
			} else {
				long h = -(long)v - 1;
				if (handles[h] >= 0) {
					free_one_page(handles[h], orders[h]);
					handles[h] = -1;
					frees++;
				}
			}
		}
		double ns = (now() - t0) / (n ? n : 1);
		printf("run %d: %.1f ns/op\n", r, ns);
		if (r == 1 || ns < best)
			best = ns;
	}
	printf("operations:         %ld\n", n);
	printf("allocations:        %ld\n", allocs);
	printf("failed allocations: %ld\n", failed);
	printf("frees:              %ld\n", frees);
	printf("checksum:           %016llx\n", (unsigned long long)checksum);
	printf("ns per operation:   %.1f (best of %d)\n", best, runs);
	return 0;
}
