// 17 — use after free, and who catches it: the MMU, or nobody.
//
// Freeing memory does not make it disappear. After __free_pages() the frame goes back to the buddy
// allocator, but the direct map still maps it, so a stale pointer reads and writes it happily — now
// someone else's memory. CONFIG_DEBUG_PAGEALLOC (debug: true) makes the MMU the checker: the direct
// map is built from 4 KiB pages and kernel_map_pages() clears the PTE of every freed page, so the first
// stale access page-faults ("BUG: unable to handle kernel paging request"). A production kernel maps RAM
// with 2 MiB pages that cannot be unmapped piecewise, and the bug goes unnoticed.
//
// vfree() has the same two faces, plus laziness. In 2.6.34 remove_vm_area() takes the area off the vmlist
// (it vanishes from /proc/vmallocinfo) and __vunmap() frees the pages, but the virtual range and its PTEs
// are only marked VM_LAZY_FREE: they are torn down in batches by __purge_vmap_area_lazy(), once more than
// lazy_max_pages() (32 MiB × fls(nr CPUs)) are waiting, to save TLB flushes. Until then a stale pointer
// reaches the freed pages. Debug kernels unmap at once (vmap_debug_free_range()).
// A second vfree() of the same address finds the lazily freed vmap_area still in the tree and walks off
// the end of the vmlist looking for its vm_struct: a NULL pointer oops. After the purge the area is gone
// and __vunmap() only says "Trying to vfree() nonexistent vm area" (a WARN; kmemlab reports it as a
// KernelBug so the scenario can see it, the kernel would carry on).

const hex = (x) => (x === null ? "null" : "0x" + x.toString(16));

test("debug: a freed page is unmapped, the stale read faults", () => {
  machine({ debug: true });
  const page = alloc_page(GFP_KERNEL);
  const addr = page_address(page);
  writeq(addr, 0x1122334455667788n);
  __free_page(page);
  expect(() => readq(addr)).toThrow(/^BUG: unable to handle kernel paging request at ffff88/);
  expect(translate(addr)).toBeNull();
  const pte = walk(addr).pop();
  expect(pte.name).toBe("pte");                                 // a 4 KiB mapping ...
  expect(pte.flags).not.toContain("present");                   // ... with the present bit cleared
  console.log(`stale PTE ${hex(pte.entry)}: ${pte.flags.join(",")}`);
  expect(tainted()).toContain("D");                             // the oops taints the kernel

  const again = alloc_page(GFP_KERNEL);                         // allocating maps it again
  expect(again).toBe(page);
  expect(translate(addr)).toBe(__pa(addr));
});

test("production: the same bug reads stale data, silently", () => {
  machine({ debug: false });
  const page = alloc_page(GFP_KERNEL);
  const addr = page_address(page);
  writeq(addr, 0x1122334455667788n);
  __free_page(page);
  expect(readq(addr)).toBe(0x1122334455667788n);                // no fault, old contents
  expect(page.flagNames).toContain("buddy");                    // although the page is free
  const last = walk(addr).pop();
  expect(last.name).toBe("pmd");                                // a 2 MiB page: nothing to unmap
  expect(last.flags).toContain("pse");

  const other = alloc_page(GFP_KERNEL);                         // the next user gets the very same frame
  expect(other).toBe(page);
  writeq(addr, 0n);                                             // and the stale pointer scribbles on it
  expect(readq(page_address(other))).toBe(0n);
  expect(tainted()).toBe("");                                   // nobody noticed
});

test("debug: vfree() unmaps at once", () => {
  machine({ debug: true });
  const v = vmalloc(2 * PAGE_SIZE);
  memset(v, 0x5a, 2 * PAGE_SIZE);
  vfree(v);
  expect(vmallocinfo()).toEqual([]);                            // gone from /proc/vmallocinfo
  expect(meminfo().VmallocUsed).toBe(0);
  expect(() => readb(v)).toThrow(/^BUG: unable to handle kernel paging request at ffffc90000000000/);
  // The address range itself is still reserved until the lazy purge: a new area goes after it.
  expect(vmalloc(PAGE_SIZE)).toBe(VMALLOC_START + 0x4000n);
});

test("production: vfree() leaves the PTEs until the lazy purge", () => {
  machine({ debug: false });
  const v = vmalloc(2 * PAGE_SIZE);
  memset(v, 0x5a, 2 * PAGE_SIZE);
  const page = vmalloc_to_page(v);
  vfree(v);
  expect(vmallocinfo()).toEqual([]);
  expect(page._count).toBe(0);                                  // the page went back to the buddy allocator ...
  expect(page.flagNames).toContain("buddy");
  expect(vmalloc_to_page(v)).toBe(page);                        // ... but the PTE still points at it
  expect(readb(v)).toBe(0x5a);                                  // use after vfree: no fault
  writeb(v, 0x42);                                              // writes into a free page: no fault either
  expect(readb(page_address(page))).toBe(0x42);

  purge_vmap_area_lazy();                                       // what the kernel does when enough piles up
  expect(translate(v)).toBeNull();
  expect(() => readb(v)).toThrow(/^BUG: unable to handle kernel paging request/);
  expect(vmalloc(PAGE_SIZE)).toBe(VMALLOC_START);               // and the range is free for first fit again
});

test("production: the purge runs by itself past lazy_max_pages()", () => {
  machine({ debug: false });
  const small = vmalloc(PAGE_SIZE);
  vfree(small);
  expect(translate(small)).not.toBeNull();                      // 2 lazy pages: nothing happens
  const big = vmalloc(32 << 20);
  vfree(big);                                                   // 8193 more (guard page included): over 8192
  expect(translate(small)).toBeNull();                          // both ranges were purged
  expect(translate(big)).toBeNull();
});

test("double vfree() before the purge: NULL pointer oops", () => {
  machine({ debug: false });
  const v = vmalloc(PAGE_SIZE);
  vfree(v);
  expect(() => vfree(v)).toThrow(/^BUG: unable to handle kernel NULL pointer dereference at \(null\)/);
  expect(tainted()).toContain("D");
});

test("double vfree() after the purge, or vfree() of a kmalloc pointer: a warning", () => {
  machine({ debug: false });
  const v = vmalloc(PAGE_SIZE);
  vfree(v);
  purge_vmap_area_lazy();
  expect(() => vfree(v)).toThrow(/^Trying to vfree\(\) nonexistent vm area \(ffffc90000000000\)/);
  const k = kmalloc(64, GFP_KERNEL);
  expect(() => vfree(k)).toThrow(/nonexistent vm area/);        // vfree is for vmalloc memory only
  expect(dmesg()).toMatch(/WARNING: at mm\/vmalloc\.c:\d+ __vunmap/);
  expect(tainted()).toBe("W");                                  // a warning, not an oops
  vfree(null);                                                  // vfree(NULL) is a no-op, like kfree(NULL)
});
