// 04 — zeroed pages: get_zeroed_page() and __GFP_ZERO.
//
// A page fresh from the allocator holds whatever was there before. kmemlab fills memory nobody
// wrote with deterministic junk (seeded by the machine), so the difference is visible.

test("alloc_page gives junk, get_zeroed_page gives zeros", () => {
  const junk = __get_free_page(GFP_KERNEL);
  expect(memchr_inv(junk, 0, PAGE_SIZE)).not.toBeNull();   // some byte is not zero
  const zero = get_zeroed_page(GFP_KERNEL);                // __get_free_pages(gfp | __GFP_ZERO, 0)
  expect(memchr_inv(zero, 0, PAGE_SIZE)).toBeNull();
  free_page(junk);
  free_page(zero);
});

test("__GFP_ZERO zeroes every page of a larger block", () => {
  const addr = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 2);
  expect(memchr_inv(addr, 0, 4 * PAGE_SIZE)).toBeNull();
  free_pages(addr, 2);
});

test("freeing does not clear memory", () => {
  machine({ debug: false });             // with debug on, a freed page is unmapped (see 05)
  const addr = __get_free_page(GFP_KERNEL);
  writel(addr, 0xfeedface);
  free_page(addr);
  expect(readl(addr)).toBe(0xfeedface);  // stale data stays until somebody overwrites it
});

test("the junk depends on the seed", () => {
  machine({ seed: 1 });
  const a = readq(__get_free_page(GFP_KERNEL));
  machine({ seed: 1 });
  const b = readq(__get_free_page(GFP_KERNEL));
  machine({ seed: 2 });
  const c = readq(__get_free_page(GFP_KERNEL));
  expect(a).toBe(b);
  expect(a).not.toBe(c);
});
