// Graded (hidden): running out of memory returns NULL, not an exception; every page comes back.

test("exhaustion returns NULL and freeing gives every page back", () => {
  const free0 = meminfo().MemFree;
  const taken = [];
  for (;;) {
    const p = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 2);
    if (p === null) break;
    taken.push(p);
  }
  expect(taken.length).toBeGreaterThan(1000);
  expect(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 2)).toBeNull();
  for (const p of taken) __free_pages(p, 2);
  expect(meminfo().MemFree).toBe(free0);
  expect(alloc_pages(GFP_KERNEL, 10)).not.toBeNull();    // the big blocks are whole again
});

test("an order >= MAX_ORDER fails with NULL", () => {
  expect(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER)).toBeNull();
});
