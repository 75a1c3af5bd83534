// 08 — the machine as /proc shows it.
//
// proc(name) returns the text of /proc/NAME exactly as 2.6.34 prints it; buddyinfo(), meminfo(),
// zoneinfo() and vmstat() return the same numbers as objects, for assertions.

test("/proc/buddyinfo: free blocks per order and zone", () => {
  const text = proc("buddyinfo");
  console.log(text);
  expect(text).toMatch(/^Node 0, zone      DMA /);
  const before = buddyinfo();
  const page = alloc_pages(GFP_KERNEL, 10);           // one whole order-10 block
  expect(buddyinfo().DMA32[10]).toBe(before.DMA32[10] - 1);
  __free_pages(page, 10);
  expect(buddyinfo()).toEqual(before);
});

test("/proc/meminfo: MemFree in kB", () => {
  const before = meminfo();
  expect(before.MemTotal).toBeGreaterThan(before.MemFree - 1);
  const addr = __get_free_pages(GFP_KERNEL, 4);       // 16 pages = 64 kB
  expect(meminfo().MemFree).toBe(before.MemFree - 64);
  free_pages(addr, 4);
  expect(proc("meminfo")).toMatch(/^MemTotal: +\d+ kB\nMemFree: +\d+ kB\n/);
});

test("/proc/zoneinfo: watermarks and protection", () => {
  const zones = zoneinfo();
  const dma32 = zones.find(z => z.name === "DMA32");
  expect(dma32.min).toBeLessThan(dma32.low);
  expect(dma32.low).toBeLessThan(dma32.high);
  expect(dma32.present).toBeLessThan(dma32.spanned + 1);
  expect(proc("zoneinfo")).toMatch(/\n        protection: \(0, /);
});

test("/proc/vmstat counts pages allocated and freed", () => {
  const before = vmstat();
  const page = alloc_pages(GFP_KERNEL, 2);
  __free_pages(page, 2);
  const after = vmstat();
  expect(after.pgalloc_dma32).toBe(before.pgalloc_dma32 + 4);
  expect(after.pgfree).toBe(before.pgfree + 4);
});

test("/proc/pagetypeinfo", () => {
  machine({ mobility: true });
  const text = proc("pagetypeinfo");
  console.log(text);
  expect(text).toMatch(/^Page block order: 9\nPages per block:  512\n/);
  expect(text).toMatch(/type      Reserve /);
});
