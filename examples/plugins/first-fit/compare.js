// buddy=first-fit against buddy=linux: the same workloads on both page allocators.
//
// first-fit (this directory) keeps each zone's free frames as a sorted list of ranges and hands out the
// lowest 2^order-aligned run that fits. The buddy allocator keeps free blocks on per-order lists and takes
// the most recently freed block of the smallest order that fits. Both return naturally aligned blocks, so
// with the same free frames both can serve the same requests: what differs is WHERE they put each block,
// and that decides how fragmented memory becomes.
//
// buddyinfo() on first-fit shows its free ranges cut into the aligned power-of-two blocks a buddy
// allocator holding the same free frames would list, so the two machines' views compare directly.
//
// Run it with the plugin loaded (build it first: `mvn -o package` in examples/plugins/first-fit):
//   scripts/kmemlab run --plugins examples/plugins/first-fit/target examples/plugins/first-fit/compare.js

const MACHINE = { ram: "64M", debug: false };
const FIRST_FIT = { ...MACHINE, modules: { buddy: "first-fit" } };
const LINUX = { ...MACHINE, modules: { buddy: "linux" } };

// run fn on a fresh first-fit machine, then on a fresh buddy machine; fn must return plain values
function onBoth(fn) {
  machine(FIRST_FIT);
  expect(modules().buddy).toBe("first-fit");
  const ff = fn();
  machine(LINUX);
  expect(modules().buddy).toBe("linux");
  const linux = fn();
  return { ff, linux };
}

// every frame GFP_KERNEL can get (down to the watermarks), as order-0 pages sorted by pfn
function fillMemory() {
  const pages = [];
  for (let p; (p = alloc_page(GFP_KERNEL | __GFP_NOWARN)) !== null; ) pages.push(p);
  return pages.sort((a, b) => page_to_pfn(a) - page_to_pfn(b));
}

// the largest order GFP_KERNEL can still get (the block is given back), or -1
function largestOrder() {
  for (let order = MAX_ORDER - 1; order >= 0; order--) {
    const p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);
    if (p !== null) {
      __free_pages(p, order);
      return order;
    }
  }
  return -1;
}

// free kB according to buddyinfo: sum of count << order pages over every zone
function buddyinfoKb() {
  let pages = 0;
  for (const counts of Object.values(buddyinfo())) counts.forEach((n, order) => { pages += n * 2 ** order; });
  return pages * PAGE_SIZE / 1024;
}

test("where blocks land: the lowest address versus the most recently freed block", () => {
  const r = onBoth(() => {
    const big = page_to_pfn(alloc_pages(GFP_KERNEL, MAX_ORDER - 1));
    const pages = [];
    for (let i = 0; i < 64; i++) pages.push(alloc_page(GFP_KERNEL));
    const low = page_to_pfn(pages[10]);
    const high = page_to_pfn(pages[50]);
    __free_page(pages[10]);                  // its neighbours stay allocated: two lone free frames
    __free_page(pages[50]);
    return { big, low, high, next: page_to_pfn(alloc_page(GFP_KERNEL)) };
  });
  console.log(`order-${MAX_ORDER - 1} block: first-fit pfn ${r.ff.big}, buddy pfn ${r.linux.big}`);
  // first fit takes the lowest aligned 4 MiB; the buddy's order-10 list starts with the block freed last at boot
  expect(r.ff.big).toBeLessThan(r.linux.big);
  // a page request after two frees: first fit reuses the lower hole, the buddy the hole freed last (LIFO)
  expect(r.ff.next).toBe(r.ff.low);
  expect(r.linux.next).toBe(r.linux.high);
});

test("small requests: first fit splits a large free range that a buddy keeps whole", () => {
  const r = onBoth(() => {
    const pages = fillMemory();
    const pfn = i => page_to_pfn(pages[i]);
    // the lowest 512-aligned run of 512 pages we hold in DMA32: free it, an order-9 block
    const dma32 = zoneinfo().find(z => z.name === "DMA32").start_pfn;
    const start = pages.findIndex((p, i) => pfn(i) >= dma32 && pfn(i) % 512 === 0
      && i + 511 < pages.length && pfn(i + 511) === pfn(i) + 511);
    const region = pfn(start);
    for (let i = start; i < start + 512; i++) __free_page(pages[i]);
    // and 96 lone pages far above it (every 8th frame: their neighbours stay allocated)
    let lone = 0;
    for (let i = start + 4096; lone < 96; i++) {
      if (pfn(i) % 8 === 4 && pfn(i - 1) === pfn(i) - 1 && pfn(i + 1) === pfn(i) + 1) {
        __free_page(pages[i]);
        lone++;
      }
    }
    const before = buddyinfo().DMA32;
    // 32 page-sized requests: the buddy serves them from its order-0 list (the lone pages),
    // first fit from the lowest free range, the order-9 region
    const small = [];
    for (let i = 0; i < 32; i++) small.push(page_to_pfn(alloc_page(GFP_KERNEL)));
    const inRegion = small.filter(p => p >= region && p < region + 512).length;
    const after = buddyinfo().DMA32;
    const big = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 9);
    return { region, inRegion, before, after, big: big === null ? null : page_to_pfn(big) };
  });
  console.log("DMA32 buddyinfo before the 32 requests (same free frames on both):\n  " + JSON.stringify(r.ff.before));
  console.log("after, first-fit: " + JSON.stringify(r.ff.after));
  console.log("after, buddy:     " + JSON.stringify(r.linux.after));
  expect(r.ff.before).toEqual(r.linux.before);
  expect(r.ff.inRegion).toBe(32);             // first fit carved the order-9 region
  expect(r.ff.big).toBeNull();                // so an order-9 request now fails
  expect(r.linux.inRegion).toBe(0);           // the buddy used the lone pages (best fit by order)
  expect(r.linux.big).toBe(r.linux.region);   // and still has the order-9 block
});

test("the same fragmenting workload: order-0 and order-2 blocks, every other one freed", () => {
  const r = onBoth(() => {
    const held = [];
    for (let i = 0; ; i++) {
      const order = i % 3 === 2 ? 2 : 0;        // 0, 0, 2, 0, 0, 2, ...
      const p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);
      if (p === null) break;
      held.push([p, order]);
    }
    const full = meminfo().MemFree;
    for (let i = 0; i < held.length; i += 2) __free_pages(held[i][0], held[i][1]);
    return { blocks: held.length, full, free: meminfo().MemFree, viewKb: buddyinfoKb(),
      buddyinfo: buddyinfo(), largest: largestOrder() };
  });
  for (const [name, x] of [["first-fit", r.ff], ["buddy", r.linux]]) {
    console.log(`${name}: ${x.blocks} blocks until memory ran out, MemFree ${x.full} kB -> ${x.free} kB after`
      + ` freeing every other one; largest order still possible: ${x.largest}`);
    console.log("  " + JSON.stringify(x.buddyinfo));
  }
  // the same frames were allocated and freed...
  expect(r.ff.blocks).toBe(r.linux.blocks);
  expect(r.ff.free).toBe(r.linux.free);
  // ...and each buddyinfo accounts for all of them
  expect(r.ff.viewKb).toBe(r.ff.free);
  expect(r.linux.viewKb).toBe(r.linux.free);
  // but the blocks were placed differently, so the free memory is split up differently (on this 64M
  // machine first fit, packing from the bottom, keeps one order-7 block; the buddy's largest is order 6)
  expect(r.ff.buddyinfo).not.toEqual(r.linux.buddyinfo);
});
