// 03 — __get_free_pages() and the single-page macros.
//
// unsigned long __get_free_pages(gfp_t, order) = page_address(alloc_pages(gfp, order)):
// it returns the address directly (0 on failure). alloc_page(), __get_free_page(), __free_page()
// and free_page() are the order-0 forms.

test("__get_free_pages returns an address, free_pages takes it back", () => {
  const addr = __get_free_pages(GFP_KERNEL, 3);
  expect(addr).not.toBe(0n);
  expect(addr % BigInt(8 * PAGE_SIZE)).toBe(0n);   // aligned to the block size (physically, and so virtually)
  const page = virt_to_page(addr);
  expect(page._count).toBe(1);
  free_pages(addr, 3);
  expect(page._count).toBe(0);
});

test("the single-page macros", () => {
  const page = alloc_page(GFP_KERNEL);             // alloc_pages(gfp, 0)
  const addr = __get_free_page(GFP_KERNEL);        // __get_free_pages(gfp, 0)
  expect(page_address(page)).not.toBe(addr);
  __free_page(page);                               // __free_pages(page, 0)
  free_page(addr);                                 // free_pages(addr, 0)
});

test("memory through the direct map", () => {
  const addr = __get_free_page(GFP_KERNEL);
  writeq(addr, 0x1122334455667788n);
  expect(readq(addr)).toBe(0x1122334455667788n);
  expect(readb(addr)).toBe(0x88);                  // x86 is little-endian
  memset(addr + 8n, 0xab, 100);
  expect(memchr_inv(addr + 8n, 0xab, 100)).toBeNull();
  expect(memchr_inv(addr + 8n, 0xab, 101)).toBe(addr + 108n);
  free_page(addr);
});

test("running out is not a bug: NULL and a warning in the log", () => {
  machine({ ram: "64M" });
  let n = 0;
  while (alloc_pages(GFP_KERNEL, 4) !== null) n++;
  expect(n).toBeGreaterThan(100);
  expect(dmesg()).toMatch(/insmod: page allocation failure\. order:4, mode:0xd0/);
  expect(tainted()).toBe("");
});
