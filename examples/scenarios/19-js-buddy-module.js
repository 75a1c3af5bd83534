// 19 — a buddy allocator written in JavaScript.
//
// The buddy slot can be filled by a JavaScript file instead of the built-in mm/page_alloc.c: the file exports
// alloc_pages, free_pages and nr_free, and works on the machine the way C code in the kernel would, through
// mem_map (page_count, PageBuddy, page_private), lists of pages over page->lru (LIST_HEAD, list_add,
// list_del) and the zones. examples/modules/buddy-simple.js is such a module, about 150 lines; here it runs
// the machine, and everything above the page allocator (kmalloc, vmalloc, /proc) works on top of it unchanged.
// A relative module path starts at the scenario file's directory. docs/js-modules.md has the whole contract;
// examples/modules/buddy-skeleton.js is the place to start writing your own.

machine({ ram: "128M", modules: { buddy: "../modules/buddy-simple.js" } });

/** The lowest order at or above `order` that has a free block. */
function lowestFree(counts, order) {
  for (let o = order; o < MAX_ORDER; o++) if (counts[o] > 0) return o;
  return -1;
}

test("the machine boots on the JavaScript module", () => {
  expect(modules().buddy).toBe("buddy-simple.js");
  console.log(proc("buddyinfo"));
  // boot handed every free frame over in MAX_ORDER blocks: most of DMA32 is order-10 blocks
  expect(buddyinfo().DMA32[10]).toBeGreaterThan(20);
  expect(dmesg()).toContain("mobility grouping off");
});

test("an allocation splits the smallest block that fits (expand)", () => {
  const before = buddyinfo().DMA32;
  const k = lowestFree(before, 0);
  const page = alloc_pages(GFP_KERNEL, 0);      // GFP_KERNEL: ZONE_NORMAL is empty on 128M, so DMA32
  expect(page_count(page)).toBe(1);
  expect(PageBuddy(page)).toBe(false);
  const after = buddyinfo().DMA32;
  console.log("before:", before.join(" "));
  console.log("after: ", after.join(" "));
  // the order-k block was split: one upper half left behind on every order below k
  for (let o = 0; o < k; o++) expect(after[o]).toBe(before[o] + 1);
  expect(after[k]).toBe(before[k] - 1);
  __free_pages(page, 0);
  expect(buddyinfo().DMA32).toEqual(before);      // and freeing merges it all back (__free_one_page)
});

test("buddies: the second half of a split is the next allocation, and the two merge again", () => {
  const before = buddyinfo().DMA32;
  const a = alloc_pages(GFP_KERNEL, 0);
  const b = alloc_pages(GFP_KERNEL, 0);
  expect(page_to_pfn(b)).toBe(page_to_pfn(a) ^ 1);  // buddy index: page_idx ^ (1 << order)
  __free_pages(a, 0);
  expect(PageBuddy(a)).toBe(true);                // a waits on the order-0 list for its buddy
  expect(page_private(a)).toBe(0);                // private = order of the free block
  __free_pages(b, 0);
  expect(PageBuddy(a) && PageBuddy(b)).toBe(false); // merged: neither is an order-0 head any more
  expect(buddyinfo().DMA32).toEqual(before);
});

test("zones: GFP_DMA comes from ZONE_DMA, and a large block from DMA32", () => {
  const dma = alloc_pages(GFP_DMA, 1);
  expect(page_zone(dma).name).toBe("DMA");
  const big = alloc_pages(GFP_KERNEL, 9);
  expect(page_zone(big).name).toBe("DMA32");
  expect(page_to_pfn(big) % 512).toBe(0);         // a buddy block is aligned to its size
  __free_pages(dma, 1);
  __free_pages(big, 9);
});

test("kmalloc, vmalloc and the /proc views run on top of it", () => {
  const free0 = meminfo().MemFree;
  const p = kmalloc(100, GFP_KERNEL);
  writel(p, 0x12345678);
  expect(readl(p)).toBe(0x12345678);
  const v = vmalloc(1 << 20);                     // 256 single pages from the JavaScript allocator
  writeq(v + 4096n, 42n);
  expect(readq(v + 4096n)).toBe(42n);
  expect(vmalloc_to_page(v)).not.toBeNull();
  expect(meminfo().MemFree).toBeLessThan(free0);
  expect(slabinfo().some((c) => c.name === "kmalloc-128" && c.active_objs > 0)).toBe(true);
  vfree(v);
  kfree(p);
  expect(proc("zoneinfo")).toContain("pages free");
});

test("the kernel's checks still catch misuse: a double free is a KernelBug", () => {
  const page = alloc_page(GFP_KERNEL);
  __free_page(page);
  expect(() => __free_page(page)).toThrow(KernelBug);
});

test("it hands out the same pages as buddy=linux (pcp and mobility off)", () => {
  function workload() {
    const a = alloc_pages(GFP_KERNEL, 3);
    const b = alloc_pages(GFP_KERNEL, 0);
    const c = alloc_pages(GFP_DMA, 2);
    __free_pages(b, 0);
    const d = alloc_pages(GFP_KERNEL, 1);
    return { pfns: [a, c, d].map(page_to_pfn), buddyinfo: buddyinfo() };
  }
  machine({ ram: "128M", modules: { buddy: "../modules/buddy-simple.js" } });
  const js = workload();
  machine({ ram: "128M", modules: { buddy: "linux" } });
  const c = workload();
  console.log("buddy-simple.js:", JSON.stringify(js.pfns), " buddy=linux:", JSON.stringify(c.pfns));
  expect(js).toEqual(c);
});
