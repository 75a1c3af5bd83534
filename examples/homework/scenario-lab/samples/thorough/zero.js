// __GFP_ZERO: the block handed out is all zeros.

test("__GFP_ZERO zeroes every page of the block", () => {
  const dirty = __get_free_pages(GFP_KERNEL, 2);
  expect(memchr_inv(dirty, 0, 4 * PAGE_SIZE)).not.toBeNull();   // fresh memory is junk
  free_pages(dirty, 2);
  const addr = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 2);
  expect(memchr_inv(addr, 0, 4 * PAGE_SIZE)).toBeNull();
});
