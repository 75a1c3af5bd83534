// 14 — vmalloc() and kmalloc(): virtually contiguous versus physically contiguous.
//
// kmalloc() hands out memory from the direct map: the kernel maps all of (low) RAM at PAGE_OFFSET, so
// a kmalloc address is just "physical address + PAGE_OFFSET" (__pa() and virt_to_page() are plain
// arithmetic), and a multi-page kmalloc is one buddy block: its frames are physically consecutive.
//
// vmalloc() works the other way round. In 2.6.34 __vmalloc_area_node() asks the page allocator for
// one order-0 page at a time, wherever the buddy allocator finds it, and then writes PTEs so that the
// pages look contiguous in a separate range of kernel addresses, VMALLOC_START..VMALLOC_END. The
// frames behind a vmalloc area can be anywhere; only the page tables know where (vmalloc_to_page()).
//
// alloc_vmap_area() places areas first fit from VMALLOC_START. Every area is one page longer than asked
// (the guard page, never mapped) and 2.6.34's search loop also leaves one free page before the next
// area. /proc/vmallocinfo lists the areas with that guard page included in the size; meminfo sums them
// in VmallocUsed. Here we look at all of it on a 1 GiB x86_64 machine without CONFIG_DEBUG_PAGEALLOC.

machine({ debug: false });

const hex = (x) => (x === null ? "null" : "0x" + x.toString(16));
const PAGE = 4096n;

test("kmalloc: one buddy block, physically contiguous", () => {
  const k = kmalloc(4 * PAGE_SIZE, GFP_KERNEL);          // 16 KiB: an order-2 compound page
  expect(translate(k)).toBe(__pa(k));                     // the page tables agree with the arithmetic
  for (let i = 1n; i < 4n; i++) {
    expect(translate(k + i * PAGE)).toBe(translate(k) + i * PAGE);
    expect(virt_to_page(k + i * PAGE).pfn).toBe(virt_to_page(k).pfn + Number(i));
  }
  const pfn = virt_to_page(k).pfn;
  console.log(`kmalloc(16384) = ${hex(k)} -> physical ${hex(translate(k))}, pfns ${pfn}..${pfn + 3}`);
  kfree(k);
});

test("vmalloc: contiguous addresses, scattered frames", () => {
  // Fragment the buddy allocator a little: take 64 pages, give every other one back.
  const held = [];
  for (let i = 0; i < 64; i++) held.push(alloc_page(GFP_KERNEL));
  const holes = new Set();
  for (let i = 0; i < 64; i += 2) { holes.add(held[i].pfn); __free_page(held[i]); }

  const v = vmalloc(8 * PAGE_SIZE);
  expect(v).toBeGreaterThanOrEqual(VMALLOC_START);
  expect(v).toBeLessThan(VMALLOC_END);

  const pfns = [];
  for (let i = 0n; i < 8n; i++) {
    const pfn = vmalloc_to_pfn(v + i * PAGE);
    expect(vmalloc_to_page(v + i * PAGE).pfn).toBe(pfn);
    expect(translate(v + i * PAGE + 123n)).toBe(BigInt(pfn) * PAGE + 123n);  // page frame + offset
    pfns.push(pfn);
  }
  console.log(`vmalloc(32768) = ${hex(v)}, frames: ${pfns.join(" ")}`);
  const consecutive = pfns.every((pfn, i) => i === 0 || pfn === pfns[i - 1] + 1);
  expect(consecutive).toBe(false);                        // the holes we made were used one by one
  expect(pfns.every((pfn) => holes.has(pfn))).toBe(true); // every frame is one of the single free pages,
  expect(pfns).toEqual([...pfns].sort((x, y) => y - x));  // newest first: the order-0 free list is LIFO

  // Each frame is an ordinary order-0 page, also reachable through the direct map: two names, one frame.
  const page = vmalloc_to_page(v);
  expect(page._count).toBe(1);
  expect(PageHead(page)).toBe(false);
  writeb(v + 5n, 0x41);
  expect(readb(page_address(page) + 5n)).toBe(0x41);

  // The reverse is not true: a vmalloc address is not in the direct map, so __pa() is meaningless.
  expect(virt_addr_valid(v)).toBe(false);
  expect(__pa(v)).toBeGreaterThan(BigInt(meminfo().MemTotal) * 1024n); // "beyond RAM": plain garbage
  vfree(v);
});

test("on a fresh machine the frames happen to be in order: luck, not a promise", () => {
  const v = vmalloc(4 * PAGE_SIZE);
  const pfns = [0n, 1n, 2n, 3n].map((i) => vmalloc_to_pfn(v + i * PAGE));
  console.log(`fresh machine: ${pfns.join(" ")}`);    // the buddy allocator splits one block, low half first
  expect(pfns[3] - pfns[0]).toBe(3);
});

test("first fit from VMALLOC_START, a guard page after each area", () => {
  const a = vmalloc(4096);
  const b = vmalloc(4096);
  expect(a).toBe(VMALLOC_START);
  expect(b).toBe(VMALLOC_START + 0x3000n);               // a's page, a's guard page, one free page
  const c = vmalloc(10000);                               // 3 pages
  expect(c).toBe(VMALLOC_START + 0x6000n);

  console.log(proc("vmallocinfo"));
  const info = vmallocinfo();
  expect(info).toHaveLength(3);
  expect(info[2].start).toBe(c);
  expect(info[2].size).toBe(16384);                       // 3 pages + the guard page
  expect(info[2].pages).toBe(3);
  expect(info[2].flags).toContain("vmalloc");

  // The 10000 bytes end inside the third page; the rest of that page is reachable, the guard page is not.
  expect(() => readb(c + 10000n)).not.toThrow();
  expect(() => readb(c + 3n * PAGE - 1n)).not.toThrow();
  expect(() => readb(c + 3n * PAGE))
    .toThrow(/^BUG: unable to handle kernel paging request at ffffc90000009000/);
  expect(translate(c + 3n * PAGE)).toBeNull();
});

test("meminfo: VmallocTotal, VmallocUsed, VmallocChunk", () => {
  const before = meminfo();
  expect(before.VmallocTotal).toBe(Number((VMALLOC_END - VMALLOC_START) >> 10n)); // 34359738367 kB on x86_64
  expect(before.VmallocUsed).toBe(0);

  const a = vmalloc(4096);
  const c = vmalloc(10000);
  const m = meminfo();
  expect(m.VmallocUsed).toBe(8 + 16);                     // sizes as in /proc/vmallocinfo, guard pages included
  expect(m.VmallocChunk).toBe(Number((VMALLOC_END - (c + 16384n)) >> 10n)); // the free space after c
  console.log(proc("meminfo").split("\n").filter((l) => l.startsWith("Vmalloc")).join("\n"));
  vfree(a);
  vfree(c);
});

test("64 MiB: too big for kmalloc, easy for vmalloc", () => {
  expect(kmalloc(64 << 20, GFP_KERNEL | __GFP_NOWARN)).toBeNull();  // above KMALLOC_MAX_SIZE (4 MiB, order 10)
  const used = meminfo().VmallocUsed;
  const v = vmalloc(64 << 20);
  expect(v).not.toBeNull();
  // 16384 page pointers do not fit in a page, so __vmalloc_area_node() vmallocs the pages array too:
  // a second, 128 KiB area marked "vpages" on the big one.
  const info = vmallocinfo();
  console.log(proc("vmallocinfo"));
  expect(info[0].pages).toBe(16384);
  expect(info[0].flags).toContain("vpages");
  expect(info[1].size).toBe(128 * 1024 + 4096);
  expect(meminfo().VmallocUsed - used).toBe(65536 + 4 + 128 + 4);
  vfree(v);
});
