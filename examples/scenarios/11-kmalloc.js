// 11 — kmalloc() and kfree(): bytes, not pages.
//
// The chapter ends with kmalloc(): memory in bytes, physically contiguous, for objects smaller than
// a page. Behind it sits a slab allocator — in 2.6.34 SLUB by default — that carves pages from the
// buddy allocator into objects of fixed size classes: kmalloc-8, -16, -32, -64, -96, -128, -192, -256 ...
// -8192. Larger requests go straight to the page allocator.

machine({ debug: false });   // plain production layout: no red zones, no poisoning (see 12 for those)

test("a request is rounded up to its size class", () => {
  const p = kmalloc(100, GFP_KERNEL);
  expect(ksize(p)).toBe(128);                 // kmalloc-128
  expect(ksize(kmalloc(65, GFP_KERNEL))).toBe(96);
  expect(ksize(kmalloc(129, GFP_KERNEL))).toBe(192);
  expect(ksize(kmalloc(1000, GFP_KERNEL))).toBe(1024);
  kfree(p);
});

test("objects live in slab pages taken from the buddy allocator", () => {
  const before = meminfo().Slab;
  const p = kmalloc(32, GFP_KERNEL);
  const page = virt_to_page(p);
  expect(PageSlab(page)).toBe(true);
  expect(meminfo().Slab).toBe(before + 4);     // one 4 kB page became a slab of 128 objects
  const q = kmalloc(32, GFP_KERNEL);
  expect(q).toBe(p + 32n);                     // the next object of the same slab
  console.log(proc("slabinfo").split("\n").filter(l => l.startsWith("kmalloc-32 ") || l.startsWith("# name")).join("\n"));
  kfree(p);
  kfree(q);
});

test("kmalloc(0), kfree(NULL), kzalloc, kcalloc", () => {
  expect(kmalloc(0, GFP_KERNEL)).toBe(ZERO_SIZE_PTR);  // 16n, not NULL: dereferencing it faults
  kfree(null);                                        // both are no-ops
  kfree(ZERO_SIZE_PTR);
  const z = kzalloc(200, GFP_KERNEL);
  expect(memchr_inv(z, 0, 200)).toBeNull();
  expect(kcalloc(2n ** 62n, 8, GFP_KERNEL)).toBeNull(); // n * size overflows: NULL, no allocation
});

test("more than two pages goes to the page allocator as a compound page", () => {
  const big = kmalloc(10000, GFP_KERNEL);
  const head = virt_to_page(big);
  expect(PageSlab(head)).toBe(false);
  expect(PageHead(head)).toBe(true);
  expect(ksize(big)).toBe(4 * PAGE_SIZE);      // order 2
  kfree(big);
});

test("a cache of your own, with a constructor", () => {
  let constructed = 0;
  const cache = kmem_cache_create("task_struct_lite", 120, 0, SLAB_HWCACHE_ALIGN, (obj) => {
    constructed++;
    writeq(obj, 0xc0ffeen);                    // the constructor runs once per object, when the slab is made
  });
  expect(cache.name).toBe("task_struct_lite");
  const obj = kmem_cache_alloc(cache, GFP_KERNEL);
  expect(readq(obj)).toBe(0xc0ffeen);
  console.log(`${constructed} objects constructed for one slab of ${cache.size}-byte objects`);
  kmem_cache_free(cache, obj);
  kmem_cache_destroy(cache);
});

test("without a constructor a cache may merge with a kmalloc cache", () => {
  const c = kmem_cache_create("my_64", 64, 0, 0, null);
  expect(c.name).toBe("kmalloc-64");           // SLUB's cache merging: no separate slabinfo line
});
