// A weak submission: it checks only __GFP_ZERO and that consecutive order-0 pages are buddies.

test("__GFP_ZERO gives zeroed memory", () => {
  const addr = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 1);
  expect(memchr_inv(addr, 0, 2 * PAGE_SIZE)).toBeNull();
});

test("two order-0 allocations are buddies", () => {
  const a = page_to_pfn(alloc_pages(GFP_KERNEL, 0));
  const b = page_to_pfn(alloc_pages(GFP_KERNEL, 0));
  expect(b).toBe(a ^ 1);
});

test("an allocation can be freed", () => {
  const p = alloc_pages(GFP_KERNEL, 2);
  expect(p).not.toBeNull();
  __free_pages(p, 2);
});
