// Graded (hidden): a freed block merges with its free buddy, again and again (__free_one_page).

test("two order-0 buddies merge back into the block they came from", () => {
  const before = buddyinfo().DMA32;
  const a = alloc_pages(GFP_KERNEL, 0);
  const b = alloc_pages(GFP_KERNEL, 0);
  __free_pages(a, 0);
  __free_pages(b, 0);
  expect(buddyinfo().DMA32).toEqual(before);
});

test("freeing in any order restores the free lists", () => {
  const before = buddyinfo();
  const pages = [];
  for (const order of [3, 0, 2, 0, 1, 4, 0]) pages.push([alloc_pages(GFP_KERNEL, order), order]);
  for (const i of [4, 0, 6, 2, 5, 1, 3]) __free_pages(pages[i][0], pages[i][1]);
  expect(buddyinfo()).toEqual(before);
});

test("a page freed next to its free buddy is no longer a free head of its own", () => {
  const a = alloc_pages(GFP_KERNEL, 0);
  const b = alloc_pages(GFP_KERNEL, 0);
  __free_pages(a, 0);
  expect(PageBuddy(a)).toBe(true);
  __free_pages(b, 0);
  expect(PageBuddy(a) && PageBuddy(b)).toBe(false);
});
